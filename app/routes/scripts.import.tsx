import {
  data,
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import type { ProblemDetail } from "~/domain/domain-error";
import { getAppContext } from "~/services/app-context.server";
import { requireUser } from "~/services/auth.server";
import { toHttpProblem } from "~/services/http.server";
import { importScript, MAX_IMPORT_BYTES } from "~/services/scripts.server";

export const meta: MetaFunction = () => [{ title: "Import a script · ScriptPilot" }];

const LIMIT_MB = MAX_IMPORT_BYTES / (1024 * 1024);

type ImportFailure = { message: string; problems: ProblemDetail[] };

function failure(status: number, message: string, problems: ProblemDetail[] = []) {
  return data<ImportFailure>({ message, problems }, { status });
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "writer");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  // Refuse oversized uploads before reading them.
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_IMPORT_BYTES + 64 * 1024) {
    return failure(
      413,
      `The file is too large (${(length / 1048576).toFixed(1)} MB); the limit is ${LIMIT_MB} MB.`,
    );
  }
  // After the size check: requireUser reads a copy of the form to find the CSRF token.
  await requireUser(request, "writer");
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMPORT_BYTES }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      return failure(413, `The file is too large; the limit is ${LIMIT_MB} MB.`);
    }
    return failure(400, "The upload could not be read. Choose the file again and retry.");
  }
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) {
    return failure(400, "Choose a script file (.json) to import.");
  }
  const { storage } = await getAppContext();
  try {
    const script = await importScript(storage, await file.text(), new Date().toISOString());
    return redirect(`/scripts/${script.id}?imported=1`);
  } catch (error) {
    const problem = toHttpProblem(error);
    return failure(problem.status, problem.message, problem.details);
  }
}

export default function ImportScript() {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Import a script</h1>
          <p className="lede">
            A ScriptPilot script file (.json), such as one exported from another ScriptPilot. It is checked in
            full first; nothing is stored unless it passes.
          </p>
        </div>
      </div>
      {result ? (
        <div className="alert" role="alert">
          <h2>The file was not imported</h2>
          <p>{result.message}</p>
          {result.problems.length > 0 ? (
            <ul aria-label="Problems">
              {result.problems.map((p, i) => (
                <li key={i}>
                  <strong>{p.path}</strong>: {p.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="card" style={{ maxWidth: "32rem" }}>
        <CsrfField />
        <div className="field">
          <label htmlFor="file">Script file (JSON)</label>
          <input id="file" name="file" type="file" accept=".json,application/json" required />
          <span className="hint">Up to {LIMIT_MB} MB.</span>
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? "Checking…" : "Import"}
          </button>
          <Link to="/">Cancel</Link>
        </div>
      </Form>
    </>
  );
}

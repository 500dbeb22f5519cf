import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { getAppContext } from "~/services/app-context.server";
import { requireUser } from "~/services/auth.server";
import { formInteger, formText, throwAsResponse, toHttpProblem } from "~/services/http.server";
import { getScript, renameScript } from "~/services/scripts.server";

export const meta: MetaFunction = () => [{ title: "Rename script · ScriptPilot" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "writer");
  const { storage } = await getAppContext();
  const script = await getScript(storage, params.id ?? "").catch(throwAsResponse);
  return { id: script.id, title: script.title, revision: script.revision };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireUser(request, "writer");
  const form = await request.formData();
  const { storage } = await getAppContext();
  try {
    const script = await renameScript(
      storage,
      params.id ?? "",
      formText(form, "title"),
      formInteger(form, "revision"),
      new Date().toISOString(),
    );
    return redirect(`/scripts/${script.id}`);
  } catch (error) {
    const problem = toHttpProblem(error);
    return data({ error: problem.message, status: problem.status }, { status: problem.status });
  }
}

export default function RenameScript() {
  const script = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>Rename script</h1>
      {result?.error ? (
        <div className="alert" role="alert">
          <h2>{result.status === 409 ? "Changed elsewhere" : "The title was not saved"}</h2>
          <p>{result.error}</p>
          {result.status === 409 ? (
            <p>
              <Link to=".">Reload to see the latest title</Link>
            </p>
          ) : null}
        </div>
      ) : null}
      <Form method="post" className="card" style={{ maxWidth: "32rem" }}>
        <CsrfField />
        <input type="hidden" name="revision" value={script.revision} />
        <div className="field">
          <label htmlFor="title">Title</label>
          <input id="title" name="title" type="text" defaultValue={script.title} required maxLength={200} />
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            Save title
          </button>
          <Link to={`/scripts/${script.id}`}>Cancel</Link>
        </div>
      </Form>
    </>
  );
}

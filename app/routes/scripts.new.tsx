import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { KindBadge } from "~/components/kind-badge";
import { LANGUAGES, languageName } from "~/domain/languages";
import { getAppContext } from "~/services/app-context.server";
import { requireUser } from "~/services/auth.server";
import { formText, toHttpProblem } from "~/services/http.server";
import { createBlankScript, createFromTemplate } from "~/services/scripts.server";
import { TEMPLATES } from "~/templates";

export const meta: MetaFunction = () => [{ title: "New script · ScriptPilot" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "writer");
  return {
    templates: TEMPLATES.map(({ id, name, summary, kind, language }) => ({
      id,
      name,
      summary,
      kind,
      language,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireUser(request, "writer");
  const form = await request.formData();
  const { storage } = await getAppContext();
  const now = new Date().toISOString();
  try {
    const script =
      formText(form, "intent") === "template"
        ? await createFromTemplate(storage, formText(form, "templateId"), now)
        : await createBlankScript(
            storage,
            {
              title: formText(form, "title"),
              kind: formText(form, "kind") === "survey" ? "survey" : "call-script",
              language: formText(form, "language"),
            },
            now,
          );
    return redirect(`/scripts/${script.id}`);
  } catch (error) {
    const problem = toHttpProblem(error);
    return data({ error: problem.message }, { status: problem.status });
  }
}

export default function NewScript() {
  const { templates } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";

  return (
    <>
      <div className="page-head">
        <div>
          <h1>New script</h1>
          <p className="lede">Start from a proven template, or from a blank page.</p>
        </div>
      </div>
      {result?.error ? (
        <div className="alert" role="alert">
          <h2>The script was not created</h2>
          <p>{result.error}</p>
        </div>
      ) : null}

      <h2 id="templates-heading">Templates</h2>
      <ul className="template-grid" aria-labelledby="templates-heading">
        {templates.map((t) => (
          <li key={t.id} className="card">
            <h3 lang={t.language}>{t.name}</h3>
            <div className="meta">
              <KindBadge kind={t.kind} />
              <span>{languageName(t.language)}</span>
            </div>
            <p lang={t.language}>{t.summary}</p>
            <Form method="post">
              <CsrfField />
              <input type="hidden" name="intent" value="template" />
              <input type="hidden" name="templateId" value={t.id} />
              <button type="submit" className="primary" disabled={busy} aria-label={`Use template ${t.name}`}>
                Use template
              </button>
            </Form>
          </li>
        ))}
      </ul>

      <h2 id="blank-heading">Blank script</h2>
      <Form method="post" className="card" aria-labelledby="blank-heading" style={{ maxWidth: "32rem" }}>
        <CsrfField />
        <input type="hidden" name="intent" value="blank" />
        <div className="field">
          <label htmlFor="title">Title</label>
          <input id="title" name="title" type="text" required maxLength={200} autoComplete="off" />
        </div>
        <fieldset>
          <legend>Kind</legend>
          <div className="radio-row">
            <label>
              <input type="radio" name="kind" value="call-script" defaultChecked /> Call script
            </label>
            <label>
              <input type="radio" name="kind" value="survey" /> Survey
            </label>
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor="language">Language</label>
          <select id="language" name="language" defaultValue="en">
            {LANGUAGES.map((l) => (
              <option key={l.tag} value={l.tag}>
                {l.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="primary" disabled={busy}>
          Create blank script
        </button>
      </Form>
    </>
  );
}

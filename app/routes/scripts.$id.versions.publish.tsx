import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { checkScript, summarizeFindings } from "~/domain/graph-checks";
import { diffScripts } from "~/domain/versions/diff";
import { latestVersion, MAX_MESSAGE_LENGTH } from "~/domain/versions/version-rules";
import { VERSION_ACTION_ROLES } from "~/domain/versions/version-types";
import { getAppContext } from "~/services/app-context.server";
import { requireUser } from "~/services/auth.server";
import { formInteger, formText, throwAsResponse, toHttpProblem } from "~/services/http.server";
import { getScript } from "~/services/scripts.server";
import { listVersions, publishDraft } from "~/services/versions.server";
import versionsCss from "~/styles/versions.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: versionsCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Publish a version of ${data.title} · ScriptPilot` : "Publish a version · ScriptPilot" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, ...VERSION_ACTION_ROLES.publish);
  const { storage } = await getAppContext();
  const script = await getScript(storage, params.id ?? "").catch(throwAsResponse);
  const latest = latestVersion(await listVersions(storage, script.id));
  return {
    id: script.id,
    title: script.title,
    revision: script.revision,
    checks: summarizeFindings(checkScript(script)),
    latest: latest
      ? {
          number: latest.number,
          unchanged: latest.basedOnRevision === script.revision,
          changes: diffScripts(latest.script, script).total,
        }
      : undefined,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, ...VERSION_ACTION_ROLES.publish);
  const form = await request.formData();
  const { storage } = await getAppContext();
  const scriptId = params.id ?? "";
  try {
    const version = await publishDraft(
      storage,
      scriptId,
      { message: formText(form, "message"), expectedDraftRevision: formInteger(form, "revision") },
      user,
      new Date().toISOString(),
    );
    return redirect(`/scripts/${scriptId}/versions/${version.number}?published=1`);
  } catch (error) {
    if (error instanceof Response) throw error;
    const problem = toHttpProblem(error);
    return data({ error: problem.message }, { status: problem.status });
  }
}

export default function PublishVersion() {
  const script = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const next = (script.latest?.number ?? 0) + 1;
  return (
    <section
      className="card publish-dialog"
      role="dialog"
      aria-labelledby="publish-heading"
      aria-modal="false"
    >
      <h1 id="publish-heading">
        Publish version {next} of “{script.title}”
      </h1>
      <p>
        Publishing freezes the draft as it is saved now (revision {script.revision}) into version {next}. The
        draft keeps evolving; the version never changes. Then request a review so an approver can approve it.
      </p>
      {script.checks.errors > 0 ? (
        <p className="alert" role="note">
          The draft has {script.checks.errors} check error{script.checks.errors === 1 ? "" : "s"}. You can
          publish it for comments, but it cannot be approved until they are fixed.
        </p>
      ) : null}
      {script.latest ? (
        <p className="meta">
          {script.latest.unchanged
            ? `Version ${script.latest.number} already holds this draft.`
            : `${script.latest.changes} change${script.latest.changes === 1 ? "" : "s"} since version ${script.latest.number}.`}{" "}
          <Link to={`/scripts/${script.id}/diff?from=${script.latest.number}&to=draft`}>See the changes</Link>
        </p>
      ) : null}
      {result?.error ? (
        <p className="alert" role="alert">
          {result.error}
        </p>
      ) : null}
      <Form method="post">
        <CsrfField />
        <input type="hidden" name="revision" value={script.revision} />
        <div className="field">
          <label htmlFor="publish-message">
            Message <span className="hint">what changed and why (shown in the history)</span>
          </label>
          <textarea
            id="publish-message"
            name="message"
            required
            maxLength={MAX_MESSAGE_LENGTH}
            rows={3}
            // The page exists only to write this message.
            // eslint-disable-next-line jsx-a11y/no-autofocus
            autoFocus
          />
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? "Publishing…" : `Publish version ${next}`}
          </button>
          <Link to={`/scripts/${script.id}`}>Cancel</Link>
        </div>
      </Form>
    </section>
  );
}

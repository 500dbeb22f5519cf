import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DateTime } from "~/components/date-time";
import { reviewStateOf } from "~/domain/versions/review-state";
import { hasRole } from "~/domain/versions/version-rules";
import { requireUser } from "~/services/auth.server";
import { getAppContext } from "~/services/app-context.server";
import { throwAsResponse } from "~/services/http.server";
import { getScript } from "~/services/scripts.server";
import { listVersions, userNames } from "~/services/versions.server";
import versionsCss from "~/styles/versions.css";
import { ReviewStateBadge, VersionStatusBadge } from "~/versions/status-badge";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: versionsCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Versions of ${data.script.title} · ScriptPilot` : "Versions · ScriptPilot" },
];

const ACTION_WORDS = {
  published: "Published",
  "review-requested": "Review requested",
  approved: "Approved",
  rejected: "Rejected",
  withdrawn: "Approval withdrawn",
  superseded: "Superseded",
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { storage } = await getAppContext();
  const script = await getScript(storage, params.id ?? "").catch(throwAsResponse);
  const [versions, names] = await Promise.all([listVersions(storage, script.id), userNames(storage)]);
  return {
    script: { id: script.id, title: script.title, revision: script.revision, updatedAt: script.updatedAt },
    state: reviewStateOf(versions),
    // The frozen scripts stay on the server: the history lists who, when and why.
    versions: versions.map(({ script: _frozen, ...rest }) => rest),
    names,
    canPublish: hasRole(user, "publish"),
  };
}

export default function VersionHistory() {
  const { script, state, versions, names, canPublish } = useLoaderData<typeof loader>();
  const nameOf = (id: string) => names[id] ?? id;
  const latest = versions[0];
  return (
    <div className="versions-page">
      <nav aria-label="Breadcrumb" className="meta">
        <Link to="/">Scripts</Link> › <Link to={`/scripts/${script.id}`}>{script.title}</Link> › Versions
      </nav>
      <div className="page-head">
        <div>
          <h1>Versions of “{script.title}”</h1>
          <div className="meta">
            <ReviewStateBadge state={state} />
            <span>
              Draft at revision {script.revision}, changed <DateTime iso={script.updatedAt} />
            </span>
          </div>
        </div>
        <div className="actions">
          {latest ? (
            <Link className="button" to={`/scripts/${script.id}/diff?from=${latest.number}&to=draft`}>
              Compare draft with v{latest.number}
            </Link>
          ) : null}
          {canPublish ? (
            <Link className="button primary" to={`/scripts/${script.id}/versions/publish`}>
              Publish version
            </Link>
          ) : null}
        </div>
      </div>
      {versions.length === 0 ? (
        <div className="card empty">
          <h2>No versions yet</h2>
          <p>
            A version freezes the draft with a message saying why. Publish one to send it for review; only an
            approved version can be exported or piloted.
          </p>
        </div>
      ) : (
        <ol className="version-list" aria-label="Version history, newest first">
          {versions.map((v) => (
            <li key={v.id} className="card version-row" data-status={v.status}>
              <h2>
                <Link to={`/scripts/${script.id}/versions/${v.number}`}>Version {v.number}</Link>{" "}
                <VersionStatusBadge status={v.status} />
              </h2>
              <p className="version-message">{v.message}</p>
              <ul className="version-history" aria-label={`History of version ${v.number}`}>
                {v.history.map((h, i) => (
                  <li key={i}>
                    {ACTION_WORDS[h.action]} by {nameOf(h.by)}, <DateTime iso={h.at} />
                    {h.supersededBy ? ` (version ${h.supersededBy} approved)` : ""}
                    {h.reason ? <q className="reason">{h.reason}</q> : null}
                  </li>
                ))}
              </ul>
              <div className="actions">
                <Link className="button small" to={`/scripts/${script.id}/versions/${v.number}`}>
                  Open
                </Link>
                <a className="button small" href={`/scripts/${script.id}/run?version=${v.number}`}>
                  Run in preview
                </a>
                {v.number > 1 ? (
                  <Link
                    className="button small"
                    to={`/scripts/${script.id}/diff?from=${v.number - 1}&to=${v.number}`}
                  >
                    Changes since v{v.number - 1}
                  </Link>
                ) : null}
              </div>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

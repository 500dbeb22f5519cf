import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useRef } from "react";
import { DateTime } from "~/components/date-time";
import { CsrfField } from "~/components/csrf-field";
import { ChecksBadge, KindBadge } from "~/components/kind-badge";
import { languageName } from "~/domain/languages";
import { getAppContext } from "~/services/app-context.server";
import { grantsAny } from "~/domain/users/roles";
import { requireUser } from "~/services/auth.server";
import { listScripts, type ScriptQuery } from "~/services/scripts.server";
import { reviewStatesByScript } from "~/services/versions.server";
import { ReviewStateBadge } from "~/versions/status-badge";
import versionsCss from "~/styles/versions.css";

const DRAFT_STATE = { status: "draft", label: "Draft" } as const;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: versionsCss }];

export const meta: MetaFunction = () => [{ title: "Scripts · ScriptPilot" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // Buttons for changes are shown to writers only; the routes behind them check the role again.
  const canWrite = grantsAny(user.roles, ["writer"]);
  const url = new URL(request.url);
  const query = parseQuery(url.searchParams);
  const { storage } = await getAppContext();
  const [scripts, total, reviewStates] = await Promise.all([
    listScripts(storage, query),
    storage.list("scripts").then((all) => all.length),
    reviewStatesByScript(storage),
  ]);
  return { scripts, total, query, reviewStates, canWrite };
}

function parseQuery(params: URLSearchParams): ScriptQuery {
  const kind = params.get("kind");
  const sort = params.get("sort");
  return {
    q: params.get("q") ?? "",
    kind: kind === "call-script" || kind === "survey" ? kind : undefined,
    sort: sort === "title" ? "title" : "updated",
  };
}

export default function Library() {
  const { scripts, total, query, reviewStates, canWrite } = useLoaderData<typeof loader>();
  const submit = useSubmit();
  const searchTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const navigation = useNavigation();
  const filtered = Boolean(query.q || query.kind);

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Scripts</h1>
          <p className="lede">Call scripts and phone surveys, from first draft to the approved version.</p>
        </div>
        {canWrite ? (
          <div className="actions">
            <Link className="button" to="/scripts/import">
              Import
            </Link>
            <Link className="button primary" to="/scripts/new">
              New script
            </Link>
          </div>
        ) : null}
      </div>

      <Form
        method="get"
        className="filters"
        role="search"
        onChange={(e) => {
          // Filters apply as they change; typing waits for a pause so each key does not start a request.
          const form = e.currentTarget;
          clearTimeout(searchTimer.current);
          const delay = (e.target as HTMLElement).id === "q" ? 300 : 0;
          searchTimer.current = setTimeout(() => submit(form, { replace: true }), delay);
        }}
        onSubmit={() => clearTimeout(searchTimer.current)}
      >
        <div className="field">
          <label htmlFor="q">Search scripts</label>
          <input id="q" type="search" name="q" defaultValue={query.q} placeholder="Title or tag" />
        </div>
        <div className="field">
          <label htmlFor="kind">Kind</label>
          <select id="kind" name="kind" defaultValue={query.kind ?? ""}>
            <option value="">All kinds</option>
            <option value="call-script">Call scripts</option>
            <option value="survey">Surveys</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="sort">Sort by</label>
          <select id="sort" name="sort" defaultValue={query.sort}>
            <option value="updated">Last changed</option>
            <option value="title">Title</option>
          </select>
        </div>
        <button type="submit">Apply</button>
      </Form>

      {scripts.length === 0 ? (
        <div className="card empty">
          {filtered && total > 0 ? (
            <>
              <h2>No scripts match</h2>
              <p>
                Nothing matches these filters. <Link to="/">Show all {total} scripts</Link>.
              </p>
            </>
          ) : (
            <>
              <h2>No scripts yet</h2>
              {canWrite ? (
                <>
                  <p>Start from a template or a blank page, or import a script file.</p>
                  <p className="actions" style={{ justifyContent: "center" }}>
                    <Link className="button primary" to="/scripts/new">
                      New script
                    </Link>
                    <Link className="button" to="/scripts/import">
                      Import
                    </Link>
                  </p>
                </>
              ) : (
                <p>Writers create and import scripts; they will be listed here.</p>
              )}
            </>
          )}
        </div>
      ) : (
        <ul className="script-list" aria-label="Scripts" aria-busy={navigation.state === "loading"}>
          {scripts.map((s) => (
            <li key={s.id} className="card script-row">
              <div>
                <h2>
                  <Link to={`/scripts/${s.id}`}>{s.title}</Link>
                </h2>
                <div className="meta">
                  <KindBadge kind={s.kind} />
                  <span lang={s.language}>{languageName(s.language)}</span>
                  <span>{s.nodeCount} steps</span>
                  <ChecksBadge errors={s.errors} warnings={s.warnings} />
                  <ReviewStateBadge state={reviewStates[s.id] ?? DRAFT_STATE} />
                  <span>
                    Changed <DateTime iso={s.updatedAt} />
                  </span>
                </div>
              </div>
              <div className="actions">
                {canWrite ? (
                  <>
                    <Link
                      className="button small"
                      to={`/scripts/${s.id}/rename`}
                      aria-label={`Rename ${s.title}`}
                    >
                      Rename
                    </Link>
                    <Form method="post" action={`/scripts/${s.id}/duplicate`}>
                      <CsrfField />
                      <button type="submit" className="small" aria-label={`Duplicate ${s.title}`}>
                        Duplicate
                      </button>
                    </Form>
                  </>
                ) : null}
                <a
                  className="button small"
                  href={`/scripts/${s.id}/export`}
                  download
                  aria-label={`Export ${s.title}`}
                >
                  Export
                </a>
                {canWrite ? (
                  <Link
                    className="button small"
                    to={`/scripts/${s.id}/delete`}
                    aria-label={`Delete ${s.title}`}
                  >
                    Delete
                  </Link>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useMemo } from "react";
import { useHydrated } from "~/components/use-hydrated";
import { editorStyles } from "~/editor/editor-styles";
import { problemMarkersOf } from "~/editor/live-checks";
import { ScriptEditor } from "~/editor/script-editor";
import { CsrfField } from "~/components/csrf-field";
import { DateTime } from "~/components/date-time";
import { FindingsList } from "~/components/findings-list";
import { KindBadge } from "~/components/kind-badge";
import { RichTextView } from "~/components/rich-text-view";
import { ScriptOutline } from "~/components/script-outline";
import { checkScript } from "~/domain/graph-checks";
import { languageName } from "~/domain/languages";
import { getAppContext } from "~/services/app-context.server";
import { requireUser } from "~/services/auth.server";
import { throwAsResponse } from "~/services/http.server";
import type { Script } from "~/domain/script-types";
import { readScript } from "~/services/scripts.server";
import { reviewStateOfScript } from "~/services/versions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.title} · ScriptPilot` : "Script · ScriptPilot" },
];

export const links: LinksFunction = () => editorStyles.map((href) => ({ rel: "stylesheet", href }));

export const handle = { fullWidth: true };

/** Steps rendered in the server outline before "show all": keeps large scripts quick to open. */
const OUTLINE_LIMIT = 60;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const { storage } = await getAppContext();
  const id = params.id ?? "";
  const [script, reviewState] = await Promise.all([
    readScript(storage, id).catch(throwAsResponse),
    reviewStateOfScript(storage, id),
  ]);
  // The script goes out as one JSON string, not as an object: Remix's turbo-stream encoding walks every
  // value of a 1,000-step script (about 130 ms on the server and as much again decoding in the browser),
  // where JSON.stringify and JSON.parse take a few milliseconds. The title rides along for the page title.
  const scriptJson = JSON.stringify(script);
  const findings = checkScript(script);
  lastSent = { scriptJson, script };
  // The review state rides along for the toolbar (a separate request would re-render the editor on arrival).
  return {
    title: script.title,
    scriptJson,
    findings,
    // The graph checks' markers, so the canvas shows them from its first paint; the browser adds the
    // speaking-time and opener warnings when it runs the live checks once the canvas is up.
    problems: Object.fromEntries(problemMarkersOf(findings)),
    reviewState,
  };
}

/**
 * The script the server just sent: rendering the page on the server reuses the object the loader read
 * (parsing its JSON text again costs as much as writing it); the browser parses the text.
 */
let lastSent: { scriptJson: string; script: Script } | null = null;

/** The loader's script. It was validated on its way out of storage a moment ago, so it is not re-checked. */
export function scriptOf(data: { scriptJson: string }): Script {
  if (lastSent?.scriptJson === data.scriptJson) return lastSent.script;
  const script: Script = JSON.parse(data.scriptJson);
  return script;
}

function useScript(): Script {
  const { scriptJson } = useLoaderData<typeof loader>();
  return useMemo(() => scriptOf({ scriptJson }), [scriptJson]);
}

// The canvas runs in the browser only; until the page is hydrated (or without JavaScript) the outline is
// shown. The editor is imported with the route, not lazily: Remix then preloads its code with the page's
// own, instead of starting to fetch it only after hydration.
export default function ScriptPage() {
  const script = useScript();
  const { reviewState, problems } = useLoaderData<typeof loader>();
  const hydrated = useHydrated();
  if (!hydrated) {
    // The browser keeps the server's outline as it is for the moment before the canvas replaces it:
    // hydrating 150 steps only to drop them right away cost a large script's open time. An element with
    // dangerouslySetInnerHTML is not hydrated into; its plain links and forms work without React.
    if (typeof document !== "undefined")
      return <div {...OUTLINE_SHELL} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: "" }} />;
    return (
      <div {...OUTLINE_SHELL}>
        <ScriptOutlinePage script={script} />
      </div>
    );
  }
  return (
    <ScriptEditor
      key={`${script.id}:${script.revision}`}
      script={script}
      reviewState={reviewState}
      problems={problems}
    />
  );
}

const OUTLINE_SHELL = { "data-outline-shell": "" } as const;

function ScriptOutlinePage({ script }: { script: Script }) {
  const { findings } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const showAll = params.get("outline") === "all";
  return (
    <div className="outline-page">
      {params.get("imported") ? (
        <p className="notice" role="status">
          Imported “{script.title}”.
        </p>
      ) : null}
      <div className="page-head">
        <div>
          <h1 lang={script.language}>{script.title}</h1>
          <div className="meta">
            <KindBadge kind={script.kind} />
            <span>{languageName(script.language)}</span>
            <span>{script.nodes.length} steps</span>
            <span>
              Changed <DateTime iso={script.updatedAt} />
            </span>
            <span>Revision {script.revision}</span>
          </div>
          {script.description ? <p className="lede">{script.description}</p> : null}
        </div>
        <div className="actions">
          <Link className="button small" to={`/scripts/${script.id}/rename`}>
            Rename
          </Link>
          <Form method="post" action={`/scripts/${script.id}/duplicate`}>
            <CsrfField />
            <button type="submit" className="small">
              Duplicate
            </button>
          </Form>
          <a className="button small" href={`/scripts/${script.id}/export`} download>
            Export JSON
          </a>
          <Link className="button small" to={`/scripts/${script.id}/delete`}>
            Delete
          </Link>
          <Link className="button small" to={`/scripts/${script.id}/versions`}>
            Versions
          </Link>
          <Link className="button small" to={`/scripts/${script.id}/run`}>
            Preview call
          </Link>
          <Link className="button small" to={`/scripts/${script.id}/calls`}>
            Preview calls
          </Link>
        </div>
      </div>

      <div className="two-col">
        <section aria-labelledby="outline-heading" lang={script.language}>
          <h2 id="outline-heading">Outline</h2>
          <ScriptOutline script={script} limit={showAll ? undefined : OUTLINE_LIMIT} />
          {!showAll && script.nodes.length > OUTLINE_LIMIT ? (
            <p>
              Showing the first {OUTLINE_LIMIT} of {script.nodes.length} steps.{" "}
              <Link to="?outline=all">Show the whole outline</Link>
            </p>
          ) : null}
        </section>
        <aside>
          <section aria-labelledby="checks-heading">
            <h2 id="checks-heading">Checks</h2>
            <FindingsList findings={findings} />
          </section>
          <section aria-labelledby="fields-heading">
            <h2 id="fields-heading">Merge fields</h2>
            {script.variables.length === 0 ? (
              <p className="meta">None declared.</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th scope="col">Field</th>
                    <th scope="col">Sample</th>
                  </tr>
                </thead>
                <tbody>
                  {script.variables.map((v) => (
                    <tr key={v.key}>
                      <td>
                        <span className="merge-field">{v.key}</span> {v.label}
                        {v.required ? " (required)" : ""}
                      </td>
                      <td lang={script.language}>{v.sample}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section aria-labelledby="objections-heading" lang={script.language}>
            <h2 id="objections-heading">Objections</h2>
            {script.objections.length === 0 ? (
              <p className="meta">No prepared answers to objections yet.</p>
            ) : (
              <ul className="outline">
                {script.objections.map((o) => (
                  <li key={o.id} className="card">
                    <h3>{o.label}</h3>
                    <RichTextView doc={o.reply} />
                    <p className="meta">
                      Then:{" "}
                      {o.then.action === "return"
                        ? "back to where it was raised"
                        : o.then.action === "goto"
                          ? `go to ${o.then.target}`
                          : `end: ${o.then.outcome.label}`}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </aside>
      </div>
    </div>
  );
}

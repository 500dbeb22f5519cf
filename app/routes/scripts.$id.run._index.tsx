import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useNavigate } from "@remix-run/react";
import { useState } from "react";
import { useHydrated } from "~/components/use-hydrated";
import { isDomainError } from "~/domain/domain-error";
import { NODE_KIND_LABELS, nodeDisplayName } from "~/domain/node-summary";
import { readingOrder } from "~/domain/reading-order";
import { sampleMergeValues } from "~/domain/run/merge-values";
import { beginRun, newCallId } from "~/run/run-storage";
import { requireUser } from "~/services/auth.server";
import { getAppContext } from "~/services/app-context.server";
import { throwAsResponse } from "~/services/http.server";
import { getScript } from "~/services/scripts.server";
import runCss from "~/styles/run.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: runCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Preview call: ${data.script.title} · ScriptPilot` : "Preview call · ScriptPilot" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "writer");
  const { storage } = await getAppContext();
  const script = await getScript(storage, params.id ?? "").catch(throwAsResponse);
  const from = new URL(request.url).searchParams.get("from") ?? "";
  const fromNode = from ? script.nodes.find((n) => n.id === from) : undefined;
  return {
    script,
    agent: user.id,
    from: fromNode?.id ?? "",
    unknownFrom: from && !fromNode ? from : "",
  };
}

/**
 * A writer rehearses the draft: choose sample values for the merge fields (the script's samples by default)
 * and where to start, then run the call as an agent would. Preview calls are kept apart from real ones.
 */
export default function PreviewSetup() {
  const { script, agent, from, unknownFrom } = useLoaderData<typeof loader>();
  const hydrated = useHydrated();
  const navigate = useNavigate();
  const [error, setError] = useState<string>();
  const samples = sampleMergeValues(script);
  const steps = readingOrder(script).filter((n) => n.kind !== "start");

  const start = (form: HTMLFormElement) => {
    const data = new FormData(form);
    const mergeValues: Record<string, string> = {};
    for (const v of script.variables) {
      const value = data.get(`var:${v.key}`);
      if (typeof value === "string" && value.trim() !== "") mergeValues[v.key] = value.trim();
    }
    const startNodeId = String(data.get("from") ?? "");
    const callId = newCallId();
    try {
      beginRun(window.localStorage, script, {
        callId,
        agent,
        source: { kind: "draft", revision: script.revision },
        preview: true,
        mergeValues,
        ...(startNodeId ? { startNodeId } : {}),
        now: { at: new Date().toISOString(), offsetMs: 0 },
      });
    } catch (e) {
      if (!isDomainError(e)) throw e;
      setError(e.message);
      return;
    }
    navigate(`/scripts/${script.id}/run/${callId}`);
  };

  return (
    <div className="run-setup">
      <nav aria-label="Breadcrumb" className="meta">
        <Link to="/">Scripts</Link> › <Link to={`/scripts/${script.id}`}>{script.title}</Link> › Preview call
      </nav>
      <div className="page-head">
        <div>
          <h1>Preview call: “{script.title}”</h1>
          <p className="lede">
            Rehearse the draft (revision {script.revision}) as an agent would. Preview calls are kept apart
            from real calls and can be cleared.
          </p>
        </div>
        <div className="actions">
          <Link className="button small" to={`/scripts/${script.id}/calls`}>
            Preview calls
          </Link>
        </div>
      </div>
      {unknownFrom ? (
        <p className="alert" role="alert">
          There is no step “{unknownFrom}” in this script (it may have been deleted), so the call starts at
          the start.
        </p>
      ) : null}
      {error ? (
        <p className="alert" role="alert">
          {error}
        </p>
      ) : null}
      <form
        className="card"
        aria-label="Start a preview call"
        onSubmit={(e) => {
          e.preventDefault();
          start(e.currentTarget);
        }}
      >
        <h2>Merge fields</h2>
        {script.variables.length === 0 ? (
          <p className="meta">This script has no merge fields.</p>
        ) : (
          script.variables.map((v) => (
            <div className="field" key={v.key}>
              <label htmlFor={`var-${v.key}`}>
                {v.label}{" "}
                <span className="hint">
                  {`{{${v.key}}}`}
                  {v.fallback
                    ? `; left empty, the agent reads “${v.fallback}”`
                    : "; left empty, the agent sees a placeholder"}
                </span>
              </label>
              <input
                id={`var-${v.key}`}
                name={`var:${v.key}`}
                defaultValue={samples[v.key] ?? ""}
                maxLength={500}
              />
            </div>
          ))
        )}
        <div className="field">
          <label htmlFor="run-from">Start from</label>
          <select id="run-from" name="from" defaultValue={from}>
            <option value="">The start of the script</option>
            {steps.map((n) => (
              <option key={n.id} value={n.id}>
                {NODE_KIND_LABELS[n.kind]}: {nodeDisplayName(n, 70)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="primary" disabled={!hydrated}>
          Start preview call
        </button>
        {hydrated ? null : (
          <p className="hint">Run mode needs JavaScript; it starts once the page has loaded.</p>
        )}
      </form>
    </div>
  );
}

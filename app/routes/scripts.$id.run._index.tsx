import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useNavigate } from "@remix-run/react";
import { useState } from "react";
import { useHydrated } from "~/components/use-hydrated";
import { isDomainError } from "~/domain/domain-error";
import { NODE_KIND_LABELS, nodeDisplayName } from "~/domain/node-summary";
import { readingOrder } from "~/domain/reading-order";
import { sampleMergeValues } from "~/domain/run/merge-values";
import { beginRun, newCallId } from "~/run/run-storage";
import { loadRunScript } from "~/run/run-script.server";
import runCss from "~/styles/run.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: runCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `Preview call: ${data.script.title}${data.versionNumber ? ` (version ${data.versionNumber})` : ""} · ScriptPilot`
      : "Preview call · ScriptPilot",
  },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, script, source, versionNumber } = await loadRunScript(request, params.id ?? "");
  const from = new URL(request.url).searchParams.get("from") ?? "";
  const fromNode = from ? script.nodes.find((n) => n.id === from) : undefined;
  return {
    script,
    source,
    versionNumber: versionNumber ?? null,
    agent: user.id,
    from: fromNode?.id ?? "",
    unknownFrom: from && !fromNode ? from : "",
  };
}

/**
 * A writer rehearses the draft (or, with ?version=<n>, a writer, lead or approver rehearses that frozen version): choose sample values for the merge fields (the script's samples by default)
 * and where to start, then run the call as an agent would. Preview calls are kept apart from real ones.
 */
export default function PreviewSetup() {
  const { script, source, versionNumber, agent, from, unknownFrom } = useLoaderData<typeof loader>();
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
    const dial = data.get("dial") === "on";
    const callId = newCallId();
    try {
      beginRun(window.localStorage, script, {
        callId,
        agent,
        source,
        preview: true,
        dial,
        mergeValues,
        ...(startNodeId ? { startNodeId } : {}),
        now: { at: new Date().toISOString(), offsetMs: 0 },
      });
    } catch (e) {
      if (!isDomainError(e)) throw e;
      setError(e.message);
      return;
    }
    navigate(`/scripts/${script.id}/run/${callId}${versionNumber ? `?version=${versionNumber}` : ""}`);
  };

  return (
    <div className="run-setup">
      <nav aria-label="Breadcrumb" className="meta">
        <Link to="/">Scripts</Link> › <Link to={`/scripts/${script.id}`}>{script.title}</Link>
        {versionNumber ? (
          <>
            {" "}
            › <Link to={`/scripts/${script.id}/versions/${versionNumber}`}>Version {versionNumber}</Link>
          </>
        ) : null}{" "}
        › Preview call
      </nav>
      <div className="page-head">
        <div>
          <h1>
            Preview call: “{script.title}”{versionNumber ? `, version ${versionNumber}` : ""}
          </h1>
          <p className="lede">
            {versionNumber
              ? `Rehearse frozen version ${versionNumber} as an agent would: exactly the steps that were published, not the current draft.`
              : `Rehearse the draft (revision ${script.revision}) as an agent would.`}{" "}
            Preview calls start connected unless you choose to start by dialling; they are kept apart from real
            calls and can be cleared.
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
        <div className="field">
          <label>
            <input type="checkbox" name="dial" /> Start by dialling{" "}
            <span className="hint">
              rehearse the moment before the person answers: Connected, or no answer, busy, voicemail…
            </span>
          </label>
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

import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { lazy, Suspense, type ReactNode } from "react";
import { Form, Link, useLoaderData } from "@remix-run/react";
import xyflowStyles from "@xyflow/react/dist/style.css";
import { ScriptOutline } from "~/components/script-outline";
import { useHydrated } from "~/components/use-hydrated";
import editorCss from "~/editor/editor.css";
import { NODE_KIND_LABELS } from "~/domain/node-summary";
import type { ItemChange, NodeChange, NodeRef, OptionChange } from "~/domain/versions/diff";
import { latestVersion } from "~/domain/versions/version-rules";
import { getAppContext } from "~/services/app-context.server";
import { requireUser } from "~/services/auth.server";
import { throwAsResponse } from "~/services/http.server";
import { getScript } from "~/services/scripts.server";
import { diffSides, listVersions, parseDiffSide, type DiffSide } from "~/services/versions.server";
import versionsCss from "~/styles/versions.css";
import { focusElement } from "~/versions/focus-element";
import { WordDiffView } from "~/versions/word-diff-view";

// The canvas needs React Flow, which only runs in the browser: it is loaded after hydration, and the
// outline with its marks is what the server sends and what works without JavaScript.
const DiffCanvas = lazy(() => import("~/versions/read-only-canvas").then((m) => ({ default: m.DiffCanvas })));

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: xyflowStyles },
  { rel: "stylesheet", href: editorCss },
  { rel: "stylesheet", href: versionsCss },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Changes in ${data.title} · ScriptPilot` : "Changes · ScriptPilot" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const url = new URL(request.url);
  const { storage } = await getAppContext();
  const draft = await getScript(storage, params.id ?? "").catch(throwAsResponse);
  const versions = await listVersions(storage, draft.id);
  const sides = versions.map((v) => v.number);
  for (const name of ["from", "to"]) {
    const raw = url.searchParams.get(name);
    if (raw !== null && raw !== "" && parseDiffSide(raw) === undefined) {
      throw new Response(`“${name}” must be a version number or “draft”, not “${raw}”.`, { status: 400 });
    }
  }
  const latest = latestVersion(versions);
  const approved = versions.find((v) => v.status === "approved");
  const from: DiffSide | undefined =
    parseDiffSide(url.searchParams.get("from")) ?? approved?.number ?? latest?.number;
  const to: DiffSide = parseDiffSide(url.searchParams.get("to")) ?? "draft";
  const base = { id: draft.id, title: draft.title, language: draft.language, sides };
  if (from === undefined) return { ...base, comparison: undefined };
  const { from: fromScript, to: toScript, diff } = await diffSides(storage, draft.id, from, to).catch(throwAsResponse);
  return { ...base, comparison: { from, to, diff, fromScript, toScript } };
}

const sideLabel = (side: DiffSide) => (side === "draft" ? "the draft" : `version ${side}`);

export default function DiffPage() {
  const { id, title, language, sides, comparison } = useLoaderData<typeof loader>();
  return (
    <div className="versions-page diff-page">
      <nav aria-label="Breadcrumb" className="meta">
        <Link to="/">Scripts</Link> › <Link to={`/scripts/${id}`}>{title}</Link> ›{" "}
        <Link to={`/scripts/${id}/versions`}>Versions</Link> › Changes
      </nav>
      <h1>Changes in “{title}”</h1>
      {!comparison ? (
        <div className="card empty">
          <h2>Nothing to compare yet</h2>
          <p>Publish a version first; then you can compare any two versions, or a version with the draft.</p>
          <Link className="button primary" to={`/scripts/${id}/versions/publish`}>
            Publish version
          </Link>
        </div>
      ) : (
        <Comparison id={id} language={language} sides={sides} comparison={comparison} />
      )}
    </div>
  );
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

function Comparison({
  id,
  language,
  sides,
  comparison,
}: {
  id: string;
  language: string;
  sides: number[];
  comparison: NonNullable<Loaded["comparison"]>;
}) {
  const { from, to, diff, fromScript, toScript } = comparison;
  const options = [...sides.map(String), "draft"];
  const hydrated = useHydrated();
  // Each step's first entry in the change list is the one the canvas scrolls to.
  const anchored = new Set<string>();
  const anchor = (nodeId: string) => {
    if (anchored.has(nodeId)) return {};
    anchored.add(nodeId);
    return { id: `change-${nodeId}`, tabIndex: -1 };
  };
  return (
    <>
      <Form method="get" className="filters diff-choose" aria-label="Choose what to compare">
        <div className="field">
          <label htmlFor="diff-from">From</label>
          <select id="diff-from" name="from" defaultValue={String(from)}>
            {options.map((o) => (
              <option key={o} value={o}>
                {o === "draft" ? "Draft" : `Version ${o}`}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="diff-to">To</label>
          <select id="diff-to" name="to" defaultValue={String(to)}>
            {options.map((o) => (
              <option key={o} value={o}>
                {o === "draft" ? "Draft" : `Version ${o}`}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Compare</button>
      </Form>
      <p className="lede" role="status">
        {diff.total === 0
          ? `No changes from ${sideLabel(from)} to ${sideLabel(to)}.`
          : `${diff.total} change${diff.total === 1 ? "" : "s"} from ${sideLabel(from)} to ${sideLabel(to)}.`}
      </p>
      {diff.total > 0 && hydrated ? (
        <section aria-labelledby="canvas-heading" lang={language}>
          <h2 id="canvas-heading">Canvas of {sideLabel(to)}, changes marked</h2>
          <Suspense fallback={<p className="meta ro-canvas">Loading the canvas…</p>}>
            <DiffCanvas
              from={fromScript}
              to={toScript}
              diff={diff}
              label={`Canvas of ${sideLabel(to)} with changes from ${sideLabel(from)} marked`}
              onShowChange={(nodeId) => focusElement(`change-${nodeId}`)}
            />
          </Suspense>
        </section>
      ) : null}
      {diff.total > 0 ? (
        <div className="two-col">
          <div className="diff-list" lang={language}>
            {diff.script.length > 0 ? (
              <DiffSection title="Script settings">
                {diff.script.map((c) => (
                  <li key={c.field}>
                    {c.field}: <del>{c.from}</del> → <ins>{c.to}</ins>
                  </li>
                ))}
              </DiffSection>
            ) : null}
            {diff.nodes.added.length > 0 ? (
              <DiffSection title="Steps added">
                {diff.nodes.added.map((n) => (
                  <li key={n.nodeId} {...anchor(n.nodeId)}>
                    <NodeName node={n} link />
                  </li>
                ))}
              </DiffSection>
            ) : null}
            {diff.nodes.removed.length > 0 ? (
              <DiffSection title="Steps removed">
                {diff.nodes.removed.map((n) => (
                  <li key={n.nodeId} {...anchor(n.nodeId)}>
                    <NodeName node={n} />
                  </li>
                ))}
              </DiffSection>
            ) : null}
            {diff.nodes.changed.length > 0 ? (
              <DiffSection title="Steps changed">
                {diff.nodes.changed.map((n) => (
                  <ChangedNode key={n.nodeId} change={n} language={language} anchor={anchor(n.nodeId)} />
                ))}
              </DiffSection>
            ) : null}
            {diff.branchesMoved.length > 0 ? (
              <DiffSection title="Branches moved">
                {diff.branchesMoved.map((m) => (
                  <li key={`${m.source.nodeId}-${m.output}`} {...anchor(m.source.nodeId)}>
                    <NodeName node={m.source} link />, answer “{m.output}”: now leads to{" "}
                    <strong>{m.to.name}</strong> instead of <del>{m.from.name}</del>
                  </li>
                ))}
              </DiffSection>
            ) : null}
            {diff.edges.added.length + diff.edges.removed.length > 0 ? (
              <DiffSection title="Connections">
                {diff.edges.added.map((e, i) => (
                  <li key={`a${i}`} {...anchor(e.source.nodeId)}>
                    <span className="change-word">Added:</span> {e.source.name} / {e.output} → {e.target.name}
                  </li>
                ))}
                {diff.edges.removed.map((e, i) => (
                  <li key={`r${i}`} {...anchor(e.source.nodeId)}>
                    <span className="change-word">Removed:</span> {e.source.name} / {e.output} →{" "}
                    {e.target.name}
                  </li>
                ))}
              </DiffSection>
            ) : null}
            <ItemSection title="Objections" items={diff.objections} language={language} />
            <ItemSection title="Merge fields" items={diff.variables} language={language} />
          </div>
          <section aria-labelledby="marked-heading" lang={language}>
            <h2 id="marked-heading">Outline of {sideLabel(to)}, changes marked</h2>
            <ScriptOutline
              script={toScript}
              annotate={(node) => {
                const mark = diff.nodeMarks[node.id];
                return mark ? (
                  <p className={`diff-mark ${mark}`} data-mark={mark}>
                    {mark === "added" ? "Added step" : "Changed step"}
                  </p>
                ) : null;
              }}
            />
          </section>
        </div>
      ) : null}
      <p>
        <Link to={`/scripts/${id}/versions`}>Back to the versions</Link>
      </p>
    </>
  );
}

function DiffSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card diff-section">
      <h2>{title}</h2>
      <ul>{children}</ul>
    </section>
  );
}

function NodeName({ node, link }: { node: NodeRef; link?: boolean }) {
  const name = `${NODE_KIND_LABELS[node.kind]} “${node.name}”`;
  return link ? <a href={`#node-${node.nodeId}`}>{name}</a> : <span>{name}</span>;
}

function ChangedNode({
  change,
  language,
  anchor,
}: {
  change: NodeChange;
  language: string;
  anchor: { id?: string; tabIndex?: number };
}) {
  return (
    <li className="changed-node" {...anchor}>
      <NodeName node={change} link /> <span className="meta">changed: {change.fields.join(", ")}</span>
      {change.texts.map((t) => (
        <div key={t.field} className="text-change">
          <span className="change-word">{t.field}:</span>
          <WordDiffView parts={t.parts} lang={language} />
        </div>
      ))}
      {change.options.length > 0 ? (
        <ul aria-label="Answer changes">
          {change.options.map((o, i) => (
            <li key={i}>{describeOption(o)}</li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function describeOption(o: OptionChange): ReactNode {
  switch (o.change) {
    case "added":
      return (
        <>
          <span className="change-word">Answer added:</span> <ins>{o.label}</ins>
        </>
      );
    case "removed":
      return (
        <>
          <span className="change-word">Answer removed:</span> <del>{o.label}</del>
        </>
      );
    case "relabelled":
      return (
        <>
          <span className="change-word">Answer relabelled:</span> <del>{o.from}</del> → <ins>{o.to}</ins>
        </>
      );
    case "reordered":
      return (
        <>
          <span className="change-word">Answers reordered:</span> {o.to.join(" · ")} (was {o.from.join(" · ")}
          )
        </>
      );
    case "changed":
      return (
        <>
          <span className="change-word">Answer “{o.label}” changed:</span> {o.fields.join(", ")}
        </>
      );
  }
}

function ItemSection({
  title,
  items,
  language,
}: {
  title: string;
  items: { added: ItemChange[]; removed: ItemChange[]; changed: ItemChange[] };
  language: string;
}) {
  if (items.added.length + items.removed.length + items.changed.length === 0) return null;
  return (
    <DiffSection title={title}>
      {items.added.map((i) => (
        <li key={`a-${i.id}`}>
          <span className="change-word">Added:</span> <ins>{i.label}</ins>
        </li>
      ))}
      {items.removed.map((i) => (
        <li key={`r-${i.id}`}>
          <span className="change-word">Removed:</span> <del>{i.label}</del>
        </li>
      ))}
      {items.changed.map((i) => (
        <li key={`c-${i.id}`}>
          <span className="change-word">Changed:</span> {i.label}{" "}
          <span className="meta">({i.fields.join(", ")})</span>
          {i.texts.map((t) => (
            <div key={t.field} className="text-change">
              <span className="change-word">{t.field}:</span>
              <WordDiffView parts={t.parts} lang={language} />
            </div>
          ))}
        </li>
      ))}
    </DiffSection>
  );
}

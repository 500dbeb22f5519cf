import { useBlocker, useNavigate, useRevalidator } from "@remix-run/react";
import { useCsrfToken } from "~/components/csrf-field";
import { ReactFlowProvider } from "@xyflow/react";
import { memo, useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import type { Script } from "~/domain/script-types";
import type { ReviewState } from "~/domain/versions/review-state";
import type { ProblemLevel } from "./to-flow";
import { ScriptCanvas } from "./canvas/script-canvas";
import { ConflictDialog } from "./conflict-dialog";
import { createEditorStore, EditorStoreContext, useEditor, useEditorStore } from "./editor-store";
import { FindBar } from "./find-bar";
import { NodeInspector } from "./inspector/node-inspector";
import { preloadRichTextEditor } from "./inspector/rich-text-field";
import { Palette } from "./palette";
import { ObjectionsPanel } from "./panels/objections-panel";
import { SettingsPanel } from "./panels/settings-panel";
import { VariablesPanel } from "./panels/variables-panel";
import { PathsPanel } from "./paths-panel";
import { ProblemsBadge, ProblemsPanel } from "./problems-panel";
import { EditorToolbar } from "./toolbar";
import { useAutosave } from "./use-autosave";
import { useEditorShortcuts } from "./use-editor-shortcuts";
import { useLiveChecks } from "./use-live-checks";
import { whenIdle } from "./when-idle";

/**
 * The visual editor for one script: canvas, palette, inspector and panels around one document store.
 * Memoised: the page around it re-renders on every router update, which must not reach a 1,000-step canvas.
 */
export const ScriptEditor = memo(function ScriptEditor({
  script,
  reviewState,
  problems,
}: {
  script: Script;
  /** The script's review state for the toolbar; without it the toolbar shows no badge. */
  reviewState?: ReviewState;
  /** Problem markers by step as the server found them, shown until the live checks have run here. */
  problems?: Record<string, ProblemLevel>;
}) {
  const [store] = useState(() => createEditorStore(script, problems));
  return (
    <EditorStoreContext.Provider value={store}>
      <ReactFlowProvider>
        <EditorLayout scriptId={script.id} reviewState={reviewState} />
      </ReactFlowProvider>
    </EditorStoreContext.Provider>
  );
});

type TabId = "step" | "problems" | "paths" | "fields" | "objections" | "settings";

// EditorLayout must not read the document: it would re-render every panel on each keystroke. Each part
// subscribes to what it shows (editor-store selectors), and the live checks reach them through the store.
// It uses router hooks, so it re-renders on router updates too: the canvas, palette and toolbar are memoised.
function EditorLayout({ scriptId, reviewState }: { scriptId: string; reviewState?: ReviewState }) {
  const store = useEditorStore();
  useLiveChecks(store);
  const root = useRef<HTMLDivElement>(null);
  const [finding, setFinding] = useState(false);
  const [tab, setTab] = useState<TabId>("step");
  const revalidator = useRevalidator();
  const navigate = useNavigate();
  const saveUrl = `/scripts/${scriptId}/document`;
  const { flush } = useAutosave(store, saveUrl);
  const csrfToken = useCsrfToken();
  useSaveBeforeLeaving(flush);
  const openFind = useCallback(() => setFinding(true), []);
  useEditorShortcuts(store, root, openFind);
  // The rich text editor's code arrives once the canvas is up, before anyone opens a step.
  useEffect(() => whenIdle(preloadRichTextEditor), []);

  const loadTheirs = () => {
    store.getState().setConflict(null);
    store.getState().markSaved(store.getState().version, store.getState().baseRevision);
    revalidator.revalidate();
  };
  const keepCopy = async () => {
    const response = await fetch(saveUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...(csrfToken ? { "X-CSRF-Token": csrfToken } : {}) },
      body: JSON.stringify({ script: store.getState().doc }),
    });
    const body: unknown = await response.json().catch(() => null);
    const id =
      typeof body === "object" && body !== null ? (body as Record<string, unknown>)["id"] : undefined;
    if (!response.ok || typeof id !== "string") throw new Error("The copy could not be saved. Try again.");
    store.getState().setConflict(null);
    store.getState().markSaved(store.getState().version, store.getState().baseRevision);
    navigate(`/scripts/${id}`);
  };

  const tabs: { id: TabId; label: string; badge?: ReactNode; panel: ReactNode }[] = [
    { id: "step", label: "Step", panel: <NodeInspector /> },
    { id: "problems", label: "Problems", badge: <ProblemsBadge />, panel: <ProblemsPanel /> },
    { id: "paths", label: "Paths", panel: <PathsPanel /> },
    { id: "fields", label: "Merge fields", panel: <VariablesPanel /> },
    { id: "objections", label: "Objections", panel: <ObjectionsPanel /> },
    { id: "settings", label: "Settings", panel: <SettingsPanel /> },
  ];

  const onTabKey = (e: React.KeyboardEvent) => {
    const index = tabs.findIndex((t) => t.id === tab);
    const next = e.key === "ArrowRight" ? index + 1 : e.key === "ArrowLeft" ? index - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const target = tabs[(next + tabs.length) % tabs.length];
    setTab(target.id);
    document.getElementById(`sp-tab-${target.id}`)?.focus();
  };

  return (
    <div className="sp-editor" ref={root}>
      <EditorToolbar onFind={openFind} scriptId={scriptId} reviewState={reviewState} />
      {finding ? <FindBar onClose={() => setFinding(false)} /> : null}
      <div className="sp-editor-body">
        <Palette />
        <ScriptCanvas />
        <aside className="sp-side" aria-label="Details">
          <div role="tablist" aria-label="Panels" className="sp-tabs">
            {tabs.map((t) => (
              <button
                key={t.id}
                id={`sp-tab-${t.id}`}
                type="button"
                role="tab"
                aria-selected={tab === t.id}
                aria-controls={`sp-panel-${t.id}`}
                tabIndex={tab === t.id ? 0 : -1}
                onClick={() => setTab(t.id)}
                onKeyDown={onTabKey}
              >
                {t.label} {t.badge}
              </button>
            ))}
          </div>
          {tabs.map((t) => (
            <div
              key={t.id}
              id={`sp-panel-${t.id}`}
              role="tabpanel"
              aria-labelledby={`sp-tab-${t.id}`}
              hidden={tab !== t.id}
              className="sp-panel"
            >
              {tab === t.id ? t.panel : null}
            </div>
          ))}
        </aside>
      </div>
      <ConflictDialog onLoadTheirs={loadTheirs} onKeepCopy={keepCopy} />
    </div>
  );
}

/**
 * Leaving the editor inside the app first saves what is pending; only if that fails does it ask
 * whether to leave anyway. (Closing the tab is covered by the autosave's beforeunload guard.)
 */
function useSaveBeforeLeaving(flush: () => Promise<void>) {
  const store = useEditorStore();
  const dirty = useEditor((s) => s.version !== s.savedVersion && !s.conflict);
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    void flush().then(() => {
      const s = store.getState();
      const saved = s.version === s.savedVersion;
      if (saved || window.confirm("Your latest changes could not be saved. Leave this script anyway?"))
        blocker.proceed();
      else blocker.reset();
    });
  }, [blocker, flush, store]);
}

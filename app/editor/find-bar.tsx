import { useEffect, useMemo, useRef, useState } from "react";
import { findInScript } from "~/domain/find-in-script";
import { useEditor } from "./editor-store";
import { useFocusNode } from "./use-focus-node";

/** Ctrl/Cmd+F: searches node texts, titles and options; Enter and Shift+Enter jump between matches. */
export function FindBar({ onClose }: { onClose: () => void }) {
  const doc = useEditor((s) => s.doc);
  const setHighlight = useEditor((s) => s.setHighlight);
  const focusNode = useFocusNode();
  const [query, setQuery] = useState("");
  const [index, setIndex] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const matches = useMemo(() => (query.trim() ? findInScript(doc, query.trim()) : []), [doc, query]);
  const nodeIds = useMemo(() => [...new Set(matches.map((m) => m.nodeId))], [matches]);

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  useEffect(() => {
    setHighlight(nodeIds.length > 0 ? { nodeIds, edgeIds: [] } : null);
  }, [nodeIds, setHighlight]);

  useEffect(() => () => setHighlight(null), [setHighlight]);

  const go = (delta: number) => {
    if (nodeIds.length === 0) return;
    const next = (index + delta + nodeIds.length) % nodeIds.length;
    setIndex(next);
    focusNode(nodeIds[next]);
  };

  return (
    <div role="search" className="sp-find" aria-label="Find in script">
      <label htmlFor="sp-find-input" className="visually-hidden">
        Find in script
      </label>
      <input
        id="sp-find-input"
        ref={input}
        type="search"
        placeholder="Find text, options, notes…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setIndex(-1);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            go(e.shiftKey ? -1 : 1);
          } else if (e.key === "Escape") {
            e.preventDefault();
            onClose();
          }
        }}
      />
      <span className="meta" aria-live="polite">
        {query.trim() ? `${nodeIds.length === 0 ? 0 : Math.max(index + 1, 0)} of ${nodeIds.length}` : ""}
      </span>
      <button type="button" className="small" onClick={() => go(-1)} aria-label="Previous match" disabled={nodeIds.length === 0}>
        ↑
      </button>
      <button type="button" className="small" onClick={() => go(1)} aria-label="Next match" disabled={nodeIds.length === 0}>
        ↓
      </button>
      <button type="button" className="small" onClick={onClose} aria-label="Close find">
        ✕
      </button>
    </div>
  );
}

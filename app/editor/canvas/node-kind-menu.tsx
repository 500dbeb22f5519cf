import { useEffect, useRef } from "react";
import type { NodeKind } from "~/domain/script-types";
import { ADDABLE_KINDS } from "../node-kinds";

/** A small keyboard-friendly menu of node kinds, shown where a connection was dropped. */
export function NodeKindMenu({
  at,
  title,
  onChoose,
  onClose,
}: {
  at: { x: number; y: number };
  title: string;
  onChoose: (kind: NodeKind) => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>("button")?.focus();
    const onPointer = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    window.addEventListener("pointerdown", onPointer);
    return () => window.removeEventListener("pointerdown", onPointer);
  }, [onClose]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    const items = [...(ref.current?.querySelectorAll<HTMLButtonElement>("button[role=menuitem]") ?? [])];
    const index = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === "Escape") onClose();
    else if (e.key === "ArrowDown") items[(index + 1) % items.length]?.focus();
    else if (e.key === "ArrowUp") items[(index - 1 + items.length) % items.length]?.focus();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div
      ref={ref}
      className="sp-popover"
      role="menu"
      aria-label={title}
      style={{ left: at.x, top: at.y }}
      onKeyDown={onKeyDown}
      tabIndex={-1}
    >
      <div className="sp-popover-title">{title}</div>
      {ADDABLE_KINDS.filter((k) => k.kind !== "start").map((k) => (
        <button key={k.kind} type="button" role="menuitem" onClick={() => onChoose(k.kind)}>
          <strong>{k.label}</strong> <span>{k.hint}</span>
        </button>
      ))}
    </div>
  );
}

import type { ScriptKind } from "~/domain/script-types";

export const KIND_LABELS: Record<ScriptKind, string> = { "call-script": "Call script", survey: "Survey" };

export function KindBadge({ kind }: { kind: ScriptKind }) {
  return <span className={`badge ${kind}`}>{KIND_LABELS[kind]}</span>;
}

export function ChecksBadge({ errors, warnings }: { errors: number; warnings: number }) {
  if (errors > 0) return <span className="badge error">{plural(errors, "problem")}</span>;
  if (warnings > 0) return <span className="badge warning">{plural(warnings, "warning")}</span>;
  return <span className="badge ok">Checks pass</span>;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

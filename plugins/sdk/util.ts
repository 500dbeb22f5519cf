/** Freezes a plain JSON value all the way down and returns it, so a plugin that writes to its input throws. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const XML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

// eslint-disable-next-line no-control-regex -- exactly the code points XML 1.0 cannot carry
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;

/** Text or an attribute value for XML; also drops characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return text.replace(XML_FORBIDDEN, "").replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** A file name stem from a title: lower-case ASCII words joined by hyphens ("script" when nothing is left). */
export function fileStem(title: string): string {
  const stem = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return stem || "script";
}

/** `<stem>-v<number>` or `<stem>-draft`, the base name every built-in export uses. */
export function exportBaseName(version: {
  draft?: boolean;
  number: number;
  script: { title: string };
}): string {
  return `${fileStem(version.script.title)}-${version.draft ? "draft" : `v${version.number}`}`;
}

export type WordDiffOp = "equal" | "insert" | "delete";

export interface WordDiffPart {
  op: WordDiffOp;
  text: string;
}

/**
 * Word-by-word difference between two texts: the longest common subsequence of words (Chinese, Japanese
 * and Korean characters count as words of their own, since those scripts put no spaces between words).
 * Whitespace is kept in the parts so joining the non-deleted parts gives `after` back exactly.
 */
export function wordDiff(before: string, after: string): WordDiffPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const parts: WordDiffPart[] = [];
  push(parts, "equal", a.slice(0, start));
  for (const part of middleDiff(a.slice(start, endA), b.slice(start, endB))) push(parts, part.op, [part.text]);
  push(parts, "equal", a.slice(endA));
  return parts;
}

/** True when the two texts differ in anything but whitespace. */
export function hasTextChange(parts: readonly WordDiffPart[]): boolean {
  return parts.some((p) => p.op !== "equal" && p.text.trim() !== "");
}

// Above this many cells the quadratic table would be slow; such rewrites are shown as replaced wholesale.
const MAX_CELLS = 4_000_000;

function middleDiff(a: string[], b: string[]): WordDiffPart[] {
  if (a.length === 0) return b.map((text) => ({ op: "insert", text }));
  if (b.length === 0) return a.map((text) => ({ op: "delete", text }));
  if (a.length * b.length > MAX_CELLS) {
    return [...a.map((text) => ({ op: "delete" as const, text })), ...b.map((text) => ({ op: "insert" as const, text }))];
  }
  // lcs[i][j] = length of the LCS of a[i..] and b[j..], in one flat array.
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j] ? lcs[(i + 1) * width + j + 1] + 1 : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
    }
  }
  const out: WordDiffPart[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: "equal", text: a[i++] });
      j++;
    } else if (lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
      out.push({ op: "delete", text: a[i++] });
    } else {
      out.push({ op: "insert", text: b[j++] });
    }
  }
  while (i < a.length) out.push({ op: "delete", text: a[i++] });
  while (j < b.length) out.push({ op: "insert", text: b[j++] });
  return out;
}

/** Appends tokens, merging with the previous part when the operation is the same. */
function push(parts: WordDiffPart[], op: WordDiffOp, tokens: string[]): void {
  if (tokens.length === 0) return;
  const text = tokens.join("");
  const last = parts.at(-1);
  if (last && last.op === op) last.text += text;
  else parts.push({ op, text });
}

const CJK = "\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uac00-\\ud7af\\u3000-\\u303f\\uff00-\\uffef";
const TOKEN = new RegExp(`[${CJK}]|\\s+|[^\\s${CJK}]+`, "g");

function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

import type { WordDiffPart } from "~/domain/versions/word-diff";

/**
 * Word-level changes inline: insertions in <ins>, deletions in <del>, each also announced in words (and
 * marked with a sign in print/high-contrast) so the change never rests on colour alone.
 */
export function WordDiffView({ parts, lang }: { parts: readonly WordDiffPart[]; lang?: string }) {
  return (
    <p className="word-diff" lang={lang}>
      {parts.map((part, i) =>
        part.op === "equal" ? (
          <span key={i}>{part.text}</span>
        ) : part.op === "insert" ? (
          <ins key={i}>
            <span className="visually-hidden">[added: </span>
            {part.text}
            <span className="visually-hidden">]</span>
          </ins>
        ) : (
          <del key={i}>
            <span className="visually-hidden">[removed: </span>
            {part.text}
            <span className="visually-hidden">]</span>
          </del>
        ),
      )}
    </p>
  );
}

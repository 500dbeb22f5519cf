import type { Objection } from "~/domain/script-types";

const SHORTCUTS: [string, string][] = [
  ["Enter or C", "While dialling: the person answered (Connected); the script starts"],
  ["1–5 while dialling", "The call did not connect: no answer, busy, voicemail, wrong number, disconnected"],
  ["1–9", "Choose an answer or an outcome (on a rating scale, the value itself); for several answers, toggle them"],
  ["Enter", "Continue, or record the chosen answers"],
  ["Backspace or Alt+←", "Back: undo the last step"],
  ["Shift+H", "Customer hung up"],
  ["Shift+E", "Agent ended the call"],
  ["Shift+N", "Write a note"],
  ["Esc", "Leave a text field; close this help"],
  ["?", "Show or hide these shortcuts"],
];

/** Every key the run screen answers to, including the script's objection letters. */
export function ShortcutsHelp({ open, onToggle, objections }: { open: boolean; onToggle: () => void; objections: Objection[] }) {
  const letters = objections.filter((o) => o.shortcut);
  return (
    <section aria-labelledby="run-shortcuts">
      <h2 id="run-shortcuts">
        <button type="button" className="small" aria-expanded={open} aria-controls="run-shortcut-list" onClick={onToggle}>
          Keyboard shortcuts <kbd>?</kbd>
        </button>
      </h2>
      {open ? (
        <dl id="run-shortcut-list" className="run-shortcuts">
          {SHORTCUTS.map(([keys, what]) => (
            <div key={keys}>
              <dt>
                <kbd>{keys}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
          {letters.map((o) => (
            <div key={o.id}>
              <dt>
                <kbd>{o.shortcut}</kbd>
              </dt>
              <dd>Objection: {o.label}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="run-hint">Keys: while dialling Enter connected, 1–5 not connected; then 1–9 answer, Enter continue, Backspace back, Shift+H hung up, Shift+E end, Shift+N note, ? all keys.</p>
      )}
    </section>
  );
}

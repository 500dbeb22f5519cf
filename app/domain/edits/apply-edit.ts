import { current, isDraft, produce } from "immer";
import type { Script } from "../script-types";

/**
 * Applies one edit (a mutator) with immer: the result shares every unchanged part with `script`, which is
 * what keeps a long undo history small, and is the very same object when the edit changed nothing.
 * A mutator should return plain data (ids, the created node); a draft it returns by mistake is turned
 * into plain data before the draft is revoked.
 */
export function applyEdit<A, R>(
  script: Script,
  edit: (d: Script, a: A) => R,
  args: A,
): { script: Script; result: R } {
  let result!: R;
  const next = produce(script, (draft) => {
    const value = edit(draft, args);
    result = isDraft(value) ? current(value) : value;
  });
  return { script: next, result };
}

// The editor's edits: each one a mutator `(draft, args) => result` that changes a script in place.
// The editor store applies them inside immer's produce (see applyEdit); server code and tests may also run
// them on a plain copy. New ids always come from the caller, so edits stay deterministic.
export * from "./apply-edit";
export * from "./nodes";
export * from "./edges";
export * from "./options";
export * from "./rules";
export * from "./variables";
export * from "./objections";
export * from "./script-meta";
export * from "./clipboard";
export { emptyRichText } from "./draft";

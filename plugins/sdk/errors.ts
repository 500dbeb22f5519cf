/**
 * An export that cannot be done, with a sentence for the person who asked for it. `code` is stable so the
 * host can tell a refusal from a bug: "not-approved", "unsupported-node", "unsupported-script", "invalid-config".
 */
export class PluginError extends Error {
  readonly code: string;
  /** The nodes the problem is about, when it is about nodes. */
  readonly nodeIds: string[];

  constructor(code: string, message: string, nodeIds: string[] = []) {
    super(message);
    this.name = "PluginError";
    this.code = code;
    this.nodeIds = nodeIds;
  }
}

/** The script has steps of a kind the plugin cannot express. Never drop them silently: name them. */
export class UnsupportedNodeError extends PluginError {
  readonly nodeKinds: string[];

  constructor(pluginName: string, nodes: readonly { id: string; kind: string }[]) {
    const kinds = [...new Set(nodes.map((n) => n.kind))];
    const list = nodes.map((n) => `${n.id} (${n.kind})`).join(", ");
    super(
      "unsupported-node",
      `${pluginName} cannot export ${kinds.join(" or ")} steps; remove or replace: ${list}.`,
      nodes.map((n) => n.id),
    );
    this.name = "UnsupportedNodeError";
    this.nodeKinds = kinds;
  }
}

/**
 * Errors cross worker and process boundaries as plain objects; this recognises them by shape as well as by
 * class so a PluginError from a plugin's own copy of the SDK still counts.
 */
export function isPluginError(error: unknown): error is PluginError {
  return (
    error instanceof PluginError ||
    (error instanceof Error &&
      typeof (error as { code?: unknown }).code === "string" &&
      Array.isArray((error as { nodeIds?: unknown }).nodeIds))
  );
}

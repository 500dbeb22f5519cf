import { DomainError } from "../domain-error";
import { nodeOutputs } from "../node-outputs";
import type { Edge, Script } from "../script-types";
import { indexOfEdge, nodeById, plain, removeEdgesWhere, requireId } from "./draft";

export interface ConnectArgs {
  /** Id of the new connection. */
  id: string;
  source: string;
  sourceHandle: string;
  target: string;
}

/**
 * Connects an output to a step. One connection per output: a connection already leaving the same output
 * is replaced (in its place in the list). Connecting an output to the step it already leads to changes
 * nothing and returns the existing connection. Throws DomainError("invalid") when the source or target
 * does not exist, the output is not one the source has, or the target is a start.
 */
export function connect(d: Script, { id, source, sourceHandle, target }: ConnectArgs): Edge {
  requireId(id, "a connection");
  checkEnds(d, source, sourceHandle, target);
  const edges = plain(d.edges);
  let existing = -1;
  for (let i = 0; i < edges.length; i++) {
    const edge = edges[i];
    if (edge.source === source && edge.sourceHandle === sourceHandle && existing < 0) existing = i;
    else if (edge.id === id) {
      throw new DomainError("conflict", `There is already a connection with the id “${id}”.`);
    }
  }
  if (existing >= 0 && edges[existing].target === target) return edges[existing];
  const edge: Edge = { id, source, sourceHandle, target };
  if (existing >= 0) {
    const sameOutput = (e: Edge) => e.source === source && e.sourceHandle === sourceHandle;
    let duplicates = false;
    for (let i = existing + 1; i < edges.length && !duplicates; i++) duplicates = sameOutput(edges[i]);
    if (!duplicates) d.edges[existing] = edge;
    // A broken document may hold several connections for one output; one is all an output can have.
    else d.edges = edges.flatMap((e, i) => (i === existing ? [edge] : sameOutput(e) ? [] : [e]));
  } else {
    d.edges.push(edge);
  }
  return edge;
}

export interface ReconnectEdgeArgs {
  edgeId: string;
  /** The new target. */
  target: string;
  /** Moves the connection's other end to this output (optional; give both). */
  source?: string;
  sourceHandle?: string;
}

/**
 * Moves an end of an existing connection (dragging it to another step). Moving it to another output
 * replaces any connection that output had. Returns the connection as it is now.
 */
export function reconnectEdge(d: Script, { edgeId, target, source, sourceHandle }: ReconnectEdgeArgs): Edge {
  const index = indexOfEdge(d, edgeId);
  if (index < 0) throw new DomainError("not-found", `There is no connection “${edgeId}” in this script.`);
  const edge = plain(d.edges[index]);
  const from = source ?? edge.source;
  const handle = sourceHandle ?? edge.sourceHandle;
  checkEnds(d, from, handle, target);
  if (from === edge.source && handle === edge.sourceHandle && target === edge.target) return edge;
  const moved: Edge = { id: edge.id, source: from, sourceHandle: handle, target };
  d.edges[index] = moved;
  if (from !== edge.source || handle !== edge.sourceHandle) {
    removeEdgesWhere(d, (e) => e.id !== edgeId && e.source === from && e.sourceHandle === handle);
  }
  return moved;
}

export interface DeleteEdgeArgs {
  edgeId: string;
}

/** Deletes one connection. Returns whether there was one to delete. */
export function deleteEdge(d: Script, { edgeId }: DeleteEdgeArgs): boolean {
  return removeEdgesWhere(d, (e) => e.id === edgeId).length > 0;
}

function checkEnds(d: Script, source: string, sourceHandle: string, target: string): void {
  const from = nodeById(d, source);
  const to = nodeById(d, target);
  if (!from)
    throw new DomainError("invalid", `A connection cannot start at “${source}”: there is no such step.`);
  if (!to)
    throw new DomainError("invalid", `A connection cannot lead to “${target}”: there is no such step.`);
  if (!nodeOutputs(from).includes(sourceHandle)) {
    throw new DomainError(
      "invalid",
      `Step “${source}” has no output “${sourceHandle}” to connect${from.kind === "end" ? ": an end finishes the call" : ""}.`,
    );
  }
  if (to.kind === "start") {
    throw new DomainError("invalid", "A connection cannot lead into the start: the call begins there.");
  }
}

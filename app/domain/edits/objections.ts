import { DomainError } from "../domain-error";
import type { Objection, Script } from "../script-types";
import { applyPatch, checkLength, emptyRichText, moveItem, plain, requireId, writableAt } from "./draft";

const MAX_OBJECTIONS = 200;
const OBJECTION_FIELDS = ["label", "shortcut", "reply", "then"] as const;

export type AddObjectionArgs = { id: string; index?: number } & Partial<Omit<Objection, "id">>;

/**
 * Adds a prepared answer to an objection. Defaults: label "New objection", an empty reply, and the call
 * goes back to where it was. Returns the objection.
 */
export function addObjection(d: Script, { id, index, ...fields }: AddObjectionArgs): Objection {
  requireId(id, "an objection");
  const objections = plain(d.objections);
  if (objections.some((o) => o.id === id)) {
    throw new DomainError("conflict", `There is already an objection with the id “${id}”.`);
  }
  if (objections.length >= MAX_OBJECTIONS) {
    throw new DomainError("too-large", `A script can prepare at most ${MAX_OBJECTIONS} objections.`);
  }
  const objection: Objection = {
    id,
    label: fields.label ?? "New objection",
    ...(fields.shortcut !== undefined ? { shortcut: fields.shortcut } : {}),
    reply: fields.reply ?? emptyRichText(),
    then: fields.then ?? { action: "return" },
  };
  validateObjection(objection);
  if (index === undefined || index >= objections.length) d.objections.push(objection);
  else d.objections.splice(Math.max(0, Math.trunc(index)), 0, objection);
  return objection;
}

export interface UpdateObjectionArgs {
  id: string;
  /** `undefined` removes the shortcut. */
  patch: Partial<Omit<Objection, "id">>;
}

export function updateObjection(d: Script, { id, patch }: UpdateObjectionArgs): void {
  const index = objectionIndex(d, id);
  for (const field of ["label", "reply", "then"] as const) {
    if (field in patch && patch[field] === undefined) {
      throw new DomainError("invalid", `An objection must keep its ${field}.`);
    }
  }
  validateObjection({ ...plain(d.objections)[index], ...patch });
  applyPatch(
    writableAt(d, d.objections, index) as unknown as Record<string, unknown>,
    patch,
    OBJECTION_FIELDS,
    "An objection",
  );
}

export interface RemoveObjectionArgs {
  id: string;
}

export function removeObjection(d: Script, { id }: RemoveObjectionArgs): boolean {
  const index = plain(d.objections).findIndex((o) => o.id === id);
  if (index < 0) return false;
  d.objections.splice(index, 1);
  return true;
}

export interface MoveObjectionArgs {
  id: string;
  toIndex: number;
}

export function moveObjection(d: Script, { id, toIndex }: MoveObjectionArgs): void {
  const index = objectionIndex(d, id);
  if (index === toIndex) return;
  moveItem(d.objections, index, toIndex);
}

function objectionIndex(d: Script, id: string): number {
  const index = plain(d.objections).findIndex((o) => o.id === id);
  if (index < 0) throw new DomainError("not-found", `There is no objection “${id}” in this script.`);
  return index;
}

const SHORTCUT = /^[a-z]$/;

function validateObjection(o: Objection): void {
  checkLength(typeof o.label === "string" ? o.label : "", 1, 100, "An objection's label");
  if (o.shortcut !== undefined && !SHORTCUT.test(o.shortcut)) {
    throw new DomainError("invalid", "An objection's shortcut is a single lower-case letter (a-z).");
  }
  if (!o.reply || o.reply.type !== "doc")
    throw new DomainError("invalid", "An objection's reply must be rich text.");
  const then = o.then;
  if (then.action === "goto") requireId(then.target, "the step an objection goes on to");
  else if (then.action === "end") checkLength(then.outcome?.label ?? "", 1, 100, "An outcome's label");
  else if (then.action !== "return")
    throw new DomainError("invalid", "An objection returns, goes on or ends.");
}

import type { Role } from "~/types/generated/user.v1";

export type { Role };

export const ROLES: readonly Role[] = ["writer", "lead", "approver", "admin"];

export const ROLE_LABELS: Record<Role, string> = {
  writer: "Writer",
  lead: "Campaign lead",
  approver: "Approver",
  admin: "Admin",
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  writer: "creates and edits drafts, requests review",
  lead: "everything a writer can, plus runs pilots and declares winners",
  approver: "approves or rejects versions (never their own)",
  admin: "manages users, roles, API keys and settings",
};

/**
 * Roles a held role also grants. The issue defines a lead as "everything a writer can, plus …", so lead
 * grants writer. Admin deliberately grants nothing else: managing accounts is separate from writing or
 * approving scripts (an admin who also approves holds both roles), which keeps four-eyes meaningful.
 */
const IMPLIED: Record<Role, readonly Role[]> = {
  writer: [],
  lead: ["writer"],
  approver: [],
  admin: [],
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Every role the held roles grant, directly or by implication. */
export function effectiveRoles(held: readonly Role[]): Role[] {
  const all = new Set<Role>();
  for (const role of held) {
    all.add(role);
    for (const implied of IMPLIED[role]) all.add(implied);
  }
  return ROLES.filter((role) => all.has(role));
}

/** True when the held roles grant at least one of `needed` (any one suffices); no roles needed: true. */
export function grantsAny(held: readonly Role[], needed: readonly Role[]): boolean {
  if (needed.length === 0) return true;
  const granted = effectiveRoles(held);
  return needed.some((role) => granted.includes(role));
}

/** "the writer role", "the writer or lead role": for refusals that name what is missing. */
export function describeNeededRoles(needed: readonly Role[]): string {
  const names = needed.map((r) => ROLE_LABELS[r].toLowerCase());
  if (names.length <= 1) return `the ${names[0] ?? "any"} role`;
  return `the ${names.slice(0, -1).join(", ")} or ${names[names.length - 1]} role`;
}

// The version and comment documents' types, generated from schemas/script-version.v1 and comment.v1.
export type { ScriptVersion, VersionStatus, HistoryEntry } from "~/types/generated/script-version.v1";
export type { CommentThread, Reply } from "~/types/generated/comment.v1";

import type { Role } from "../users/roles";

export type { Role };

/** Whoever acts on a version: enough of a user for the rules, nothing personal. */
export interface Actor {
  id: string;
  roles: readonly Role[];
}

export type VersionAction = "publish" | "request-review" | "approve" | "reject" | "withdraw" | "restore" | "duplicate";

/**
 * Who may do what. Routes pass these to requireUser and the rules check them again, so a hidden button is
 * never the only protection. A lead can do everything a writer can.
 */
export const VERSION_ACTION_ROLES: Record<VersionAction, readonly Role[]> = {
  publish: ["writer", "lead"],
  "request-review": ["writer", "lead"],
  approve: ["approver"],
  reject: ["approver"],
  withdraw: ["approver", "admin"],
  restore: ["writer", "lead"],
  duplicate: ["writer", "lead"],
};

export const STATUS_LABELS = {
  published: "Published",
  "in-review": "In review",
  approved: "Approved",
  rejected: "Rejected",
  withdrawn: "Withdrawn",
  superseded: "Superseded",
} as const;

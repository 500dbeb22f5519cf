import type { AaporDisposition } from "./script-types";

/**
 * AAPOR Standard Definitions: final disposition codes for telephone surveys, with their standard names.
 * 1 interview, 2 eligible non-interview, 3 unknown eligibility, 4 not eligible.
 */
export const AAPOR_DISPOSITIONS: readonly { code: AaporDisposition; name: string }[] = [
  { code: "1.1", name: "Complete" },
  { code: "1.2", name: "Partial" },
  { code: "2.10", name: "Refusal and break-off" },
  { code: "2.11", name: "Refusal" },
  { code: "2.111", name: "Household-level refusal" },
  { code: "2.112", name: "Known-respondent refusal" },
  { code: "2.12", name: "Break-off" },
  { code: "2.20", name: "Non-contact" },
  { code: "2.21", name: "Respondent never available" },
  { code: "2.22", name: "Answering machine (message left)" },
  { code: "2.30", name: "Other" },
  { code: "2.31", name: "Dead" },
  { code: "2.32", name: "Physically or mentally unable" },
  { code: "2.33", name: "Language" },
  { code: "2.35", name: "Miscellaneous" },
  { code: "3.10", name: "Unknown if household/occupied" },
  { code: "3.11", name: "Not attempted or worked" },
  { code: "3.12", name: "Always busy" },
  { code: "3.13", name: "No answer" },
  { code: "3.14", name: "Answering machine (don't know if eligible)" },
  { code: "3.15", name: "Call blocking" },
  { code: "3.16", name: "Technical phone problems" },
  { code: "3.20", name: "Unknown if eligible respondent" },
  { code: "3.21", name: "No screener completed" },
  { code: "3.90", name: "Other" },
  { code: "4.10", name: "Out of sample" },
  { code: "4.20", name: "Fax/data line" },
  { code: "4.30", name: "Non-working/disconnect" },
  { code: "4.31", name: "Non-working number" },
  { code: "4.32", name: "Disconnected number" },
  { code: "4.40", name: "Number changes" },
  { code: "4.50", name: "Non-residence/business" },
  { code: "4.70", name: "No eligible respondent" },
  { code: "4.80", name: "Quota filled" },
  { code: "4.90", name: "Other" },
];

const GROUPS: Record<string, string> = {
  "1": "Interview",
  "2": "Eligible, non-interview",
  "3": "Unknown eligibility, non-interview",
  "4": "Not eligible",
};

/** The standard name of a disposition code, e.g. "Refusal" for 2.11; the code itself when unknown. */
export function dispositionName(code: string): string {
  return AAPOR_DISPOSITIONS.find((d) => d.code === code)?.name ?? code;
}

/** The group a code belongs to (its first digit), e.g. "Eligible, non-interview" for 2.11. */
export function dispositionGroup(code: string): string {
  return GROUPS[code.split(".")[0]] ?? "";
}

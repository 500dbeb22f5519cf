/**
 * AAPOR standard outcome rates (Standard Definitions, 2016+ editions) from final disposition counts, with
 * the same names and formulas as the ropensci `outcomerate` package:
 *   I complete, P partial, R refusal and break-off, NC non-contact, O other eligible non-interview,
 *   UH unknown if household/occupied, UO unknown other, NE not eligible; e the estimated share of
 *   unknown-eligibility cases that are eligible.
 */
import { dispositionGroup } from "../aapor-dispositions";

export type DispositionClass = "I" | "P" | "R" | "NC" | "O" | "UH" | "UO" | "NE";

export type DispositionCounts = Record<DispositionClass, number>;

export const RATE_FORMULAS = {
  RR1: "I / ((I+P) + (R+NC+O) + (UH+UO))",
  RR2: "(I+P) / ((I+P) + (R+NC+O) + (UH+UO))",
  RR3: "I / ((I+P) + (R+NC+O) + e(UH+UO))",
  RR4: "(I+P) / ((I+P) + (R+NC+O) + e(UH+UO))",
  RR5: "I / ((I+P) + (R+NC+O))",
  RR6: "(I+P) / ((I+P) + (R+NC+O))",
  COOP1: "I / ((I+P) + R + O)",
  COOP2: "(I+P) / ((I+P) + R + O)",
  COOP3: "I / ((I+P) + R)",
  COOP4: "(I+P) / ((I+P) + R)",
  REF1: "R / ((I+P) + (R+NC+O) + (UH+UO))",
  REF2: "R / ((I+P) + (R+NC+O) + e(UH+UO))",
  REF3: "R / ((I+P) + (R+NC+O))",
  CON1: "((I+P) + R + O) / ((I+P) + (R+NC+O) + (UH+UO))",
  CON2: "((I+P) + R + O) / ((I+P) + (R+NC+O) + e(UH+UO))",
  CON3: "((I+P) + R + O) / ((I+P) + (R+NC+O))",
  LOC1: "((I+P) + (R+NC+O)) / ((I+P) + (R+NC+O) + (UH+UO))",
  LOC2: "((I+P) + (R+NC+O)) / ((I+P) + (R+NC+O) + e(UH+UO))",
} as const;

export type RateName = keyof typeof RATE_FORMULAS;

export interface AaporRate {
  name: RateName;
  formula: string;
  numerator: number;
  denominator: number;
  /** NaN when the denominator is zero (as outcomerate returns NaN). */
  value: number;
}

/**
 * All eighteen rates. `e` is only needed when there are unknown-eligibility cases (UH + UO > 0); without
 * it, the rates that use it (RR3, RR4, REF2, CON2, LOC2) are left out rather than guessed.
 */
export function aaporRates(counts: Partial<DispositionCounts>, e?: number): AaporRate[] {
  const c = { I: 0, P: 0, R: 0, NC: 0, O: 0, UH: 0, UO: 0, NE: 0, ...counts };
  if (e !== undefined && !(e >= 0 && e <= 1)) throw new RangeError(`e must be between 0 and 1, got ${e}`);
  const interviews = c.I + c.P;
  const eligibleNon = c.R + c.NC + c.O;
  const unknown = c.UH + c.UO;
  const known = interviews + eligibleNon;
  const withE = e === undefined ? (unknown === 0 ? known : undefined) : known + e * unknown;
  const contacted = interviews + c.R + c.O;
  const parts: Record<RateName, [number, number | undefined]> = {
    RR1: [c.I, known + unknown],
    RR2: [interviews, known + unknown],
    RR3: [c.I, withE],
    RR4: [interviews, withE],
    RR5: [c.I, known],
    RR6: [interviews, known],
    COOP1: [c.I, interviews + c.R + c.O],
    COOP2: [interviews, interviews + c.R + c.O],
    COOP3: [c.I, interviews + c.R],
    COOP4: [interviews, interviews + c.R],
    REF1: [c.R, known + unknown],
    REF2: [c.R, withE],
    REF3: [c.R, known],
    CON1: [contacted, known + unknown],
    CON2: [contacted, withE],
    CON3: [contacted, known],
    LOC1: [known, known + unknown],
    LOC2: [known, withE],
  };
  const rates: AaporRate[] = [];
  for (const name of Object.keys(RATE_FORMULAS) as RateName[]) {
    const [numerator, denominator] = parts[name];
    if (denominator === undefined) continue;
    rates.push({
      name,
      formula: RATE_FORMULAS[name],
      numerator,
      denominator,
      value: denominator === 0 ? NaN : numerator / denominator,
    });
  }
  return rates;
}

/**
 * The rate class of an AAPOR final disposition code (app/domain/aapor-dispositions.ts): 1.1 complete,
 * 1.2 partial, 2.1x refusal and break-off, 2.2x non-contact, 2.3x other, 3.1x unknown household,
 * 3.2x and 3.9 unknown other, 4.x not eligible. Undefined for a code it does not know.
 */
export function dispositionClass(code: string): DispositionClass | undefined {
  if (code === "1.1") return "I";
  if (code === "1.2") return "P";
  const group = dispositionGroup(code);
  if (!group) return undefined;
  const [major, minor = ""] = code.split(".");
  const tenth = minor.charAt(0);
  if (major === "2") return tenth === "1" ? "R" : tenth === "2" ? "NC" : tenth === "3" ? "O" : undefined;
  if (major === "3") return tenth === "1" ? "UH" : tenth === "2" || tenth === "9" ? "UO" : undefined;
  if (major === "4") return "NE";
  return undefined;
}

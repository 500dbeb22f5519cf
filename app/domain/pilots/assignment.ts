import { DomainError } from "../domain-error";
import { createRandom } from "../stats/random";
import type { Assignment, Contact, StratumAttribute, Variant } from "./pilot-types";

export interface AssignmentOptions {
  variants: readonly Pick<Variant, "id" | "weight">[];
  /** Attributes whose combinations form the strata (e.g. leadClass and region). */
  strata: readonly StratumAttribute[];
  seed: number;
  /** A multiple of the sum of the reduced weights; default the smallest such multiple that is at least 4. */
  blockSize?: number;
}

/**
 * Stratified randomisation by permuted blocks. Contacts are grouped into strata by the chosen attributes;
 * within a stratum the n-th contact (in list order) takes slot n, and each run of `blockSize` slots is a
 * random permutation of a block holding every variant in proportion to its weight. So within any stratum,
 * at every point of the list, each variant is within one block of its share.
 *
 * Sticky by construction: a block's permutation depends only on (seed, stratum, block number), and a
 * contact that already has an assignment keeps it; new contacts take the next free slots of their stratum.
 * Same seed and list, same result; contacts added later never move anyone already assigned.
 * Returns new contact objects; the input is left alone.
 */
export function assignContacts(contacts: readonly Contact[], options: AssignmentOptions): Contact[] {
  const block = blockTemplate(options.variants, options.blockSize);
  const known = new Set(options.variants.map((v) => v.id));
  const nextSlot = new Map<string, number>();
  for (const contact of contacts) {
    const a = contact.assignment;
    if (!a) continue;
    if (!known.has(a.variantId)) {
      throw new DomainError(
        "conflict",
        `Contact ${contact.contactRef} is assigned to variant ${a.variantId}, which this pilot no longer has; assignments cannot change once made.`,
      );
    }
    nextSlot.set(a.stratum, Math.max(nextSlot.get(a.stratum) ?? 0, a.slot + 1));
  }
  // Slots within a stratum only go up, so each stratum needs its current block alone (not every block
  // ever drawn: a 100,000-row list has 25,000 of them).
  const current = new Map<string, { b: number; permuted: string[] }>();
  return contacts.map((contact) => {
    if (contact.assignment) return contact;
    const stratum = stratumKey(contact, options.strata);
    const slot = nextSlot.get(stratum) ?? 0;
    nextSlot.set(stratum, slot + 1);
    const b = Math.floor(slot / block.length);
    let drawn = current.get(stratum);
    if (drawn?.b !== b) {
      drawn = { b, permuted: createRandom(`${options.seed}|${stratum}|${b}`).shuffle(block) };
      current.set(stratum, drawn);
    }
    const permuted = drawn.permuted;
    const assignment: Assignment = { variantId: permuted[slot % block.length], stratum, slot };
    return { ...contact, assignment };
  });
}

/**
 * One block's contents before permutation: each variant weight/g times per unit (g = the weights' greatest
 * common divisor), units repeated to fill `blockSize`. Weights 1:1 give units of 2; 2:1:1 units of 4.
 */
export function blockTemplate(
  variants: readonly Pick<Variant, "id" | "weight">[],
  blockSize?: number,
): string[] {
  if (variants.length < 2) throw new DomainError("invalid", "A pilot needs at least two variants to assign.");
  for (const v of variants) {
    if (!Number.isInteger(v.weight) || v.weight < 1) {
      throw new DomainError(
        "invalid",
        `Variant ${v.id} has weight ${v.weight}; weights are whole numbers from 1.`,
      );
    }
  }
  const g = variants.map((v) => v.weight).reduce(gcd);
  const unit = variants.reduce((sum, v) => sum + v.weight / g, 0);
  const size = blockSize ?? unit * Math.ceil(4 / unit);
  if (!Number.isInteger(size) || size < unit || size % unit !== 0) {
    throw new DomainError(
      "invalid",
      `A block of ${size} cannot hold the weights ${variants.map((v) => v.weight).join(":")} exactly; use a multiple of ${unit}.`,
    );
  }
  const out: string[] = [];
  for (let u = 0; u < size / unit; u++) {
    for (const v of variants) for (let k = 0; k < v.weight / g; k++) out.push(v.id);
  }
  return out;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** A contact's stratum, e.g. "leadClass=A|region=North"; a missing value is "-". "all" without strata. */
export function stratumKey(contact: Contact, strata: readonly StratumAttribute[]): string {
  if (strata.length === 0) return "all";
  return strata.map((attribute) => `${attribute}=${attributeValue(contact, attribute)}`).join("|");
}

function attributeValue(contact: Contact, attribute: StratumAttribute): string {
  const value = contact[attribute];
  if (value === undefined || value === "") return "-";
  return typeof value === "boolean" ? (value ? "yes" : "no") : value;
}

/** Counts per attribute value per variant, for the balance table (the chi-square test is the stats'). */
export interface BalanceTable {
  attribute: StratumAttribute;
  variantIds: string[];
  rows: { value: string; counts: number[]; total: number }[];
  totals: number[];
}

/**
 * How each attribute's values spread over the variants among assigned contacts: one table per attribute,
 * one row per value (sorted, "-" for missing last), one count per variant in the variants' order.
 */
export function balanceTable(
  contacts: readonly Contact[],
  variantIds: readonly string[],
  attributes: readonly StratumAttribute[],
): BalanceTable[] {
  const column = new Map(variantIds.map((id, i) => [id, i]));
  return attributes.map((attribute) => {
    const byValue = new Map<string, number[]>();
    const totals = variantIds.map(() => 0);
    for (const contact of contacts) {
      const i = contact.assignment ? column.get(contact.assignment.variantId) : undefined;
      if (i === undefined) continue;
      const value = attributeValue(contact, attribute);
      let counts = byValue.get(value);
      if (!counts) byValue.set(value, (counts = variantIds.map(() => 0)));
      counts[i]++;
      totals[i]++;
    }
    const rows = [...byValue.entries()]
      .sort(([a], [b]) => (a === "-" ? 1 : b === "-" ? -1 : a.localeCompare(b)))
      .map(([value, counts]) => ({ value, counts, total: counts.reduce((s, c) => s + c, 0) }));
    return { attribute, variantIds: [...variantIds], rows, totals };
  });
}

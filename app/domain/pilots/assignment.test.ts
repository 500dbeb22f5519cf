import { describe, expect, it } from "vitest";
import { createRandom } from "../stats/random";
import { assignContacts, balanceTable, blockTemplate, stratumKey } from "./assignment";
import type { Contact } from "./pilot-types";

const CLASSES = ["A", "B", "C", "D", "E", "F"] as const;
const REGIONS = ["North", "South", "East"];

function makeContacts(n: number, seed = 1, from = 0): Contact[] {
  const random = createRandom(seed);
  return Array.from({ length: n }, (_, i) => ({
    contactRef: `c${from + i + 1}`,
    line: from + i + 2,
    phone: `+4420794${String(from + i).padStart(5, "0")}`,
    leadClass: CLASSES[random.int(6)],
    ...(random.next() < 0.9 && { region: REGIONS[random.int(3)] }),
    fields: {},
  }));
}

const TWO = [
  { id: "A", weight: 1 },
  { id: "B", weight: 1 },
];

function variantsOf(contacts: Contact[]): string[] {
  return contacts.map((c) => c.assignment?.variantId ?? "?");
}

describe("blockTemplate", () => {
  it("fills a block with each variant in proportion to its reduced weight", () => {
    expect(blockTemplate(TWO)).toEqual(["A", "B", "A", "B"]);
    expect(blockTemplate(TWO, 2)).toEqual(["A", "B"]);
    expect(
      blockTemplate([
        { id: "A", weight: 2 },
        { id: "B", weight: 1 },
        { id: "C", weight: 1 },
      ]),
    ).toEqual(["A", "A", "B", "C"]);
    expect(
      blockTemplate([
        { id: "A", weight: 4 },
        { id: "B", weight: 2 },
      ]),
    ).toEqual(["A", "A", "B", "A", "A", "B"]);
    expect(
      blockTemplate([
        { id: "A", weight: 1 },
        { id: "B", weight: 1 },
        { id: "C", weight: 1 },
      ]),
    ).toHaveLength(6);
  });

  it("refuses a block size that cannot hold the weights exactly", () => {
    expect(() =>
      blockTemplate(
        [
          { id: "A", weight: 2 },
          { id: "B", weight: 1 },
          { id: "C", weight: 1 },
        ],
        6,
      ),
    ).toThrow(/multiple of 4/);
    expect(() => blockTemplate([{ id: "A", weight: 1 }])).toThrow(/two variants/);
  });
});

describe("assignContacts", () => {
  const options = { variants: TWO, strata: ["leadClass", "region"] as const, seed: 20261126 };

  it("is reproducible: the same seed and list give the same assignment; another seed a different one", () => {
    const contacts = makeContacts(500);
    const first = variantsOf(assignContacts(contacts, options));
    expect(variantsOf(assignContacts(contacts, options))).toEqual(first);
    expect(variantsOf(assignContacts(contacts, { ...options, seed: 7 }))).not.toEqual(first);
    expect(contacts[0].assignment).toBeUndefined();
  });

  it("is sticky: contacts added later are assigned without moving anyone, as if assigned all at once", () => {
    const early = makeContacts(301, 1);
    const late = makeContacts(250, 2, 301);
    const assigned = assignContacts(early, options);
    const extended = assignContacts([...assigned, ...late], options);
    expect(extended.slice(0, 301)).toEqual(assigned);
    expect(extended).toEqual(assignContacts([...early, ...late], options));
  });

  it("keeps an existing assignment even if the contact's attributes changed since", () => {
    const [contact] = assignContacts(makeContacts(1), options);
    const changed = { ...contact, leadClass: contact.leadClass === "A" ? ("B" as const) : ("A" as const) };
    expect(assignContacts([changed], options)[0].assignment).toEqual(contact.assignment);
  });

  it("refuses an assignment to a variant the pilot does not have", () => {
    const [contact] = assignContacts(makeContacts(1), options);
    const otherVariants = {
      ...options,
      variants: [
        { id: "X", weight: 1 },
        { id: "Y", weight: 1 },
      ],
    };
    expect(() => assignContacts([contact], otherVariants)).toThrow(
      /variant [AB], which this pilot no longer has/,
    );
  });

  it("keeps every stratum balanced at every point of the list: 1:1 never more than blockSize/2 apart, equal at each block end", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const assigned = assignContacts(makeContacts(2000, seed), { ...options, seed });
      const running = new Map<string, { a: number; b: number; n: number }>();
      for (const contact of assigned) {
        const key = stratumKey(contact, options.strata);
        const counts = running.get(key) ?? { a: 0, b: 0, n: 0 };
        if (contact.assignment?.variantId === "A") counts.a++;
        else counts.b++;
        counts.n++;
        running.set(key, counts);
        expect(Math.abs(counts.a - counts.b)).toBeLessThanOrEqual(2);
        if (counts.n % 4 === 0) expect(counts.a).toBe(counts.b);
      }
      expect(running.size).toBeGreaterThan(18);
    }
  });

  it("honours unequal weights 2:1:1 within each stratum, to within one block's share", () => {
    const variants = [
      { id: "A", weight: 2 },
      { id: "B", weight: 1 },
      { id: "C", weight: 1 },
    ];
    const assigned = assignContacts(makeContacts(4000, 9), { variants, strata: ["leadClass"], seed: 11 });
    const share = { A: 0.5, B: 0.25, C: 0.25 } as Record<string, number>;
    const running = new Map<string, Record<string, number>>();
    for (const contact of assigned) {
      const key = stratumKey(contact, ["leadClass"]);
      const counts = running.get(key) ?? { A: 0, B: 0, C: 0, n: 0 };
      counts[contact.assignment?.variantId ?? "?"]++;
      counts.n++;
      running.set(key, counts);
      for (const id of ["A", "B", "C"]) {
        expect(Math.abs(counts[id] - counts.n * share[id])).toBeLessThanOrEqual(4 * share[id]);
      }
    }
    const total = { A: 0, B: 0, C: 0 } as Record<string, number>;
    for (const c of assigned) total[c.assignment?.variantId ?? "?"]++;
    expect(total.A / 4000).toBeCloseTo(0.5, 2);
    expect(total.B / 4000).toBeCloseTo(0.25, 2);
  });

  it("is random within blocks: each variant leads some blocks and the order is not a fixed pattern", () => {
    const assigned = assignContacts(makeContacts(400), { variants: TWO, strata: [], seed: 3 });
    const openers = new Set<string>();
    const patterns = new Set<string>();
    for (let b = 0; b < 100; b++) {
      const block = variantsOf(assigned.slice(b * 4, b * 4 + 4));
      openers.add(block[0]);
      patterns.add(block.join(""));
    }
    expect(openers).toEqual(new Set(["A", "B"]));
    // All six arrangements of AABB appear over 100 blocks (each has probability 1/6).
    expect(patterns.size).toBe(6);
  });
});

describe("balanceTable", () => {
  it("counts each attribute value per variant among assigned contacts", () => {
    const contacts: Contact[] = [
      {
        contactRef: "c1",
        line: 2,
        phone: "+442079460001",
        leadClass: "A",
        region: "North",
        fields: {},
        assignment: { variantId: "A", stratum: "x", slot: 0 },
      },
      {
        contactRef: "c2",
        line: 3,
        phone: "+442079460002",
        leadClass: "A",
        fields: {},
        assignment: { variantId: "B", stratum: "x", slot: 1 },
      },
      {
        contactRef: "c3",
        line: 4,
        phone: "+442079460003",
        leadClass: "B",
        region: "North",
        fields: {},
        assignment: { variantId: "B", stratum: "y", slot: 0 },
      },
      { contactRef: "c4", line: 5, phone: "+442079460004", leadClass: "B", fields: {} },
    ];
    expect(balanceTable(contacts, ["A", "B"], ["leadClass", "region"])).toEqual([
      {
        attribute: "leadClass",
        variantIds: ["A", "B"],
        rows: [
          { value: "A", counts: [1, 1], total: 2 },
          { value: "B", counts: [0, 1], total: 1 },
        ],
        totals: [1, 2],
      },
      {
        attribute: "region",
        variantIds: ["A", "B"],
        rows: [
          { value: "North", counts: [1, 1], total: 2 },
          { value: "-", counts: [0, 1], total: 1 },
        ],
        totals: [1, 2],
      },
    ]);
  });
});

// The sample-list import (decode, parse, E.164 normalisation, checks, de-duplication, do-not-call) against a
// bare papaparse parse of the same bytes, measured in the same run. 100,000 rows must import in seconds.
// Nearly all the import's time is libphonenumber-js validating numbers against the full metadata (it
// builds a RegExp for every pattern match), so the ratio to a bare parse is large by nature.
import Papa from "papaparse";
import { importContacts } from "~/domain/pilots/import/contact-import";
import { createRandom } from "~/domain/stats/random";
import { ms, timeInterleaved, type BenchResult } from "./bench-kit";

export const title = "Contact list import vs bare papaparse";

const MAX_SECONDS_AT_100K = 5;
const SIZES = [
  { rows: 10_000, warmup: 1, repetitions: 3 },
  // One timed run: a 100k import takes seconds, and the bench shares the machine.
  { rows: 100_000, warmup: 0, repetitions: 1 },
];
const FIRST = ["Ada", "Bob", "Chen", "Dalia", "Emeka", "Fatima", "Grace", "Hiro", "Ines", "József", "Zoë"];
const LAST = ["Lovelace", "Stone", "Wei", "Haddad", "Okafor", "Khan", "Hopper", "Tanaka", "Silva", "Kovács"];
const CLASSES = ["A", "B", "C", "D", "E", "F"];
const REGIONS = ["North", "South", "East", "West"];

/** A realistic list: mixed number formats, ~1% invalid numbers, ~2% repeated numbers, quoted commas. */
function makeList(rows: number, seed: number): Uint8Array {
  const random = createRandom(seed);
  const lines = ["Name,First name,Phone,Company,Lead class,Region,VIP"];
  for (let i = 0; i < rows; i++) {
    const first = FIRST[random.int(FIRST.length)];
    const n = random.next() < 0.02 && i > 0 ? random.int(i) : i;
    const digits = String(100000 + (n % 900000)).padStart(6, "0");
    const phone =
      random.next() < 0.01
        ? "12345"
        : n % 3 === 0
          ? `07911 ${digits}`
          : n % 3 === 1
            ? `+44 7912 ${digits}`
            : `(0)7913-${digits}`;
    lines.push(
      [
        `${first} ${LAST[random.int(LAST.length)]}`,
        first,
        phone,
        random.next() < 0.2 ? `"Smith, Jones & Co ${i % 500}"` : `Company ${i % 700}`,
        CLASSES[random.int(6)],
        REGIONS[random.int(4)],
        random.next() < 0.05 ? "yes" : "",
      ].join(","),
    );
  }
  return new TextEncoder().encode(lines.join("\n") + "\n");
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const { rows, warmup, repetitions } of SIZES) {
    const bytes = makeList(rows, 2026);
    const doNotCall = new Set(Array.from({ length: 1000 }, (_, i) => `+447911${String(100000 + i * 7)}`));
    const options = {
      defaultRegion: "GB" as const,
      doNotCall,
      mapping: {
        attributes: {
          phone: "Phone",
          name: "Name",
          company: "Company",
          leadClass: "Lead class",
          region: "Region",
          vip: "VIP",
        },
        fields: { firstName: "First name" },
      },
    };
    const check = importContacts(bytes, options);
    if (!check.ok) throw new Error(`the generated list does not import: ${check.message}`);
    const median = timeInterleaved(
      {
        import: () => importContacts(bytes, options),
        papaparse: () => Papa.parse(new TextDecoder().decode(bytes), { header: false }).data.length,
      },
      { warmup, repetitions },
    );
    const ratio = median.import / median.papaparse;
    const seconds = median.import / 1000;
    const fail = rows >= 100_000 && seconds > MAX_SECONDS_AT_100K;
    results.push({
      case: `${rows.toLocaleString("en")} rows`,
      columns: {
        MB: (bytes.length / 1e6).toFixed(1),
        contacts: check.contacts.length,
        rejected: check.rejected.length,
        merged: check.merged.length,
        suppressed: check.suppressed.count,
        "import ms": ms(median.import),
        "papaparse ms": ms(median.papaparse),
        "import/papaparse": ratio.toFixed(1),
        "µs/row": ((median.import * 1000) / rows).toFixed(1),
      },
      ...(rows >= 100_000 && {
        verdict: fail ? ("FAIL" as const) : ("PASS" as const),
        note: fail
          ? `${seconds.toFixed(1)} s > ${MAX_SECONDS_AT_100K} s`
          : `<= ${MAX_SECONDS_AT_100K} s for 100k rows`,
      }),
    });
  }
  return results;
}

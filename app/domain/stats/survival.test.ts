import { describe, expect, it } from "vitest";
import { AML_MAINTAINED, AML_NONMAINTAINED } from "./testing/aml";
import { kaplanMeier, logRankTest, survivalAt, TimeCounts } from "./survival";

const maintained = AML_MAINTAINED;
const nonmaintained = AML_NONMAINTAINED;
const counts = (rows: readonly (readonly number[])[]) =>
  TimeCounts.from(rows.map(([time, status]) => ({ time, event: status === 1 })));

describe("Kaplan-Meier (R survfit defaults)", () => {
  // R: summary(survfit(Surv(time, status) ~ x, data = aml)), x = Maintained:
  //  time n.risk n.event survival std.err lower 95% CI upper 95% CI
  //     9     11       1    0.909  0.0867       0.7541        1.000
  //    13     10       1    0.818  0.1163       0.6192        1.000
  //    18      8       1    0.716  0.1397       0.4884        1.000
  //    23      7       1    0.614  0.1526       0.3769        0.999
  //    31      5       1    0.491  0.1642       0.2549        0.946
  //    34      4       1    0.368  0.1627       0.1549        0.875
  //    48      2       1    0.184  0.1535       0.0359        0.944
  const published = [
    [9, 11, 0.909, 0.0867, 0.7541, 1.0],
    [13, 10, 0.818, 0.1163, 0.6192, 1.0],
    [18, 8, 0.716, 0.1397, 0.4884, 1.0],
    [23, 7, 0.614, 0.1526, 0.3769, 0.999],
    [31, 5, 0.491, 0.1642, 0.2549, 0.946],
    [34, 4, 0.368, 0.1627, 0.1549, 0.875],
    [48, 2, 0.184, 0.1535, 0.0359, 0.944],
  ];

  it("matches the published aml table", () => {
    const curve = kaplanMeier(counts(maintained)).filter((p) => p.events > 0);
    expect(curve).toHaveLength(published.length);
    curve.forEach((point, i) => {
      const [time, atRisk, s, se, lo, hi] = published[i];
      expect(point.time).toBe(time);
      expect(point.atRisk).toBe(atRisk);
      expect(point.survival).toBeCloseTo(s, 3);
      expect(point.stdErr).toBeCloseTo(se, 4);
      expect(point.lower).toBeCloseTo(lo, 4);
      expect(point.upper).toBeCloseTo(hi, 3);
    });
  });

  // The same output, x = Nonmaintained, last rows: the curve reaching 0 has no band (NA in R).
  //    33      3       1   0.1944  0.1219       0.0569        0.664
  //    43      2       1   0.0972  0.0919       0.0153        0.620
  //    45      1       1   0.0000     NaN           NA           NA
  it("matches the tail of the Nonmaintained curve, down to 0", () => {
    const curve = kaplanMeier(counts(nonmaintained)).filter((p) => p.events > 0);
    const [t33, t43, t45] = curve.slice(-3);
    expect([t33.survival, t33.stdErr, t33.lower, t33.upper]).toEqual(
      [0.1944, 0.1219, 0.0569, 0.664].map((v) => expect.closeTo(v, 3)),
    );
    expect([t43.survival, t43.stdErr, t43.lower, t43.upper]).toEqual(
      [0.0972, 0.0919, 0.0153, 0.62].map((v) => expect.closeTo(v, 3)),
    );
    expect(t45.survival).toBe(0);
    expect(t45.lower).toBeNaN();
  });

  it("reads the step function at a given time", () => {
    const curve = kaplanMeier(counts(maintained));
    expect(survivalAt(curve, 5).survival).toBe(1);
    expect(survivalAt(curve, 30).survival).toBeCloseTo(0.614, 3);
    expect(survivalAt(curve, 30).lower).toBeCloseTo(0.3769, 4);
  });
});

describe("log-rank test (R survdiff)", () => {
  // R: survdiff(Surv(time, status) ~ x, data = aml)
  //   x=Maintained    11 7 10.69; x=Nonmaintained 12 11 7.31; Chisq = 3.4 on 1 df, p = 0.07 (0.0653)
  it("matches survdiff on aml", () => {
    const result = logRankTest([counts(maintained), counts(nonmaintained)]);
    expect(result.observed).toEqual([7, 11]);
    expect(result.expected[0]).toBeCloseTo(10.69, 2);
    expect(result.expected[1]).toBeCloseTo(7.31, 2);
    expect(result.statistic).toBeCloseTo(3.4, 1);
    expect(result.pValue).toBeCloseTo(0.0653, 4);
    expect(result.df).toBe(1);
  });

  it("handles three groups with k - 1 degrees of freedom and no difference between copies", () => {
    const result = logRankTest([counts(maintained), counts(maintained), counts(maintained)]);
    expect(result.df).toBe(2);
    expect(result.statistic).toBeCloseTo(0, 10);
    expect(result.pValue).toBeCloseTo(1, 10);
  });
});

import { describe, expect, it } from "vitest";
import { AAPOR_DISPOSITIONS } from "../aapor-dispositions";
import { aaporRates, dispositionClass } from "./aapor-rates";

const byName = (rates: ReturnType<typeof aaporRates>) =>
  Object.fromEntries(rates.map((r) => [r.name, r.value]));

describe("AAPOR outcome rates", () => {
  // ropensci/outcomerate tests/testthat/test-rate.R: x1 <- c("I","P","I","NC","UH","I","R","UO","I","O","P",
  // "I","R","O","P","NE"); outcomerate(x1, e = 0.5) gives res1.
  it("matches outcomerate's test case with e = 0.5", () => {
    const rates = byName(aaporRates({ I: 5, P: 3, R: 2, NC: 1, O: 2, UH: 1, UO: 1, NE: 1 }, 0.5));
    const expected = {
      RR1: 1 / 3,
      RR2: 8 / 15,
      RR3: 5 / 14,
      RR4: 4 / 7,
      RR5: 5 / 13,
      RR6: 8 / 13,
      COOP1: 5 / 12,
      COOP2: 2 / 3,
      COOP3: 1 / 2,
      COOP4: 4 / 5,
      REF1: 2 / 15,
      REF2: 1 / 7,
      REF3: 2 / 13,
      CON1: 4 / 5,
      CON2: 6 / 7,
      CON3: 12 / 13,
      LOC1: 13 / 15,
      LOC2: 39 / 42,
    };
    for (const [name, value] of Object.entries(expected)) expect(rates[name], name).toBeCloseTo(value, 12);
  });

  // outcomerate test-rate.R "Low-count outcome cases should return 0's and NaNs": outcomerate("UO", e = 0.3).
  it("returns 0 and NaN for a single unknown case as outcomerate does", () => {
    const rates = byName(aaporRates({ UO: 1 }, 0.3));
    for (const name of ["RR1", "RR2", "RR3", "RR4", "REF1", "REF2", "CON1", "CON2", "LOC1", "LOC2"])
      expect(rates[name]).toBe(0);
    for (const name of ["RR5", "RR6", "COOP1", "COOP2", "COOP3", "COOP4", "REF3", "CON3"])
      expect(rates[name]).toBeNaN();
  });

  // outcomerate test-e.R "e is unnecessary when all unknown contributions are zero":
  // counts I=4, P=1, R=2, NC=3, O=1 => RR3 = 4/11, RR4 = 5/11, REF2 = 2/11, CON2 = 8/11.
  it("needs no e when there are no unknown-eligibility cases", () => {
    const rates = byName(aaporRates({ I: 4, P: 1, R: 2, NC: 3, O: 1 }));
    expect(rates.RR3).toBeCloseTo(4 / 11, 12);
    expect(rates.RR4).toBeCloseTo(5 / 11, 12);
    expect(rates.REF2).toBeCloseTo(2 / 11, 12);
    expect(rates.CON2).toBeCloseTo(8 / 11, 12);
  });

  it("leaves out the e-rates rather than guessing when unknowns exist and e is not given", () => {
    const names = aaporRates({ I: 4, UH: 2 }).map((r) => r.name);
    expect(names).not.toContain("RR3");
    expect(names).toContain("RR1");
  });

  it("names the formula of every rate", () => {
    const rr1 = aaporRates({ I: 1 }).find((r) => r.name === "RR1");
    expect(rr1?.formula).toBe("I / ((I+P) + (R+NC+O) + (UH+UO))");
  });
});

describe("disposition codes to rate classes", () => {
  it.each([
    ["1.1", "I"],
    ["1.2", "P"],
    ["2.10", "R"],
    ["2.11", "R"],
    ["2.112", "R"],
    ["2.12", "R"],
    ["2.20", "NC"],
    ["2.22", "NC"],
    ["2.30", "O"],
    ["2.35", "O"],
    ["3.10", "UH"],
    ["3.13", "UH"],
    ["3.20", "UO"],
    ["3.21", "UO"],
    ["3.90", "UO"],
    ["4.10", "NE"],
    ["4.32", "NE"],
  ])("%s is %s", (code, cls) => {
    expect(dispositionClass(code)).toBe(cls);
  });

  it("classifies every code the app offers, and nothing it does not know", () => {
    for (const { code } of AAPOR_DISPOSITIONS) expect(dispositionClass(code), code).toBeDefined();
    expect(dispositionClass("9.9")).toBeUndefined();
  });
});

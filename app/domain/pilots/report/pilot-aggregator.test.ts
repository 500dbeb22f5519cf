import { describe, expect, it } from "vitest";
import { compileSchema } from "~/services/schema-validation.server";
import pilotReportSchema from "../../../../schemas/pilot-report.v1.schema.json";
import { isDomainError } from "../../domain-error";
import { createRandom } from "../../stats/random";
import type { CallSummary } from "../call-summary";
import { longOpeningScript, shortOpeningScript } from "../testing/pilot-fixtures";
import { openingEndsOf, type PilotAnalysisConfig } from "./pilot-analysis-config";
import { analyzePilot, createPilotAggregator, type PilotReport } from "./pilot-aggregator";
import { AML_MAINTAINED, AML_NONMAINTAINED } from "../../stats/testing/aml";

const validateReport = compileSchema<PilotReport>(pilotReportSchema);

const baseConfig: PilotAnalysisConfig = {
  variants: [
    { id: "a", label: "Control", weight: 1, isControl: true },
    { id: "b", label: "Short opener", weight: 1, isControl: false },
  ],
  plannedSampleSize: 500,
  minimumCallsPerVariant: 50,
  smallestChangeWorthDetecting: 0.05,
  alpha: 0.05,
};

let nextId = 0;
function call(overrides: Partial<CallSummary> & Pick<CallSummary, "variantId">): CallSummary {
  nextId++;
  return {
    callId: `c${nextId}`,
    startedAt: "2026-11-26T09:00:00.000Z",
    connected: true,
    talkSeconds: 120,
    endedBy: "script",
    aaporCode: "1.1",
    success: false,
    endNodeId: "end",
    reachedNodeIds: ["open", "pitch", "end"],
    objections: [],
    ...overrides,
  };
}

/** An early rejection by the customer at the opening after `seconds`. */
const hangUp = (variantId: string, seconds = 8): CallSummary =>
  call({
    variantId,
    talkSeconds: seconds,
    endedBy: "customer",
    aaporCode: "2.12",
    endNodeId: "open",
    reachedNodeIds: ["open"],
  });

function expectSchemaValid(report: PilotReport): void {
  const ok = validateReport(report);
  expect(ok, JSON.stringify(validateReport.errors, null, 1)).toBe(true);
}

describe("counting calls", () => {
  it("gives a schema-valid report with nulls, not NaN, before any call", () => {
    const report = createPilotAggregator({
      ...baseConfig,
      costs: { currency: "EUR", perContact: 1 },
      campaignSize: 1000,
    }).report();
    expectSchemaValid(report);
    expect(report.variants[0].earlyRejectionRate.estimate).toBeNull();
    expect(report.comparisons[0].difference.estimate).toBeNull();
    expect(report.comparisons[0].sequential.decision).toBe("waiting-for-minimum");
    expect(report.survival.logRank).toBeNull();
    expect(JSON.stringify(report)).not.toMatch(/NaN|Infinity/);
  });

  it("counts the funnel, early rejections, nodes and objections per variant", () => {
    const report = analyzePilot(
      {
        ...baseConfig,
        earlyRejection: { withinSeconds: 30, mode: "or" },
        openingEnds: { a: ["pitch"], b: ["pitch"] },
      },
      [
        hangUp("a", 5),
        hangUp("a", 45), // a break-off, but not early
        call({
          variantId: "a",
          success: true,
          endNodeId: "booked",
          reachedNodeIds: ["open", "pitch", "booked"],
        }),
        call({
          variantId: "a",
          connected: false,
          talkSeconds: 0,
          aaporCode: "3.13",
          endNodeId: "open",
          reachedNodeIds: [],
        }),
        call({
          variantId: "b",
          talkSeconds: 20,
          endedBy: "script",
          aaporCode: "2.11", // a refusal recorded by the script still counts
          endNodeId: "open",
          reachedNodeIds: ["open"],
          objections: [{ objectionId: "no-time", nodeId: "open" }],
        }),
        call({ variantId: "b", objections: [{ objectionId: "no-time", nodeId: "pitch" }] }),
      ],
    );
    const [a, b] = report.variants;
    expect([a.attempted, a.connected, a.pastOpening, a.earlyRejections, a.successes]).toEqual([
      4, 3, 1, 1, 1,
    ]);
    expect([b.attempted, b.connected, b.earlyRejections]).toEqual([2, 2, 1]);
    expect(a.funnel.map((f) => [f.stage, f.count])).toEqual([
      ["dialled", 4],
      ["connected", 3],
      ["past-opening", 1],
      ["success", 1],
    ]);
    expect(a.earlyRejectionRate.estimate).toBeCloseTo(1 / 3, 12);
    expect(a.aapor.counts).toMatchObject({ I: 1, R: 2, UH: 1 });
    const open = report.nodes.find((n) => n.nodeId === "open")!;
    // The call that never connected is not counted at the opening.
    expect(open.byVariant[0]).toMatchObject({ variantId: "a", reached: 3, ended: 2 });
    expect(open.byVariant[1].objections).toEqual([{ objectionId: "no-time", count: 1 }]);
    expect(report.nodes.find((n) => n.nodeId === "pitch")!.byVariant[1].objections).toEqual([
      { objectionId: "no-time", count: 1 },
    ]);
    expectSchemaValid(report);
  });

  it("applies a checkpoint with 'and' and 'or'", () => {
    const calls = [
      hangUp("a", 40), // late, before the checkpoint
      call({
        variantId: "a",
        talkSeconds: 12,
        endedBy: "customer",
        aaporCode: "2.12",
        reachedNodeIds: ["open", "pitch"],
        endNodeId: "pitch",
      }),
      hangUp("a", 10), // early and before the checkpoint
    ];
    const checkpoints = [{ variantId: "a", nodeId: "pitch" }];
    const or = analyzePilot(
      { ...baseConfig, earlyRejection: { withinSeconds: 30, checkpoints, mode: "or" } },
      calls,
    );
    const and = analyzePilot(
      { ...baseConfig, earlyRejection: { withinSeconds: 30, checkpoints, mode: "and" } },
      calls,
    );
    const only = analyzePilot({ ...baseConfig, earlyRejection: { checkpoints, mode: "or" } }, calls);
    expect(or.variants[0].earlyRejections).toBe(3);
    expect(and.variants[0].earlyRejections).toBe(1);
    expect(only.variants[0].earlyRejections).toBe(2);
    expect(or.variants[0].reachedCheckpoint).toBe(1);
    expect(or.variants[1].reachedCheckpoint).toBeNull();
  });

  it("counts success by end node when success outcomes are named", () => {
    const report = analyzePilot({ ...baseConfig, successOutcomes: ["booked"] }, [
      call({ variantId: "a", endNodeId: "booked", success: false }),
      call({ variantId: "a", endNodeId: "end", success: true }),
    ]);
    expect(report.variants[0].successes).toBe(1);
  });
});

describe("the comparison with the control", () => {
  // Newcombe (1998b) Table II example (a): 56/70 vs 48/80, method 10 gives (0.0524, 0.3339).
  it("reports the Newcombe interval of the difference in early-rejection rates", () => {
    const calls: CallSummary[] = [];
    for (let i = 0; i < 70; i++) calls.push(i < 56 ? hangUp("b") : call({ variantId: "b" }));
    for (let i = 0; i < 80; i++) calls.push(i < 48 ? hangUp("a") : call({ variantId: "a" }));
    const report = analyzePilot(baseConfig, calls);
    const [comparison] = report.comparisons;
    expect(comparison.difference.estimate).toBeCloseTo(0.2, 12);
    expect(comparison.difference.lower).toBeCloseTo(0.0524, 4);
    expect(comparison.difference.upper).toBeCloseTo(0.3339, 4);
    expect(comparison.fixedHorizonTest.validity).toBe("valid at the planned end");
    expect(comparison.fixedHorizonTest.method).toMatch(/z test/);
    // Worse (a higher early-rejection rate) only if the always-valid interval excludes 0.
    expect(["worse", "not-yet-decisive"]).toContain(comparison.sequential.decision);
    expect(comparison.sequential.lower! <= 0.0524).toBe(true);
    expectSchemaValid(report);
  });

  // R: prop.test(c(42, 31), c(100, 100), correct = FALSE): X-squared = 2.6103, p-value = 0.1062.
  it("uses the pooled z test for large counts and Fisher's test for small ones", () => {
    const calls: CallSummary[] = [];
    for (let i = 0; i < 100; i++) calls.push(i < 42 ? hangUp("a") : call({ variantId: "a" }));
    for (let i = 0; i < 100; i++) calls.push(i < 31 ? hangUp("b") : call({ variantId: "b" }));
    const large = analyzePilot(baseConfig, calls).comparisons[0].fixedHorizonTest;
    expect(large.statistic).toBeCloseTo(2.6103, 4);
    expect(large.pValue).toBeCloseTo(0.1062, 4);
    // The tea-tasting table: 3 of 4 vs 1 of 4, R fisher.test(matrix(c(3,1,1,3),2)) p = 0.4857.
    const small = analyzePilot(baseConfig, [
      hangUp("b"),
      hangUp("b"),
      hangUp("b"),
      call({ variantId: "b" }),
      hangUp("a"),
      call({ variantId: "a" }),
      call({ variantId: "a" }),
      call({ variantId: "a" }),
    ]).comparisons[0];
    expect(small.fixedHorizonTest.method).toMatch(/Fisher/);
    expect(small.fixedHorizonTest.pValue).toBeCloseTo(0.4857, 4);
    expect(small.sequential.decision).toBe("waiting-for-minimum");
  });

  it("splits alpha across challengers", () => {
    const config: PilotAnalysisConfig = {
      ...baseConfig,
      variants: [...baseConfig.variants, { id: "c", label: "C", weight: 1, isControl: false }],
    };
    const report = analyzePilot(config, [hangUp("a"), hangUp("b"), hangUp("c")]);
    expect(report.settings.comparisonAlpha).toBeCloseTo(0.025, 12);
    expect(report.comparisons.map((c) => c.variantId)).toEqual(["b", "c"]);
    expect(report.comparisons.every((c) => c.sequential.alpha === 0.025)).toBe(true);
  });
});

describe("time on the line", () => {
  // R survival::aml, weeks read as seconds; relapse = the customer hung up, censored = ended otherwise.
  // survfit (x = Maintained): S(23) = 0.614 (0.3769, 0.999); before 9 weeks S = 1.
  // survdiff: Chisq = 3.4 on 1 df, p = 0.0653.
  it("reproduces survfit and survdiff on the aml data", () => {
    const maintained = AML_MAINTAINED;
    const nonmaintained = AML_NONMAINTAINED;
    const toCalls = (variantId: string, rows: readonly (readonly number[])[]) =>
      rows.map(([t, status]) => call({ variantId, talkSeconds: t, endedBy: status ? "customer" : "script" }));
    const report = analyzePilot({ ...baseConfig, survivalTimes: [5, 30] }, [
      ...toCalls("a", maintained),
      ...toCalls("b", nonmaintained),
    ]);
    const [at5, at30] = report.variants[0].survival.atTimes;
    expect(at5.survival).toBe(1);
    expect(at30.survival).toBeCloseTo(0.614, 3);
    expect(at30.lower).toBeCloseTo(0.3769, 4);
    expect(at30.upper).toBeCloseTo(0.999, 3);
    expect(report.survival.logRank!.statistic).toBeCloseTo(3.4, 1);
    expect(report.survival.logRank!.pValue).toBeCloseTo(0.0653, 4);
    expectSchemaValid(report);
  });
});

describe("health checks and warnings", () => {
  it("warns about duplicates, unknown variants, odd durations and a sample-ratio mismatch", () => {
    const aggregator = createPilotAggregator(baseConfig);
    const first = call({ variantId: "a" });
    expect(aggregator.add(first)).toBe("added");
    expect(aggregator.add(first)).toBe("duplicate");
    expect(aggregator.add(call({ variantId: "zzz" }))).toBe("unknown-variant");
    aggregator.add(call({ variantId: "a", talkSeconds: -3 }));
    for (let i = 0; i < 300; i++) aggregator.add(call({ variantId: "a" }));
    for (let i = 0; i < 200; i++) aggregator.add(call({ variantId: "b" }));
    const report = aggregator.report();
    const codes = report.health.warnings.map((w) => w.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        "duplicate-call",
        "unknown-variant",
        "duration-out-of-range",
        "sample-ratio-mismatch",
      ]),
    );
    expect(report.totals).toMatchObject({ received: 504, analysed: 502, duplicates: 1, unknownVariant: 1 });
    // R: chisq.test(c(302, 200)) X-squared = 20.725 (= 102² / 502), p = 5.3e-06.
    expect(report.health.sampleRatio.attempted.statistic).toBeCloseTo(102 ** 2 / 502, 10);
    expectSchemaValid(report);
  });

  it("checks the balance of agents and given strata across variants", () => {
    const calls: CallSummary[] = [];
    for (let i = 0; i < 60; i++) calls.push(call({ variantId: "a", agent: i < 50 ? "ana" : "ben" }));
    for (let i = 0; i < 60; i++) calls.push(call({ variantId: "b", agent: i < 10 ? "ana" : "ben" }));
    const report = analyzePilot(
      {
        ...baseConfig,
        strataBalance: [{ attribute: "lead class", counts: { A: { a: 30, b: 31 }, B: { a: 30, b: 29 } } }],
      },
      calls,
    );
    const agent = report.health.balance.find((b) => b.attribute === "agent")!;
    expect(agent.test.pValue!).toBeLessThan(0.001);
    expect(report.health.balance.find((b) => b.attribute === "lead class")!.test.pValue!).toBeGreaterThan(
      0.5,
    );
    expect(report.health.warnings.map((w) => w.code)).toContain("imbalance");
  });
});

describe("costs and projection", () => {
  it("prices calls and projects the campaign with an interval", () => {
    const calls: CallSummary[] = [];
    for (let i = 0; i < 100; i++) calls.push(call({ variantId: "a", talkSeconds: 60, success: i < 10 }));
    for (let i = 0; i < 100; i++)
      calls.push(i < 20 ? hangUp("b", 30) : call({ variantId: "b", talkSeconds: 60, success: i < 40 }));
    const report = analyzePilot(
      {
        ...baseConfig,
        costs: { currency: "GBP", perContact: 0.5, perTalkMinute: 0.2, perSuccess: 30 },
        campaignSize: 10_000,
      },
      calls,
    );
    const a = report.variants[0];
    expect(a.costs).toMatchObject({
      currency: "GBP",
      total: 100 * 0.5 + 100 * 0.2,
      perCall: 0.7,
      perSuccess: 7,
    });
    expect(a.projection!.successes.estimate).toBeCloseTo(1000, 9);
    expect(a.projection!.successes.lower!).toBeLessThan(1000);
    expect(a.projection!.successes.upper!).toBeGreaterThan(1000);
    expect(a.projection!.cost).toBeCloseTo(7000, 9);
    expect(a.projection!.net.estimate).toBeCloseTo(30_000 - 7000, 9);
    // b costs less per call and avoids none of a's early rejections (a has none): no price per avoided one.
    expect(report.comparisons[0].costPerEarlyRejectionAvoided).toBeNull();
    expectSchemaValid(report);
  });
});

describe("incremental aggregation", () => {
  it("gives exactly the from-scratch report after every batch of streamed calls", () => {
    const random = createRandom(42);
    const calls: CallSummary[] = [];
    for (let i = 0; i < 600; i++) {
      const variantId = random.next() < 0.5 ? "a" : "b";
      const early = random.next() < (variantId === "a" ? 0.35 : 0.25);
      calls.push(
        early
          ? hangUp(variantId, Math.round(random.next() * 300) / 10)
          : call({ variantId, talkSeconds: 30 + random.int(200), agent: `agent-${random.int(4)}` }),
      );
    }
    const aggregator = createPilotAggregator(baseConfig);
    for (let i = 0; i < calls.length; i++) {
      aggregator.add(calls[i]);
      if ((i + 1) % 150 === 0)
        expect(aggregator.report()).toEqual(analyzePilot(baseConfig, calls.slice(0, i + 1)));
    }
  });

  it("refuses an unusable config with a message per field", () => {
    try {
      createPilotAggregator({
        ...baseConfig,
        variants: baseConfig.variants.map((v) => ({ ...v, isControl: false })),
        alpha: 0,
      });
      expect.unreachable();
    } catch (error) {
      if (!isDomainError(error)) throw error;
      expect(error.details.map((d) => d.path)).toEqual(["variants", "alpha"]);
      expect(error.details[0].message).toMatch(/exactly one variant must be the control/);
    }
  });
});

describe("where people drop and the opening", () => {
  const notConnected = (variantId: string) =>
    call({
      variantId,
      connected: false,
      talkSeconds: 0,
      aaporCode: "3.13",
      endedBy: "agent",
      endNodeId: "start",
      reachedNodeIds: ["start"],
    });

  it("counts only connected calls as reaching or ending at a node", () => {
    const calls = [
      ...Array.from({ length: 5 }, () => notConnected("a")),
      call({
        variantId: "a",
        endedBy: "customer",
        aaporCode: "2.12",
        talkSeconds: 4,
        endNodeId: "start",
        reachedNodeIds: ["start"],
      }),
      call({ variantId: "a", reachedNodeIds: ["start", "open", "pitch", "end"] }),
    ];
    const report = analyzePilot(baseConfig, calls);
    const start = report.nodes.find((n) => n.nodeId === "start")!.byVariant[0];
    expect(start).toMatchObject({ reached: 2, ended: 1, dropRate: 0.5 });
    for (const node of report.nodes)
      for (const v of node.byVariant) expect(v.ended).toBeLessThanOrEqual(v.reached);
    expect(report.variants[0].attempted).toBe(7);
  });

  it("counts a call past the opening only when it reached the variant's first question or checkpoint", () => {
    const config: PilotAnalysisConfig = {
      ...baseConfig,
      variants: [
        { id: "A", label: "Long", weight: 1, isControl: true },
        { id: "B", label: "Short", weight: 1, isControl: false },
      ],
      openingEnds: openingEndsOf({ A: longOpeningScript(), B: shortOpeningScript() }),
    };
    const report = analyzePilot(config, [
      // Hung up during the long introduction: connected, but not past the opening.
      call({
        variantId: "A",
        endedBy: "customer",
        aaporCode: "2.12",
        talkSeconds: 9,
        endNodeId: "intro",
        reachedNodeIds: ["start", "intro"],
      }),
      call({ variantId: "A", endNodeId: "no-time", reachedNodeIds: ["start", "intro", "q-time", "no-time"] }),
      notConnected("A"),
      call({
        variantId: "B",
        endNodeId: "booked",
        reachedNodeIds: ["start", "hello", "cp", "pitch", "q", "booked"],
      }),
      call({
        variantId: "B",
        endedBy: "customer",
        aaporCode: "2.12",
        talkSeconds: 3,
        endNodeId: "hello",
        reachedNodeIds: ["start", "hello"],
      }),
    ]);
    const [a, b] = report.variants;
    expect([a.connected, a.pastOpening]).toEqual([2, 1]);
    expect([b.connected, b.pastOpening]).toEqual([2, 1]);
    expect(a.funnel.find((f) => f.stage === "past-opening")?.count).toBe(1);
  });

  it("leaves the stage out rather than guess when the variant's script is not known", () => {
    const report = analyzePilot(baseConfig, [call({ variantId: "a" })]);
    expect(report.variants[0].funnel.map((f) => f.stage)).not.toContain("past-opening");
  });
});

describe("success outcomes", () => {
  it("counts a call as a success when it ends at a listed end node, whatever its own flag", () => {
    const config = { ...baseConfig, successOutcomes: ["booked"] };
    const report = analyzePilot(config, [
      call({ variantId: "a", endNodeId: "booked", success: false }),
      call({ variantId: "a", endNodeId: "interested", success: true }),
    ]);
    expect(report.variants[0].successes).toBe(1);
  });

  it("uses each call's own flag when no outcome is listed", () => {
    const report = analyzePilot(baseConfig, [
      call({ variantId: "a", endNodeId: "booked", success: false }),
      call({ variantId: "a", endNodeId: "interested", success: true }),
    ]);
    expect(report.variants[0].successes).toBe(1);
    expect(report.nodes.find((n) => n.nodeId === "interested")).toBeDefined();
  });
});

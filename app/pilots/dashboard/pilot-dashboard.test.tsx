// @vitest-environment jsdom
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { createPilotAggregator } from "~/domain/pilots/report/pilot-aggregator";
import { B_MUCH_BETTER, simulatedPilot } from "./dashboard.testing";
import { decisionSentence } from "./decision-sentence";
import { PilotDashboard } from "./pilot-dashboard";

afterEach(cleanup);

const cells = (row: HTMLElement) =>
  within(row)
    .getAllByRole("cell")
    .map((c) => c.textContent);

describe("PilotDashboard", () => {
  it("shows an empty state, not empty charts, before the first call", () => {
    const { config } = simulatedPilot(10);
    render(<PilotDashboard report={createPilotAggregator(config).report()} />);
    expect(screen.getByRole("heading", { name: "No calls yet" })).toBeTruthy();
    expect(screen.queryByRole("table")).toBeNull();
    expect(screen.queryByRole("img")).toBeNull();
  });

  it("lists each variant's counts in a captioned table with the Wilson interval", () => {
    const { report, summaries } = simulatedPilot(400, B_MUCH_BETTER);
    render(<PilotDashboard report={report} />);
    const table = screen.getByRole("table", { name: "Calls per variant" });
    const rowA = within(table).getByRole("row", { name: /Variant A \(Long\)/ });
    const a = summaries.filter((s) => s.variantId === "A");
    // Counted from the simulated calls themselves, independently of the aggregator.
    expect(cells(rowA)[0]).toBe(String(a.length));
    expect(cells(rowA)[1]).toBe(String(a.filter((s) => s.connected).length));
    expect(cells(rowA)[4]).toBe(String(a.filter((s) => s.success).length));
    const er = report.variants[0].earlyRejectionRate;
    expect(cells(rowA)[5]).toBe(`${(er.estimate! * 100).toFixed(1)}%`);
    expect(cells(rowA)[6]).toBe(`${(er.lower! * 100).toFixed(1)}% to ${(er.upper! * 100).toFixed(1)}%`);
  });

  it("gives every chart a title and a description carrying its numbers", () => {
    const { report } = simulatedPilot(400, B_MUCH_BETTER);
    render(<PilotDashboard report={report} />);
    const rate = screen.getByRole("img", { name: /Early-rejection rate by variant/ });
    const b = report.variants[1];
    expect(rate.querySelector("desc")?.textContent).toContain(
      `Variant B (Short): ${(b.earlyRejectionRate.estimate! * 100).toFixed(1)}% (95% Wilson interval`,
    );
    expect(rate.querySelector("desc")?.textContent).toContain(
      `${b.earlyRejections} of ${b.connected} connected calls`,
    );
    const funnel = screen.getByRole("img", { name: /Funnel by variant/ });
    expect(funnel.querySelector("desc")?.textContent).toContain(
      `dialled ${b.attempted}, connected ${b.connected}`,
    );
    const survival = screen.getByRole("img", { name: /Time on the line/ });
    for (const v of report.variants) {
      const g = survival.querySelector(`[data-variant="${v.id}"]`)!;
      expect(g.querySelector("path.band")?.getAttribute("d")).toMatch(/Z$/);
      // A step curve from 100% that never rises: each corner is at or below (larger y) the one before.
      const ys = [
        ...g
          .querySelector("path.curve")!
          .getAttribute("d")!
          .matchAll(/[\d.]+ ([\d.]+)/g),
      ].map((m) => Number(m[1]));
      expect(ys.length).toBeGreaterThan(2);
      expect(ys.every((y, i) => i === 0 || y >= ys[i - 1])).toBe(true);
    }
    expect(survival.querySelector("desc")?.textContent).toMatch(/still on the line at 10 s/);
  });

  it("draws the dot at the estimate and the whisker across the Wilson interval", () => {
    const { report } = simulatedPilot(400, B_MUCH_BETTER);
    render(<PilotDashboard report={report} />);
    const rate = screen.getByRole("img", { name: /Early-rejection rate by variant/ });
    for (const v of report.variants) {
      const g = rate.querySelector(`[data-variant="${v.id}"]`)!;
      const dot = Number(g.querySelector("circle")!.getAttribute("cx"));
      const [whisker] = g.querySelectorAll("line");
      const from = Number(whisker.getAttribute("x1"));
      const to = Number(whisker.getAttribute("x2"));
      expect(from).toBeLessThan(dot);
      expect(dot).toBeLessThan(to);
      // Positions are linear in the rate: the dot splits the whisker as the estimate splits the interval.
      const e = v.earlyRejectionRate;
      expect((dot - from) / (to - from)).toBeCloseTo((e.estimate! - e.lower!) / (e.upper! - e.lower!), 6);
    }
  });

  it("says plainly that a clearly better challenger loses fewer people early", () => {
    const { report } = simulatedPilot(2000, B_MUCH_BETTER);
    expect(report.comparisons[0].sequential.decision).toBe("better");
    render(<PilotDashboard report={report} />);
    const decision = screen.getByRole("region", { name: "Decision so far" });
    expect(within(decision).getByText(/^Variant B \(Short\) loses fewer people early: /)).toBeTruthy();
    const compare = screen.getByRole("table", { name: /challengers against the control/ });
    expect(
      within(compare).getByRole("columnheader", { name: "p-value, valid at the planned end" }),
    ).toBeTruthy();
    expect(within(compare).getByText(/Fisher|z test/i)).toBeTruthy();
  });

  it("shows health warnings as alerts in words", () => {
    const { config, summaries } = simulatedPilot(400);
    const aggregator = createPilotAggregator(config);
    for (const s of summaries) aggregator.add(s);
    aggregator.add({ ...summaries[0] }); // the same call twice
    aggregator.add({ ...summaries[1], callId: "x-1", variantId: "Z" });
    render(<PilotDashboard report={aggregator.report()} />);
    const alerts = screen.getByRole("list", { name: "Problems found" });
    expect(within(alerts).getByText(/1 call\(s\) were received twice/)).toBeTruthy();
    expect(within(alerts).getByText(/1 call\(s\) name no variant/)).toBeTruthy();
  });

  it("shows where people drop with the numbers as text beside the heat shade", () => {
    const { report } = simulatedPilot(400, B_MUCH_BETTER);
    render(<PilotDashboard report={report} nodeNames={{ intro: "Opening" }} />);
    const table = screen.getByRole("table", { name: /reached each step and ended there/ });
    const intro = within(table).getByRole("row", { name: /^Opening/ });
    const node = report.nodes.find((n) => n.nodeId === "intro")!.byVariant[0];
    const heat = intro.querySelector("[data-heat]")!;
    expect(heat.textContent).toBe(`${Math.round(node.dropRate! * 100)}%`);
    expect(cells(intro).slice(0, 2)).toEqual([String(node.reached), String(node.ended)]);
  });

  it("names the AAPOR formulas and shows each rate with its numerator and denominator", () => {
    const { report, summaries } = simulatedPilot(400);
    render(<PilotDashboard report={report} />);
    const aapor = screen.getByRole("table", { name: /AAPOR rates/ });
    const rr1 = within(aapor).getByRole("row", { name: /^RR1/ });
    expect(cells(rr1)[0]).toBe("I / ((I+P) + (R+NC+O) + (UH+UO))");
    // RR1: completes (1.1) over every case but the not-eligible ones (4.x), counted straight from the calls.
    const a = summaries.filter((s) => s.variantId === "A");
    const completes = a.filter((s) => s.aaporCode === "1.1").length;
    const eligibleOrUnknown = a.filter((s) => !s.aaporCode.startsWith("4.")).length;
    expect(cells(rr1)[1]).toMatch(new RegExp(`\\(${completes}/${eligibleOrUnknown}\\)$`));
  });
});

describe("decisionSentence", () => {
  const { report } = simulatedPilot(400);
  const [control, challenger] = report.variants;
  const base = report.comparisons[0];
  const say = (sequential: Partial<typeof base.sequential>) =>
    decisionSentence(
      { ...base, sequential: { ...base.sequential, ...sequential } },
      challenger,
      control,
      report.settings,
    );

  it("says worse, no practical difference, planned size and not yet decisive in words", () => {
    expect(say({ decision: "worse" })).toMatch(/^Variant B \(Short\) is worse: it loses more people early/);
    expect(say({ decision: "no-practical-difference" })).toMatch(
      /^No practical difference between Variant B \(Short\) and Variant A \(Long\): any difference is smaller than 5\.0 points/,
    );
    expect(say({ decision: "planned-size-reached" })).toMatch(/^Planned size reached/);
    expect(say({ decision: "not-yet-decisive", callsStillNeeded: 1234 })).toBe(
      "Not yet decisive for Variant B (Short): about 1,234 more connected calls per variant needed.",
    );
    expect(say({ decision: "waiting-for-minimum", callsStillNeeded: 12 })).toMatch(
      /waiting for at least 50 connected calls per variant \(12 more\)/,
    );
  });
});

describe("HeatOverlay", () => {
  it("lays each step's numbers over the variant's script, in words as well as shade", async () => {
    const { HeatOverlay } = await import("./heat-overlay");
    const { variantScripts } = await import("~/domain/pilots/testing/pilot-fixtures");
    const { report } = simulatedPilot(400, B_MUCH_BETTER);
    render(<HeatOverlay report={report} scripts={variantScripts()} />);
    const intro = report.nodes.find((n) => n.nodeId === "intro")!.byVariant[0];
    const notes = screen.getAllByRole("list", { name: "Calls at this step, Variant A (Long)" });
    const texts = notes.map((n) => n.textContent);
    expect(texts).toContain(
      `reached ${intro.reached}ended here ${intro.ended} (${Math.round(intro.dropRate! * 100)}%)`,
    );
  });
});

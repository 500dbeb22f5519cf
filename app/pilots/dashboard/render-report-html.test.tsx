import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { externalReferences } from "~/domain/pilots/report-export/html-document";
import { B_MUCH_BETTER, simulatedPilot } from "./dashboard.testing";
import { renderReportHtml } from "./render-report-html";

const { report } = simulatedPilot(600, B_MUCH_BETTER);
const html = renderReportHtml({
  pilotName: "Openings <Q4>",
  status: "running",
  report,
  nodeNames: { intro: "Opening" },
  generatedAt: "2026-11-26T10:00:00.000Z",
  css: ".dashboard { color: #123; }",
});

describe("renderReportHtml", () => {
  it("references nothing outside the file: no scripts, links, external sources or url()", () => {
    expect(externalReferences(html)).toEqual([]);
    expect(html).toMatch(/<style>[\s\S]*\.dashboard \{ color: #123; \}/);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it("catches what would load from elsewhere", () => {
    expect(
      externalReferences('<img src="https://x/y.png"><a href="http://x">x</a><style>@import "a.css"</style>'),
    ).toHaveLength(3);
    expect(externalReferences('<script>1</script><div onclick="x()"></div>')).toHaveLength(2);
  });

  it("carries the dashboard's sections, tables and inline charts", () => {
    const doc = new JSDOM(html).window.document;
    expect(doc.title).toBe("Pilot report: Openings <Q4>");
    const headings = [...doc.querySelectorAll("h2")].map((h) => h.textContent);
    expect(headings).toEqual(
      expect.arrayContaining([
        "Decision so far",
        "Calls per variant",
        "Time on the line",
        "Where people drop",
        "Health checks",
      ]),
    );
    expect(doc.querySelectorAll("svg[role=img]")).toHaveLength(3);
    const counts = doc.querySelector('[data-testid="variant-counts"] tr[data-variant="B"]');
    expect(counts?.querySelectorAll("td")[1]?.textContent).toBe(String(report.variants[1].connected));
    expect(doc.querySelector("[data-decision]")?.textContent).toMatch(
      /^Variant B \(Short\) loses fewer people early/,
    );
  });
});

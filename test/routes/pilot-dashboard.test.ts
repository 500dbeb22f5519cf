import { JSDOM } from "jsdom";
import Papa from "papaparse";
import { beforeEach, describe, expect, it } from "vitest";
import { externalReferences } from "~/domain/pilots/report-export/html-document";
import { loader as callsCsvLoader } from "~/routes/pilots.$id.calls[.]csv";
import { loader as dashboardLoader } from "~/routes/pilots.$id._index";
import { loader as reportHtmlLoader } from "~/routes/pilots.$id.report[.]html";
import { loader as plannerLoader } from "~/routes/pilots.plan";
import {
  changePilotStatus,
  createPilot,
  importPilotContacts,
  importPilotResults,
} from "~/services/pilots.server";
import { approvedPair, pilotInput } from "../fixtures/pilots/approved-versions";
import { get, thrownResponse, useMemoryApp, type TestSession } from "../support/memory-app";

const app = useMemoryApp();
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });
const NOW = "2026-11-26T09:00:00.000Z";
const bytes = (text: string) => new TextEncoder().encode(text);

// Five dialer rows with known outcomes. Contact ids look like phone numbers on purpose: the CSV export must
// not carry them.
const RESULTS = [
  "contact_id,variant,agent,started_at,connected,talk_seconds,disposition,last_node_id,ended_by,nodes_path",
  "+442079460001,A,agent-1,2026-11-26T09:30:00Z,yes,8,2.12,intro,customer,start > intro",
  "+442079460002,A,=HYPERLINK(1),2026-11-26T09:31:00Z,yes,95,1.1,appointment,script,start > intro > q-time > pitch-done > pitch > q-interest > appointment",
  "+442079460003,B,agent-1,2026-11-26T09:32:00Z,yes,12,2.11,hello,customer,start > hello",
  "+442079460004,B,agent-2,2026-11-26T09:33:00Z,no,,3.13,start,agent,",
  "+442079460005,B,agent-2,2026-11-26T09:34:00Z,yes,40,1.1,booked,script,start > hello > cp > pitch > q > booked",
].join("\n");

let lead: TestSession;
let pilotId: string;

beforeEach(async () => {
  lead = await app.signIn(["lead", "writer"], { username: "lead" });
  const { control, challenger } = await approvedPair(app.storage());
  const pilot = await createPilot(pilotInput(control, challenger), lead.user, NOW);
  pilotId = pilot.id;
  await importPilotContacts(
    pilotId,
    bytes("First name,Company,Phone,Lead class\nAda,Acme,020 7946 0001,A\nBen,Bolt,020 7946 0002,B\n"),
    { defaultRegion: "GB" },
    lead.user,
    NOW,
  );
  await changePilotStatus(pilotId, "start", lead.user, NOW);
});

const importResults = () => importPilotResults(pilotId, bytes(RESULTS), {}, lead.user, NOW);

describe("the pilot dashboard route", () => {
  it("gives a lead the live report with the counts per variant", async () => {
    await importResults();
    const data = await dashboardLoader(args(get(`/pilots/${pilotId}`, lead), { id: pilotId }));
    if (!data) throw new Error("no data");
    expect(data.pilot).toMatchObject({ id: pilotId, name: "Openings", status: "running" });
    const [a, b] = data.report.variants;
    expect(a).toMatchObject({ id: "A", attempted: 2, connected: 2, earlyRejections: 1, successes: 1 });
    expect(b).toMatchObject({ id: "B", attempted: 3, connected: 2, earlyRejections: 1, successes: 1 });
    expect(data.nodeNames.intro).toBe("Opening");
    expect(Object.keys(data.scripts)).toEqual(["A", "B"]);
    expect(Date.parse(data.updatedAt)).not.toBeNaN();
  });

  it("shows an empty report before any call", async () => {
    const data = await dashboardLoader(args(get(`/pilots/${pilotId}`, lead), { id: pilotId }));
    expect(data?.report.totals.analysed).toBe(0);
  });

  it("sends a signed-out visitor to sign in, and refuses someone who is not a lead", async () => {
    const signedOut = await thrownResponse(dashboardLoader(args(get(`/pilots/${pilotId}`), { id: pilotId })));
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("Location")).toBe(`/login?next=${encodeURIComponent(`/pilots/${pilotId}`)}`);
    const writer = await app.signIn(["writer"], { username: "writer" });
    const refused = await thrownResponse(
      dashboardLoader(args(get(`/pilots/${pilotId}`, writer), { id: pilotId })),
    );
    expect(refused.status).toBe(403);
  });

  it("answers 404 for a pilot that does not exist", async () => {
    for (const loader of [dashboardLoader, reportHtmlLoader, callsCsvLoader]) {
      const response = await thrownResponse(loader(args(get("/pilots/nope", lead), { id: "nope" })));
      expect(response.status).toBe(404);
    }
  });
});

describe("the report exports", () => {
  it("serves the report as one self-contained HTML page with the dashboard's numbers", async () => {
    await importResults();
    const response = await reportHtmlLoader(
      args(get(`/pilots/${pilotId}/report.html`, lead), { id: pilotId }),
    );
    if (!(response instanceof Response)) throw new Error("expected a Response");
    expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    const html = await response.text();
    expect(externalReferences(html)).toEqual([]);
    const doc = new JSDOM(html).window.document;
    expect(doc.querySelector("h1")?.textContent).toBe("Pilot report: Openings");
    const rowB = doc.querySelector('[data-testid="variant-counts"] tr[data-variant="B"]');
    expect([...(rowB?.querySelectorAll("td") ?? [])].slice(0, 5).map((td) => td.textContent)).toEqual([
      "3",
      "2",
      "1",
      "1",
      "1",
    ]);
    // The app's stylesheet is inlined.
    expect(doc.querySelector("style")?.textContent).toContain(".dashboard table.data");
  });

  it("serves the calls as a CSV without contact references, with formulas neutralised", async () => {
    await importResults();
    const response = await callsCsvLoader(args(get(`/pilots/${pilotId}/calls.csv`, lead), { id: pilotId }));
    if (!(response instanceof Response)) throw new Error("expected a Response");
    expect(response.headers.get("Content-Disposition")).toBe(
      `attachment; filename="pilot-${pilotId}-calls.csv"`,
    );
    const text = await response.text();
    expect(text).not.toContain("+44207946");
    const rows = Papa.parse<Record<string, string>>(text.trimEnd(), { header: true, newline: "\r\n" }).data;
    expect(rows).toHaveLength(5);
    expect(rows.map((r) => r.early_rejection)).toEqual(["yes", "no", "yes", "no", "no"]);
    expect(rows.map((r) => r.reached_checkpoint)).toEqual(["no", "yes", "no", "no", "yes"]);
    expect(rows[1].agent_id).toBe("'=HYPERLINK(1)");
  });

  it("sends a signed-out visitor to sign in instead of exporting", async () => {
    const response = await thrownResponse(
      callsCsvLoader(args(get(`/pilots/${pilotId}/calls.csv`), { id: pilotId })),
    );
    expect(response.status).toBe(302);
  });
});

describe("the planner route", () => {
  it("computes calls per variant and contacts to dial from the query string (R: n = 355.9428)", async () => {
    const data = await plannerLoader(
      args(
        get(
          "/pilots/plan?baseline=40&change=10&direction=lower&power=80&alpha=5&variants=2&connectRate=35&listSize=",
          lead,
        ),
      ),
    );
    expect("plan" in data && data.plan).toMatchObject({
      perVariant: 356,
      totalConnected: 712,
      contactsToDial: 2035,
    });
  });

  it("says which field is wrong", async () => {
    const data = await plannerLoader(args(get("/pilots/plan?baseline=140&change=10&variants=5", lead)));
    expect(data.errors).toMatchObject({
      baseline: "The baseline rate must be a percentage above 0 and below 100 (got “140”).",
      variants: "Choose 2, 3 or 4 variants.",
    });
    expect("plan" in data).toBe(false);
  });
});

import { readFile } from "node:fs/promises";
import path from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { nodeDisplayName } from "~/domain/node-summary";
import { renderReportHtml } from "~/pilots/dashboard/render-report-html";
import { requireUser } from "~/services/auth.server";
import { toHttpProblem } from "~/services/http.server";
import { getPilot, getPilotReport, pilotVersions } from "~/services/pilots.server";
import { projectRoot } from "~/services/project-root.server";

let css: Promise<string> | undefined;

/** The dashboard's own stylesheet, inlined so the export looks like the page and needs nothing else. */
function dashboardCss(): Promise<string> {
  css ??= readFile(path.join(projectRoot(), "app/styles/dashboard.css"), "utf8").catch(() => "");
  return css;
}

/** The pilot report as one self-contained HTML file (inline CSS and SVG, no scripts, no network). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "lead");
  try {
    const pilot = await getPilot(params.id ?? "");
    const [report, versions] = await Promise.all([getPilotReport(pilot.id), pilotVersions(pilot)]);
    const nodeNames: Record<string, string> = {};
    for (const v of Object.values(versions))
      for (const n of v.script.nodes) nodeNames[n.id] ??= nodeDisplayName(n, 60);
    const html = renderReportHtml({
      pilotName: pilot.name,
      status: pilot.status,
      report,
      nodeNames,
      generatedAt: new Date().toISOString(),
      css: await dashboardCss(),
    });
    return new Response(html, {
      headers: {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Disposition": `inline; filename="pilot-${pilot.id}-report.html"`,
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    // Not throwAsResponse: its statusText must be Latin-1, and messages quote names with “ ”.
    const problem = toHttpProblem(error);
    throw new Response(problem.message, { status: problem.status });
  }
}

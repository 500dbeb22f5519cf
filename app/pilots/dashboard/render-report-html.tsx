import { renderToStaticMarkup } from "react-dom/server";
import { htmlDocument } from "~/domain/pilots/report-export/html-document";
import type { PilotReport } from "~/domain/pilots/report/pilot-aggregator";
import { PilotDashboard } from "./pilot-dashboard";

export interface ReportHtmlInput {
  pilotName: string;
  status: string;
  report: PilotReport;
  nodeNames?: Readonly<Record<string, string>>;
  /** ISO time the numbers are from. */
  generatedAt: string;
  css: string;
}

/** The dashboard as one HTML file: the same sections and tables, charts as inline SVG, no scripts. */
export function renderReportHtml({
  pilotName,
  status,
  report,
  nodeNames,
  generatedAt,
  css,
}: ReportHtmlInput): string {
  const body = renderToStaticMarkup(
    <main className="report">
      <h1>Pilot report: {pilotName}</h1>
      <p className="muted">
        Status: {status}. Numbers as of{" "}
        <time dateTime={generatedAt}>{generatedAt.replace("T", " ").slice(0, 19)} UTC</time>. Planned size{" "}
        {report.settings.plannedSampleSize} connected calls per variant; significance level{" "}
        {report.settings.alpha}.
      </p>
      <PilotDashboard report={report} nodeNames={nodeNames} />
    </main>,
  );
  return htmlDocument({
    title: `Pilot report: ${pilotName}`,
    css: `body { font-family: system-ui, sans-serif; color: #1d2330; background: #f6f7f9; line-height: 1.5; margin: 1.5rem; }\n${css}`,
    bodyHtml: body,
  });
}

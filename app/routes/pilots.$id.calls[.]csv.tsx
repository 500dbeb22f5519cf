import type { LoaderFunctionArgs } from "@remix-run/node";
import { summarizeCall, type CallSummary } from "~/domain/pilots/call-summary";
import { callsCsv } from "~/domain/pilots/report-export/calls-csv";
import { requireUser } from "~/services/auth.server";
import { listCalls } from "~/services/calls.server";
import { toHttpProblem } from "~/services/http.server";
import { analysisConfig, getPilot } from "~/services/pilots.server";
import { readPilotFile } from "~/services/pilot-files.server";

/** The pilot's calls as a CSV without personal data (see callsCsv), for a spreadsheet or another tool. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "lead");
  try {
    const pilot = await getPilot(params.id ?? "");
    const csv = callsCsv(await pilotCallSummaries(pilot.id), analysisConfig(pilot));
    return new Response(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8; header=present",
        "Content-Disposition": `attachment; filename="pilot-${pilot.id}-calls.csv"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    // Not throwAsResponse: its statusText must be Latin-1, and messages quote names with “ ”.
    const problem = toHttpProblem(error);
    throw new Response(problem.message, { status: problem.status });
  }
}

/** Ended run-mode calls of the pilot, then the dialer results imported for it, in that order. */
async function pilotCallSummaries(pilotId: string): Promise<CallSummary[]> {
  const out: CallSummary[] = [];
  for (const record of await listCalls({ pilotId, preview: false })) {
    if (record.status === "ended" && record.variantId !== undefined && !record.preview)
      out.push(summarizeCall(record));
  }
  const raw = await readPilotFile(pilotId, "results");
  if (typeof raw === "object" && raw !== null && "summaries" in raw && Array.isArray(raw.summaries)) {
    for (const s of raw.summaries) if (isSummary(s)) out.push(s);
  }
  return out;
}

function isSummary(value: unknown): value is CallSummary {
  return (
    typeof value === "object" &&
    value !== null &&
    "callId" in value &&
    typeof value.callId === "string" &&
    "variantId" in value &&
    typeof value.variantId === "string" &&
    "reachedNodeIds" in value &&
    Array.isArray(value.reachedNodeIds)
  );
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { callsCsv } from "~/domain/pilots/report-export/calls-csv";
import { requireUser } from "~/services/auth.server";
import { toHttpProblem } from "~/services/http.server";
import { analysisConfig, getPilot, listPilotCallSummaries } from "~/services/pilots.server";

/** The pilot's calls as a CSV without personal data (see callsCsv), for a spreadsheet or another tool. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "lead");
  try {
    const pilot = await getPilot(params.id ?? "");
    const csv = callsCsv(await listPilotCallSummaries(pilot.id), await analysisConfig(pilot));
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

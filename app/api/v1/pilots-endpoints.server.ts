import { getContactAssignment, getPilotReport } from "~/services/pilots.server";
import type { ApiRequest, ApiResponse } from "./api-handler.server";

/** Which variant (and frozen version) a pilot contact gets: the dialer then plays that version. */
export async function getAssignment(request: ApiRequest): Promise<ApiResponse> {
  const { pilotId, contactId } = request.params;
  return { status: 200, body: await getContactAssignment(pilotId, contactId) };
}

/** The live pilot report (schemas/pilot-report.v1.schema.json): the same numbers as the dashboard. */
export async function getResults(request: ApiRequest): Promise<ApiResponse> {
  return { status: 200, body: await getPilotReport(request.params.pilotId) };
}

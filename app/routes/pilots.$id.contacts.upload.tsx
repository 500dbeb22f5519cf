import type { ActionFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/services/auth.server";
import { handlePilotUpload } from "~/services/pilot-forms.server";

/** The pilot pages' CSV uploads sent by script (for the progress bar); answers the outcome as JSON. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "lead");
  const result = await handlePilotUpload(
    params.id ?? "",
    await request.formData(),
    user,
    new Date().toISOString(),
  );
  return Response.json(result, { status: result.ok ? 200 : 422 });
}

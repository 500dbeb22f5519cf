import type { LoaderFunctionArgs } from "@remix-run/node";
import { getAppContext } from "~/services/app-context.server";
import { requireUser } from "~/services/auth.server";
import { reviewStateOfScript } from "~/services/versions.server";

/** The script's review state for the editor toolbar (a resource route: no page). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const { storage } = await getAppContext();
  return { state: await reviewStateOfScript(storage, params.id ?? "") };
}

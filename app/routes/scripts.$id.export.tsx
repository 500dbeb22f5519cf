import type { LoaderFunctionArgs } from "@remix-run/node";
import { getAppContext } from "~/services/app-context.server";
import { recordAudit } from "~/services/audit.server";
import { requireUser } from "~/services/auth.server";
import { throwAsResponse } from "~/services/http.server";
import { exportScript, getScript } from "~/services/scripts.server";

/** Downloads the script document as JSON (a resource route: no page). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { storage } = await getAppContext();
  const script = await getScript(storage, params.id ?? "").catch(throwAsResponse);
  await recordAudit({
    actor: user,
    action: "script.exported",
    object: { type: "script", id: script.id },
    details: { format: "json", revision: script.revision },
  });
  const { filename, body } = exportScript(script);
  return new Response(body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${asciiFallback(filename)}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "Cache-Control": "no-store",
    },
  });
}

function asciiFallback(filename: string): string {
  return filename.replace(/[^\x20-\x7e]/g, "_").replace(/"/g, "");
}

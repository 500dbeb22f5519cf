import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { action as exportAction } from "./scripts.$id.versions.$n_.export";

/**
 * The Download button posts here rather than to the export page: a resource route hands the browser the
 * file itself (with its Content-Disposition), where a page route would render the page again. When the
 * export is refused, the person goes back to the page with the reason and each setting's problem.
 */
export async function action(args: ActionFunctionArgs) {
  // Read before the export action consumes the body: a refusal goes back to the chosen plugin.
  const formRead = args.request.clone().formData().catch(() => undefined);
  const result = await exportAction(args);
  if (result instanceof Response) return result;
  const back = new URLSearchParams();
  const form = await formRead;
  const plugin = form?.get("plugin");
  if (typeof plugin === "string") back.set("plugin", plugin);
  back.set("error", result.data.error);
  if (Object.keys(result.data.fieldErrors).length > 0) back.set("fields", JSON.stringify(result.data.fieldErrors));
  return redirect(`/scripts/${args.params.id}/versions/${args.params.n}/export?${back}`);
}

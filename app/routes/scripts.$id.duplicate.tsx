import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getAppContext } from "~/services/app-context.server";
import { requireUser } from "~/services/auth.server";
import { throwAsResponse } from "~/services/http.server";
import { duplicateScript } from "~/services/scripts.server";

export async function action({ request, params }: ActionFunctionArgs) {
  await requireUser(request, "writer");
  const { storage } = await getAppContext();
  await duplicateScript(storage, params.id ?? "", new Date().toISOString()).catch(throwAsResponse);
  return redirect("/");
}

export function loader({ params }: ActionFunctionArgs) {
  return redirect(`/scripts/${params.id ?? ""}`);
}

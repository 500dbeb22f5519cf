import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/services/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "admin");
  return redirect("/admin/users");
}

import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { getAppContext } from "~/services/app-context.server";
import { recordAudit } from "~/services/audit.server";
import { requireUser } from "~/services/auth.server";
import { formInteger, throwAsResponse } from "~/services/http.server";
import { deleteScript, getScript } from "~/services/scripts.server";

export const meta: MetaFunction = () => [{ title: "Delete script · ScriptPilot" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "writer");
  const { storage } = await getAppContext();
  const script = await getScript(storage, params.id ?? "").catch(throwAsResponse);
  return { id: script.id, title: script.title, revision: script.revision, steps: script.nodes.length };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "writer");
  const form = await request.formData();
  const { storage } = await getAppContext();
  const id = params.id ?? "";
  await deleteScript(storage, id, formInteger(form, "revision")).catch(throwAsResponse);
  await recordAudit({ actor: user, action: "script.deleted", object: { type: "script", id } });
  return redirect("/");
}

export default function DeleteScript() {
  const script = useLoaderData<typeof loader>();
  return (
    <section className="card" style={{ maxWidth: "36rem" }}>
      <h1>Delete “{script.title}”?</h1>
      <p>
        The script and its {script.steps} steps will be deleted. This cannot be undone; export it first if you
        may need it again.
      </p>
      <Form method="post" className="actions">
        <CsrfField />
        <input type="hidden" name="revision" value={script.revision} />
        <button type="submit" className="danger">
          Delete script
        </button>
        <Link to="/">Cancel</Link>
      </Form>
    </section>
  );
}

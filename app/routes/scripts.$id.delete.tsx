import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getAppContext } from "~/services/app-context.server";
import { formInteger, throwAsResponse } from "~/services/http.server";
import { deleteScript, getScript } from "~/services/scripts.server";

export const meta: MetaFunction = () => [{ title: "Delete script · ScriptPilot" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const { storage } = await getAppContext();
  const script = await getScript(storage, params.id ?? "").catch(throwAsResponse);
  return { id: script.id, title: script.title, revision: script.revision, steps: script.nodes.length };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const { storage } = await getAppContext();
  await deleteScript(storage, params.id ?? "", formInteger(form, "revision")).catch(throwAsResponse);
  return redirect("/");
}

export default function DeleteScript() {
  const script = useLoaderData<typeof loader>();
  return (
    <section className="card" style={{ maxWidth: "36rem" }}>
      <h1>Delete “{script.title}”?</h1>
      <p>
        The script and its {script.steps} steps will be deleted. This cannot be undone; export it first if you may need
        it again.
      </p>
      <Form method="post" className="actions">
        <input type="hidden" name="revision" value={script.revision} />
        <button type="submit" className="danger">
          Delete script
        </button>
        <Link to="/">Cancel</Link>
      </Form>
    </section>
  );
}

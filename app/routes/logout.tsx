import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { recordAudit } from "~/services/audit.server";
import { destroyUserSession, getOptionalUser, requireUser } from "~/services/auth.server";

export const meta: MetaFunction = () => [{ title: "Sign out · ScriptPilot" }];

/** Signing out changes state, so it is a POST; a plain visit shows the button. */
export async function loader({ request }: LoaderFunctionArgs) {
  if (!(await getOptionalUser(request))) throw redirect("/login");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const cookie = await destroyUserSession(request);
  await recordAudit({ actor: user, action: "logout", object: { type: "user", id: user.id } });
  return redirect("/login", { headers: { "Set-Cookie": cookie } });
}

export default function Logout() {
  return (
    <section className="card auth-card">
      <h1>Sign out?</h1>
      <Form method="post" className="actions">
        <CsrfField />
        <button type="submit" className="primary">
          Sign out
        </button>
        <Link to="/">Cancel</Link>
      </Form>
    </section>
  );
}

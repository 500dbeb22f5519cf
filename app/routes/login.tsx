import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { getAppContext } from "~/services/app-context.server";
import { recordAudit } from "~/services/audit.server";
import {
  clientAddress,
  createUserSession,
  getOptionalUser,
  requireAnonymousCsrf,
  safeNext,
} from "~/services/auth.server";
import { formText } from "~/services/http.server";
import { authenticate, countUsers } from "~/services/users.server";
import accountStyles from "~/styles/accounts.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountStyles }];
export const meta: MetaFunction = () => [{ title: "Sign in · ScriptPilot" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { storage } = await getAppContext();
  if ((await countUsers(storage)) === 0) throw redirect("/setup");
  const next = safeNext(new URL(request.url).searchParams.get("next"));
  if (await getOptionalUser(request)) throw redirect(next);
  return { next };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  try {
    await requireAnonymousCsrf(request, form);
  } catch (error) {
    if (!(error instanceof Response)) throw error;
    return data({ error: await error.text(), username: "" }, { status: 403 });
  }
  const username = formText(form, "username");
  const password = formText(form, "password");
  const { storage } = await getAppContext();
  const result = await authenticate(storage, username, password, {
    clientAddress: clientAddress(context),
    now: Date.now(),
  });
  if (!result.ok) {
    await recordAudit({
      actor: null,
      action: "login-failed",
      // The typed name is recorded only when it is an account: a mistyped one may be a password.
      object: { type: "user", id: result.user?.id ?? "unknown" },
      details: { reason: result.reason },
    });
    const status = result.reason === "locked" ? 429 : 401;
    const headers: HeadersInit =
      result.reason === "locked" ? { "Retry-After": String(result.retryAfterSeconds) } : {};
    return data({ error: result.message, username }, { status, headers });
  }
  const cookie = await createUserSession(request, result.user.id);
  await recordAudit({
    actor: { id: result.user.id, username: result.user.username },
    action: "login",
    object: { type: "user", id: result.user.id },
  });
  return redirect(safeNext(formText(form, "next")), { headers: { "Set-Cookie": cookie } });
}

export default function Login() {
  const { next } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="card auth-card" aria-labelledby="login-heading">
      <h1 id="login-heading">Sign in</h1>
      {result?.error ? (
        <div className="alert" role="alert">
          <p>{result.error}</p>
        </div>
      ) : null}
      <Form method="post">
        <CsrfField />
        <input type="hidden" name="next" value={next} />
        <div className="field">
          <label htmlFor="username">Username</label>
          <input
            id="username"
            name="username"
            type="text"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            defaultValue={result?.username ?? ""}
          />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </Form>
      <p className="hint">Forgot your password? An admin can set a new one for you.</p>
    </section>
  );
}

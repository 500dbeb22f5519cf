import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { FieldErrors, fieldErrors } from "~/components/role-fields";
import { isDomainError, type ProblemDetail } from "~/domain/domain-error";
import { MIN_PASSWORD_LENGTH } from "~/domain/users/password-policy";
import { getAppContext } from "~/services/app-context.server";
import { recordAudit } from "~/services/audit.server";
import { getAuth, requireUser, revokeUserSessions, safeNext } from "~/services/auth.server";
import { formText } from "~/services/http.server";
import { getUserRecord, setPassword, verifyPassword } from "~/services/users.server";
import accountStyles from "~/styles/accounts.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountStyles }];
export const meta: MetaFunction = () => [{ title: "Change your password · ScriptPilot" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return {
    mustChange: user.mustChangePassword,
    next: safeNext(new URL(request.url).searchParams.get("next")),
  };
}

type Result = { error: string; details: ProblemDetail[] };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  const { storage } = await getAppContext();
  const record = await getUserRecord(storage, user.id);
  const fail = (details: ProblemDetail[]) =>
    data<Result>({ error: "Your password was not changed.", details }, { status: 422 });
  if (!record || !(await verifyPassword(formText(form, "current"), record.passwordHash))) {
    return fail([{ path: "current", message: "Your current password is not right." }]);
  }
  const password = formText(form, "password");
  if (password !== formText(form, "confirm")) {
    return fail([{ path: "confirm", message: "The two new passwords are not the same." }]);
  }
  try {
    await setPassword(storage, user.id, password, false);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return fail(error.details);
  }
  // Other browsers signed in with the old password are signed out; this one stays.
  await revokeUserSessions(storage, user.id, (await getAuth(request))?.session.id);
  await recordAudit({ actor: user, action: "password.changed", object: { type: "user", id: user.id } });
  return redirect(safeNext(formText(form, "next")));
}

export default function ChangePassword() {
  const { mustChange, next } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = (field: string) => fieldErrors(result?.details, field);
  return (
    <section className="card auth-card" aria-labelledby="password-heading">
      <h1 id="password-heading">{mustChange ? "Choose your own password" : "Change your password"}</h1>
      {mustChange ? (
        <p className="lede">You signed in with a one-time password. Choose a new one to continue.</p>
      ) : null}
      {result?.error ? (
        <div className="alert" role="alert">
          <p>{result.error}</p>
        </div>
      ) : null}
      <Form method="post">
        <CsrfField />
        <input type="hidden" name="next" value={next} />
        <div className="field">
          <label htmlFor="current">{mustChange ? "One-time password" : "Current password"}</label>
          <input id="current" name="current" type="password" autoComplete="current-password" required />
          <FieldErrors id="current-errors" messages={errors("current")} />
        </div>
        <div className="field">
          <label htmlFor="password">
            New password <span className="hint">at least {MIN_PASSWORD_LENGTH} characters</span>
          </label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD_LENGTH}
          />
          <FieldErrors id="password-errors" messages={errors("password")} />
        </div>
        <div className="field">
          <label htmlFor="confirm">New password again</label>
          <input id="confirm" name="confirm" type="password" autoComplete="new-password" required />
          <FieldErrors id="confirm-errors" messages={errors("confirm")} />
        </div>
        <button type="submit" className="primary">
          Save new password
        </button>
      </Form>
    </section>
  );
}

import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { FieldErrors, fieldErrors, RoleFields } from "~/components/role-fields";
import { isDomainError, type ProblemDetail } from "~/domain/domain-error";
import { MIN_PASSWORD_LENGTH } from "~/domain/users/password-policy";
import { getAppContext } from "~/services/app-context.server";
import { recordAudit } from "~/services/audit.server";
import { createUserSession, getOptionalUser, requireAnonymousCsrf } from "~/services/auth.server";
import { formText } from "~/services/http.server";
import { countUsers, createUser } from "~/services/users.server";
import accountStyles from "~/styles/accounts.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountStyles }];
export const meta: MetaFunction = () => [{ title: "Set up ScriptPilot" }];

/** Only while no account exists; afterwards the page is gone. */
async function assertNotSetUp(request: Request): Promise<void> {
  const { storage } = await getAppContext();
  if ((await countUsers(storage)) > 0) throw redirect((await getOptionalUser(request)) ? "/" : "/login");
}

export async function loader({ request }: LoaderFunctionArgs) {
  await assertNotSetUp(request);
  return null;
}

// Two setup forms sent at once must not both create an admin: one runs at a time in this process.
let setupQueue: Promise<unknown> = Promise.resolve();

type SetupResult = { error: string; details: ProblemDetail[]; values: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  await requireAnonymousCsrf(request, form);
  const values = {
    username: formText(form, "username"),
    displayName: formText(form, "displayName"),
  };
  const password = formText(form, "password");
  if (password !== formText(form, "confirm")) {
    return data<SetupResult>(
      {
        error: "The account was not created.",
        details: [{ path: "confirm", message: "The two passwords are not the same." }],
        values,
      },
      { status: 422 },
    );
  }
  const roles = [
    "admin",
    ...form.getAll("roles").filter((r): r is string => typeof r === "string" && r !== "admin"),
  ];
  const run = setupQueue.then(async () => {
    await assertNotSetUp(request);
    const { storage } = await getAppContext();
    const user = await createUser(
      storage,
      { ...values, password, roles, createdBy: "setup" },
      new Date().toISOString(),
    );
    await recordAudit({
      actor: { id: user.id, username: user.username },
      action: "setup",
      object: { type: "user", id: user.id },
      details: { roles: user.roles },
    });
    return user;
  });
  setupQueue = run.catch(() => undefined);
  try {
    const user = await run;
    const cookie = await createUserSession(request, user.id);
    return redirect("/", { headers: { "Set-Cookie": cookie } });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return data<SetupResult>({ error: error.message, details: error.details, values }, { status: 422 });
  }
}

export default function Setup() {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = (field: string) => fieldErrors(result?.details, field);
  const describedBy = (field: string) => (errors(field).length ? `${field}-errors` : undefined);
  return (
    <section className="card auth-card" aria-labelledby="setup-heading">
      <h1 id="setup-heading">Welcome to ScriptPilot</h1>
      <p className="lede">
        Create the first admin account. This page is shown once: afterwards the admin adds everyone else.
      </p>
      {result?.error ? (
        <div className="alert" role="alert">
          <p>{result.error}</p>
        </div>
      ) : null}
      <Form method="post">
        <CsrfField />
        <div className="field">
          <label htmlFor="displayName">Your name</label>
          <input
            id="displayName"
            name="displayName"
            type="text"
            autoComplete="name"
            required
            maxLength={80}
            defaultValue={result?.values.displayName}
            aria-describedby={describedBy("displayName")}
          />
          <FieldErrors id="displayName-errors" messages={errors("displayName")} />
        </div>
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
            defaultValue={result?.values.username}
            aria-describedby={describedBy("username")}
          />
          <FieldErrors id="username-errors" messages={errors("username")} />
        </div>
        <div className="field">
          <label htmlFor="password">
            Password <span className="hint">at least {MIN_PASSWORD_LENGTH} characters</span>
          </label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD_LENGTH}
            aria-describedby={describedBy("password")}
          />
          <FieldErrors id="password-errors" messages={errors("password")} />
        </div>
        <div className="field">
          <label htmlFor="confirm">Password again</label>
          <input
            id="confirm"
            name="confirm"
            type="password"
            autoComplete="new-password"
            required
            aria-describedby={describedBy("confirm")}
          />
          <FieldErrors id="confirm-errors" messages={errors("confirm")} />
        </div>
        <RoleFields
          legend="Your roles (you can change them later)"
          checked={["writer", "lead", "approver"]}
          locked={["admin"]}
        />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Creating…" : "Create admin account"}
        </button>
      </Form>
    </section>
  );
}

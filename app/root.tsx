import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useNavigation,
  useRouteError,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { CsrfField, useOptionalUser } from "~/components/csrf-field";
import { effectiveRoles, isRole, type Role } from "~/domain/users/roles";
import { anonymousCsrf, csrfTokenFor, getOptionalUser } from "~/services/auth.server";
import accountStyles from "~/styles/accounts.css";
import appStyles from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: appStyles },
  { rel: "stylesheet", href: accountStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = ({ error }) => {
  if (!error) return [{ title: "ScriptPilot" }];
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return [{ title: notFound ? "Page not found · ScriptPilot" : "Error · ScriptPilot" }];
};

/** Who is signed in and the page's CSRF token: the header, <CsrfField /> and fetches read these. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  if (user) {
    const { id, username, displayName, roles } = user;
    return data({ user: { id, username, displayName, roles }, csrfToken: await csrfTokenFor(request) });
  }
  // Signed out: the sign-in and setup forms need a token tied to this browser (login CSRF).
  const anonymous = await anonymousCsrf(request);
  return data(
    { user: null, csrfToken: anonymous.token },
    anonymous.setCookie ? { headers: { "Set-Cookie": anonymous.setCookie } } : undefined,
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const fullWidth = useMatches().some((m) => (m.handle as { fullWidth?: boolean } | undefined)?.fullWidth);
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="app-header">
          <Link to="/" className="brand" aria-label="ScriptPilot home">
            <span aria-hidden="true" className="brand-mark">
              ◆
            </span>{" "}
            ScriptPilot
          </Link>
          <MainNav />
          <AccountMenu />
        </header>
        <ProgressBar />
        <main id="main" className={fullWidth ? "app-main full-width" : "app-main"}>
          {children}
        </main>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

/**
 * Main navigation, shown only to a signed-in user. Other parts of the app add their links here, each
 * guarded by the roles that may use the page (the server checks again: hiding a link protects nothing).
 */
function MainNav() {
  const user = useOptionalUser();
  if (!user) return null;
  const held = effectiveRoles(user.roles.filter(isRole));
  const has = (role: Role) => held.includes(role);
  return (
    <nav aria-label="Main">
      <ul>
        <li>
          <NavLink to="/" end>
            Scripts
          </NavLink>
        </li>
        {has("writer") && (
          <li>
            <NavLink to="/scripts/new">New script</NavLink>
          </li>
        )}
        {has("writer") && (
          <li>
            <NavLink to="/scripts/import">Import</NavLink>
          </li>
        )}
        <li>
          <NavLink to="/pilots">Pilots</NavLink>
        </li>
        <li>
          <NavLink to="/pilots/plan">Planner</NavLink>
        </li>
        {has("admin") && (
          <li>
            <NavLink to="/admin/users">Admin</NavLink>
          </li>
        )}
      </ul>
    </nav>
  );
}

function AccountMenu() {
  const user = useOptionalUser();
  if (!user) return null;
  return (
    <div className="account-menu">
      <span className="signed-in-as">
        Signed in as <strong>{user.displayName}</strong>
      </span>
      <Link to="/account/password">Change password</Link>
      <Form method="post" action="/logout">
        <CsrfField />
        <button type="submit" className="small">
          Sign out
        </button>
      </Form>
    </div>
  );
}

function ProgressBar() {
  const navigation = useNavigation();
  return <div className="progress" data-active={navigation.state !== "idle"} aria-hidden="true" />;
}

export default function App() {
  return <Outlet />;
}

/** Shown for thrown Responses (404, 409...) and unexpected errors; never a stack trace. */
export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const notFound = error.status === 404;
    return (
      <section className="error-page">
        <h1>{notFound ? "Page not found" : errorHeading(error.status)}</h1>
        <p>{typeof error.data === "string" && error.data ? error.data : defaultMessage(error.status)}</p>
        <p>
          <Link to="/">Back to the scripts</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="error-page">
      <h1>Something went wrong</h1>
      <p>ScriptPilot could not show this page. Nothing was changed. Try again, or go back to the scripts.</p>
      <p>
        <Link to="/">Back to the scripts</Link>
      </p>
    </section>
  );
}

function errorHeading(status: number): string {
  if (status === 409) return "Changed elsewhere";
  if (status === 413) return "Too large";
  if (status === 400 || status === 422) return "That did not work";
  if (status === 403) return "Not allowed";
  return "Something went wrong";
}

function defaultMessage(status: number): string {
  if (status === 404) return "There is nothing at this address. It may have been moved or deleted.";
  return "The request could not be completed. Nothing was changed.";
}

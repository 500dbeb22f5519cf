import type { LinksFunction, MetaFunction } from "@remix-run/node";
import {
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
import appStyles from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: appStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = ({ error }) => {
  if (!error) return [{ title: "ScriptPilot" }];
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return [{ title: notFound ? "Page not found · ScriptPilot" : "Error · ScriptPilot" }];
};

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
          <nav aria-label="Main">
            <ul>
              <li>
                <NavLink to="/" end>
                  Scripts
                </NavLink>
              </li>
              <li>
                <NavLink to="/scripts/new">New script</NavLink>
              </li>
              <li>
                <NavLink to="/scripts/import">Import</NavLink>
              </li>
            </ul>
          </nav>
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

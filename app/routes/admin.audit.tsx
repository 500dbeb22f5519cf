import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { AdminTabs } from "~/components/admin-tabs";
import { DateTime } from "~/components/date-time";
import { getAppContext } from "~/services/app-context.server";
import { listAudit, type AuditFilter } from "~/services/audit.server";
import { requireUser } from "~/services/auth.server";
import { listUsers } from "~/services/users.server";
import accountStyles from "~/styles/accounts.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountStyles }];
export const meta: MetaFunction = () => [{ title: "Audit log · Admin · ScriptPilot" }];

const PAGE_SIZE = 50;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "admin");
  const params = new URL(request.url).searchParams;
  const text = (name: string) => params.get(name)?.trim() || undefined;
  const date = (name: string) => {
    const value = text(name);
    return value && DATE.test(value) ? value : undefined;
  };
  const filter: AuditFilter = {
    actor: text("actor"),
    action: text("action"),
    objectType: text("objectType"),
    objectId: text("objectId"),
    from: date("from"),
    to: date("to"),
    page: Number(params.get("page")) || 1,
    pageSize: PAGE_SIZE,
  };
  const { storage } = await getAppContext();
  const [page, users] = await Promise.all([listAudit(filter, storage), listUsers(storage)]);
  // Names are looked up when the log is read, so the log itself holds ids, not personal data.
  const names = Object.fromEntries(users.map((u) => [u.id, `${u.displayName} (${u.username})`]));
  const badDates = ["from", "to"].filter((n) => text(n) && !date(n));
  return { ...page, filter, names, badDates };
}

export default function AuditLog() {
  const { entries, total, page, pageCount, actions, filter, names, badDates } =
    useLoaderData<typeof loader>();
  const busy = useNavigation().state === "loading";
  const pageLink = (n: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) {
      if (value !== undefined && key !== "page" && key !== "pageSize") params.set(key, String(value));
    }
    params.set("page", String(n));
    return `?${params}`;
  };
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Audit log</h1>
          <p className="lede">
            Every change that matters, newest first. Nobody can edit or delete these entries.
          </p>
        </div>
      </div>
      <AdminTabs />
      <Form method="get" className="audit-filters" role="search" aria-label="Filter the audit log">
        <div className="field">
          <label htmlFor="actor">Who (username or id)</label>
          <input id="actor" name="actor" type="text" defaultValue={filter.actor} />
        </div>
        <div className="field">
          <label htmlFor="action">Action</label>
          <select id="action" name="action" defaultValue={filter.action ?? ""}>
            <option value="">All actions</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="objectType">Object type</label>
          <input
            id="objectType"
            name="objectType"
            type="text"
            defaultValue={filter.objectType}
            placeholder="user, script…"
          />
        </div>
        <div className="field">
          <label htmlFor="objectId">Object id</label>
          <input id="objectId" name="objectId" type="text" defaultValue={filter.objectId} />
        </div>
        <div className="field">
          <label htmlFor="from">From (UTC)</label>
          <input id="from" name="from" type="date" defaultValue={filter.from} />
        </div>
        <div className="field">
          <label htmlFor="to">To (UTC)</label>
          <input id="to" name="to" type="date" defaultValue={filter.to} />
        </div>
        <button type="submit">Filter</button>
        <Link to="/admin/audit">Clear</Link>
      </Form>
      {badDates.length > 0 ? (
        <p className="alert" role="alert">
          Dates are YYYY-MM-DD; the {badDates.join(" and ")} date was ignored.
        </p>
      ) : null}
      {entries.length === 0 ? (
        <div className="card empty">
          <h2>No entries</h2>
          <p>
            {total === 0 && Object.values(filter).every((v) => v === undefined || typeof v === "number")
              ? "Nothing has been recorded yet."
              : "Nothing matches these filters."}
          </p>
        </div>
      ) : (
        <table aria-busy={busy}>
          <caption className="visually-hidden">Audit entries</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Object</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>
                  <DateTime iso={e.at} />
                </td>
                <td>{names[e.actor.id] ?? e.actor.username ?? e.actor.id}</td>
                <td>{e.action}</td>
                <td>
                  {e.object.type}{" "}
                  {e.object.type === "user" && names[e.object.id] ? names[e.object.id] : e.object.id}
                </td>
                <td>
                  {e.details
                    ? Object.entries(e.details)
                        .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : String(v)}`)
                        .join("; ")
                    : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pager" aria-label="Pages">
        {page > 1 ? <Link to={pageLink(page - 1)}>← Newer</Link> : null}
        <span>
          Page {page} of {pageCount} · {total} entr{total === 1 ? "y" : "ies"}
        </span>
        {page < pageCount ? <Link to={pageLink(page + 1)}>Older →</Link> : null}
      </nav>
    </>
  );
}

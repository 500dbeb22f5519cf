import { NavLink } from "@remix-run/react";

/** Moves between the admin pages. */
export function AdminTabs() {
  return (
    <nav aria-label="Admin" className="admin-tabs">
      <NavLink className="button small" to="/admin/users">
        Users
      </NavLink>
      <NavLink className="button small" to="/admin/api-keys">
        API keys
      </NavLink>
      <NavLink className="button small" to="/admin/exports">
        Exports
      </NavLink>
      <NavLink className="button small" to="/admin/webhooks">
        Webhooks
      </NavLink>
      <NavLink className="button small" to="/admin/audit">
        Audit log
      </NavLink>
    </nav>
  );
}

import { NavLink } from "@remix-run/react";

export interface PilotTabsProps {
  pilot: { id: string; name: string };
}

const TABS = [
  { to: "", label: "Dashboard", end: true },
  { to: "contacts", label: "Sample list" },
  { to: "preview", label: "Merge preview" },
  { to: "call", label: "Calls" },
  { to: "results/import", label: "Import results" },
  { to: "settings", label: "Controls" },
] as const;

/** The pilot's pages, as links; the current one is marked for screen readers too (aria-current). */
export function PilotTabs({ pilot }: PilotTabsProps) {
  return (
    <nav aria-label={`Pilot “${pilot.name}”`} className="pilot-tabs">
      {TABS.map((tab) => (
        <NavLink key={tab.label} to={`/pilots/${pilot.id}${tab.to ? `/${tab.to}` : ""}`} end={"end" in tab}>
          {tab.label}
        </NavLink>
      ))}
    </nav>
  );
}

/** Status in words with a data attribute for colour: colour never carries the meaning alone. */
export function PilotStatusBadge({ status }: { status: string }) {
  const words: Record<string, string> = {
    setup: "Set-up",
    running: "Running",
    paused: "Paused",
    stopped: "Stopped",
  };
  return (
    <span className="badge pilot-status" data-status={status}>
      {words[status] ?? status}
    </span>
  );
}

/** A domain error's message and its details, as the forms show them. */
export function ProblemList({
  error,
  details,
}: {
  error?: string;
  details?: { path: string; message: string }[];
}) {
  if (!error) return null;
  return (
    <div className="alert" role="alert">
      <p>{error}</p>
      {details && details.length > 0 ? (
        <ul>
          {details.map((d, i) => (
            <li key={i}>
              {d.path}: {d.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

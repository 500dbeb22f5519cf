import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { isDomainError } from "~/domain/domain-error";
import { PilotStatusBadge, PilotTabs, ProblemList } from "~/pilots/pilot-tabs";
import { requireUser } from "~/services/auth.server";
import { throwAsResponse } from "~/services/http.server";
import {
  changePilotStatus,
  declarePilotWinner,
  deletePilotPersonalData,
  getPilot,
  pilotVersions,
} from "~/services/pilots.server";
import { ConflictError, NotFoundError } from "~/storage/storage-adapter";
import pilotsCss from "~/styles/pilots.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: pilotsCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Controls: ${data.pilot.name} · ScriptPilot` : "Pilot controls · ScriptPilot" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "lead");
  const pilot = await getPilot(params.id ?? "").catch(throwAsResponse);
  const versions = await pilotVersions(pilot).catch(throwAsResponse);
  return {
    pilot,
    versionStatus: Object.fromEntries(Object.entries(versions).map(([id, v]) => [id, v.status])),
  };
}

type Result = { ok: true; message: string } | { ok: false; error: string };

export async function action({ request, params }: ActionFunctionArgs): Promise<Result> {
  const user = await requireUser(request, "lead");
  const form = await request.formData();
  const id = params.id ?? "";
  const now = new Date().toISOString();
  const intent = form.get("intent");
  try {
    switch (intent) {
      case "start":
      case "pause":
      case "resume":
      case "stop": {
        if (intent === "stop" && form.get("confirm") !== "yes") {
          return { ok: false, error: "Tick the box to confirm: a stopped pilot cannot be restarted." };
        }
        const pilot = await changePilotStatus(id, intent, user, now);
        return { ok: true, message: `The pilot is now ${pilot.status}.` };
      }
      case "delete-personal-data": {
        if (form.get("confirm") !== "yes") {
          return { ok: false, error: "Tick the box to confirm: deleted personal data cannot be recovered." };
        }
        await deletePilotPersonalData(id, user, now);
        return { ok: true, message: "The sample list's names and numbers were deleted. The results stay." };
      }
      case "winner": {
        const variantId = form.get("variantId");
        const note = form.get("note");
        if (typeof variantId !== "string" || !variantId)
          return { ok: false, error: "Choose the winning variant." };
        const outcome = await declarePilotWinner(
          id,
          { variantId, note: typeof note === "string" ? note : "" },
          user,
          now,
        );
        const v = outcome.version;
        return {
          ok: true,
          message:
            v.state === "ready"
              ? "The winner is recorded. Its version is approved, so it is ready for the campaign."
              : v.state === "sent-to-review"
                ? "The winner is recorded and its version was sent for review."
                : `The winner is recorded, but its version could not be sent for review: ${v.reason}`,
        };
      }
      default:
        return { ok: false, error: "Unknown action." };
    }
  } catch (error) {
    if (isDomainError(error) || error instanceof NotFoundError || error instanceof ConflictError) {
      return { ok: false, error: error.message };
    }
    throw error;
  }
}

export default function PilotSettings() {
  const { pilot, versionStatus } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const button = (intent: string, label: string, primary = false) => (
    <Form method="post">
      <CsrfField />
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className={primary ? "primary" : ""} disabled={busy}>
        {label}
      </button>
    </Form>
  );
  return (
    <div className="pilots-page">
      <nav aria-label="Breadcrumb" className="meta">
        <Link to="/pilots">Pilots</Link> › {pilot.name}
      </nav>
      <h1>
        Controls: {pilot.name} <PilotStatusBadge status={pilot.status} />
      </h1>
      <PilotTabs pilot={pilot} />
      {result?.ok ? (
        <p className="card" role="status">
          {result.message}
        </p>
      ) : null}
      <ProblemList error={result && !result.ok ? result.error : undefined} />

      <div className="controls-grid">
        <section className="card" aria-labelledby="run-controls">
          <h2 id="run-controls">Run</h2>
          {pilot.status === "setup" ? (
            <>
              <p>
                Starting fixes the assignment of {pilot.list?.contacts ?? 0} contacts; agents can then take
                contacts.
              </p>
              {button("start", "Start pilot", true)}
            </>
          ) : null}
          {pilot.status === "running" ? button("pause", "Pause pilot") : null}
          {pilot.status === "paused" ? button("resume", "Resume pilot", true) : null}
          {pilot.status === "running" || pilot.status === "paused" ? (
            <Form method="post" className="pilot-form">
              <CsrfField />
              <input type="hidden" name="intent" value="stop" />
              <label>
                <input type="checkbox" name="confirm" value="yes" required /> I understand that stopping
                freezes the pilot's data for good
              </label>
              <button type="submit" className="danger" disabled={busy}>
                Stop pilot
              </button>
            </Form>
          ) : null}
          {pilot.status === "stopped" ? (
            <p>Stopped{pilot.stoppedAt ? ` at ${pilot.stoppedAt}` : ""}; the data are frozen.</p>
          ) : null}
        </section>

        <section className="card" aria-labelledby="winner">
          <h2 id="winner">Decision</h2>
          {pilot.winner ? (
            <p>
              Winner: {pilot.variants.find((v) => v.id === pilot.winner?.variantId)?.label} (decided{" "}
              {pilot.winner.at}).
              {pilot.winner.note ? ` Note: “${pilot.winner.note}”` : ""}
            </p>
          ) : pilot.status === "setup" ? (
            <p className="meta">A winner can be declared once the pilot has run.</p>
          ) : (
            <Form method="post" className="pilot-form">
              <CsrfField />
              <input type="hidden" name="intent" value="winner" />
              <fieldset>
                <legend>Winning variant</legend>
                {pilot.variants.map((v) => (
                  <label key={v.id} className="inline">
                    <input type="radio" name="variantId" value={v.id} required /> {v.label} (version{" "}
                    {v.versionNumber}, {versionStatus[v.id] ?? "unknown"})
                  </label>
                ))}
              </fieldset>
              <div className="field">
                <label htmlFor="winner-note">Note</label>
                <textarea id="winner-note" name="note" maxLength={5000} rows={3} />
              </div>
              <button type="submit" className="primary" disabled={busy}>
                Declare winner
              </button>
            </Form>
          )}
        </section>

        <section className="card" aria-labelledby="personal-data">
          <h2 id="personal-data">Personal data</h2>
          {pilot.list?.personalDataDeletedAt ? (
            <p>The sample list's personal data were deleted at {pilot.list.personalDataDeletedAt}.</p>
          ) : pilot.status !== "stopped" ? (
            <p className="meta">
              Once the pilot is stopped, the sample list's names and numbers can be deleted here.
            </p>
          ) : pilot.list ? (
            <Form method="post" className="pilot-form">
              <CsrfField />
              <input type="hidden" name="intent" value="delete-personal-data" />
              <p>Deletes names, numbers and the do-not-call list. Counts and anonymous results stay.</p>
              <label>
                <input type="checkbox" name="confirm" value="yes" required /> I understand this cannot be
                undone
              </label>
              <button type="submit" className="danger" disabled={busy}>
                Delete personal data
              </button>
            </Form>
          ) : (
            <p className="meta">This pilot has no sample list.</p>
          )}
        </section>
      </div>
    </div>
  );
}

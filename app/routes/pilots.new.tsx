import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, redirect, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { CsrfField } from "~/components/csrf-field";
import { isDomainError, type ProblemDetail } from "~/domain/domain-error";
import type { StratumAttribute } from "~/domain/pilots/pilot-types";
import { ProblemList } from "~/pilots/pilot-tabs";
import { requireUser } from "~/services/auth.server";
import { createPilot, listPilotCandidates, VARIANT_IDS, type NewPilotInput } from "~/services/pilots.server";
import { NotFoundError } from "~/storage/storage-adapter";
import pilotsCss from "~/styles/pilots.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: pilotsCss }];
export const meta: MetaFunction = () => [{ title: "New pilot · ScriptPilot" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "lead");
  return { candidates: await listPilotCandidates() };
}

const SLOTS = [0, 1, 2, 3] as const;
const STRATA: { value: StratumAttribute; label: string }[] = [
  { value: "leadClass", label: "Lead class (A–F)" },
  { value: "region", label: "Region" },
  { value: "vip", label: "VIP" },
  { value: "timeZone", label: "Time zone" },
];

type ActionResult = { error: string; details: ProblemDetail[] };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "lead");
  const form = await request.formData();
  const parsed = parseForm(form);
  if ("error" in parsed) return parsed;
  try {
    const pilot = await createPilot(parsed, user, new Date().toISOString());
    return redirect(`/pilots/${pilot.id}/contacts`);
  } catch (error) {
    if (isDomainError(error) || error instanceof NotFoundError) {
      return {
        error: error.message,
        details: isDomainError(error) ? error.details : [],
      } satisfies ActionResult;
    }
    throw error;
  }
}

/** The form as a NewPilotInput, or every problem with it named by its field. */
function parseForm(form: FormData): NewPilotInput | ActionResult {
  const details: ProblemDetail[] = [];
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v.trim() : "";
  };
  const number = (name: string, label: string, { integer = false, min = 0 } = {}): number | undefined => {
    const raw = text(name);
    if (raw === "") return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
      details.push({
        path: label,
        message: `“${raw}” is not ${integer ? "a whole number" : "a number"} of at least ${min}`,
      });
      return undefined;
    }
    return value;
  };
  const name = text("name");
  if (!name) details.push({ path: "Name", message: "give the pilot a name" });
  const variants: NewPilotInput["variants"] = [];
  const checkpoints: { variantId: string; nodeId: string }[] = [];
  let control = 0;
  for (const slot of SLOTS) {
    const versionId = text(`version-${slot}`);
    if (!versionId) continue;
    const index = variants.length;
    const weight = number(`weight-${slot}`, `Weight of variant ${index + 1}`, { integer: true, min: 1 }) ?? 1;
    variants.push({ versionId, weight, ...(text(`label-${slot}`) ? { label: text(`label-${slot}`) } : {}) });
    if (text("control") === String(slot)) control = index;
    const checkpoint = text(`checkpoint-${slot}`);
    if (checkpoint) checkpoints.push({ variantId: VARIANT_IDS[index], nodeId: checkpoint });
  }
  if (variants.length < 2)
    details.push({ path: "Variants", message: "choose at least two approved versions" });
  const plannedSampleSize = number("plannedSampleSize", "Planned sample size", { integer: true, min: 10 });
  if (plannedSampleSize === undefined && !details.some((d) => d.path === "Planned sample size")) {
    details.push({
      path: "Planned sample size",
      message: "say how many connected calls per variant the pilot plans for",
    });
  }
  const withinSeconds = number("withinSeconds", "Early rejection within", { min: 1 });
  if (
    withinSeconds === undefined &&
    checkpoints.length === 0 &&
    !details.some((d) => d.path === "Early rejection within")
  ) {
    details.push({
      path: "Early rejection",
      message: "give a number of seconds, a checkpoint per variant, or both",
    });
  }
  const currency = text("currency").toUpperCase();
  const costValues = {
    perTalkMinute: number("perTalkMinute", "Cost per talk minute"),
    perContact: number("perContact", "Cost per contact"),
    perSuccess: number("perSuccess", "Value of a success"),
  };
  const anyCost = Object.values(costValues).some((v) => v !== undefined);
  if (anyCost && !/^[A-Z]{3}$/.test(currency))
    details.push({ path: "Currency", message: "use a three-letter code such as GBP" });
  if (details.length > 0 || plannedSampleSize === undefined) {
    return { error: "The pilot was not created. Check these fields:", details };
  }
  return {
    name,
    ...(text("description") ? { description: text("description") } : {}),
    variants,
    control,
    plannedSampleSize,
    earlyRejection: {
      ...(withinSeconds !== undefined && { withinSeconds }),
      ...(checkpoints.length > 0 && { checkpoints }),
      mode: text("mode") === "and" ? "and" : "or",
    },
    successOutcomes: form.getAll("success").filter((v): v is string => typeof v === "string" && v !== ""),
    ...(anyCost && {
      costs: {
        currency,
        ...Object.fromEntries(Object.entries(costValues).filter(([, v]) => v !== undefined)),
      },
    }),
    strata: STRATA.map((s) => s.value).filter((s) => form.getAll("strata").includes(s)),
  };
}

export default function NewPilot() {
  const { candidates } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [chosen, setChosen] = useState<string[]>(["", "", "", ""]);
  const byId = new Map(candidates.map((c) => [c.versionId, c]));
  const chosenCandidates = chosen.flatMap((id) => (byId.get(id) ? [byId.get(id)!] : []));

  if (candidates.length < 2) {
    return (
      <div className="pilots-page">
        <h1>New pilot</h1>
        <div className="card empty">
          <h2>Two approved versions are needed</h2>
          <p>
            A pilot compares approved script versions. There{" "}
            {candidates.length === 1 ? "is only one" : "are none"} yet: publish versions of your scripts and
            have them approved first.
          </p>
          <Link className="button" to="/">
            Go to the scripts
          </Link>
        </div>
      </div>
    );
  }

  return (
    <div className="pilots-page">
      <nav aria-label="Breadcrumb" className="meta">
        <Link to="/pilots">Pilots</Link> › New pilot
      </nav>
      <h1>New pilot</h1>
      <ProblemList error={result?.error} details={result?.details} />
      <Form method="post" className="pilot-form card">
        <CsrfField />
        <div className="field">
          <label htmlFor="pilot-name">Name</label>
          <input id="pilot-name" name="name" required maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor="pilot-description">Description (optional)</label>
          <textarea id="pilot-description" name="description" maxLength={5000} rows={2} />
        </div>

        <fieldset>
          <legend>Variants (2 to 4 approved versions)</legend>
          {SLOTS.map((slot) => (
            <div className="variant-row" key={slot}>
              <div className="field">
                <label htmlFor={`version-${slot}`}>
                  Variant {slot + 1} version{slot < 2 ? "" : " (optional)"}
                </label>
                <select
                  id={`version-${slot}`}
                  name={`version-${slot}`}
                  value={chosen[slot]}
                  onChange={(e) => setChosen((c) => c.map((v, i) => (i === slot ? e.target.value : v)))}
                >
                  <option value="">{slot < 2 ? "Choose a version" : "None"}</option>
                  {candidates.map((c) => (
                    <option key={c.versionId} value={c.versionId}>
                      {c.title} — version {c.number}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`label-${slot}`}>Label (optional)</label>
                <input id={`label-${slot}`} name={`label-${slot}`} maxLength={100} />
              </div>
              <div className="field">
                <label htmlFor={`weight-${slot}`}>Weight</label>
                <input
                  id={`weight-${slot}`}
                  name={`weight-${slot}`}
                  type="number"
                  min={1}
                  max={10}
                  defaultValue={1}
                />
              </div>
              <label className="inline">
                <input type="radio" name="control" value={slot} defaultChecked={slot === 0} /> Variant{" "}
                {slot + 1} is the control
              </label>
            </div>
          ))}
        </fieldset>

        <fieldset>
          <legend>Sample size</legend>
          <div className="field">
            <label htmlFor="planned">Planned connected calls per variant</label>
            <input id="planned" name="plannedSampleSize" type="number" min={10} required defaultValue={400} />
            <p className="hint">
              Not sure how many? Work it out with the <Link to="/pilots/plan">Pilot planner</Link>.
            </p>
          </div>
        </fieldset>

        <fieldset>
          <legend>Early rejection</legend>
          <p className="hint">
            A connected call that ends in refusal or a hang-up counts as an early rejection when it ends
            within the seconds below and/or before the variant's checkpoint.
          </p>
          <div className="inline-fields">
            <div className="field">
              <label htmlFor="within">Within seconds of connect</label>
              <input id="within" name="withinSeconds" type="number" min={1} max={600} defaultValue={30} />
            </div>
            <div className="field">
              <label htmlFor="mode">With both criteria</label>
              <select id="mode" name="mode" defaultValue="or">
                <option value="or">either one makes the call early</option>
                <option value="and">both must hold</option>
              </select>
            </div>
          </div>
          {SLOTS.map((slot) => {
            const candidate = byId.get(chosen[slot]);
            if (!candidate) return null;
            return (
              <div className="field" key={slot}>
                <label htmlFor={`checkpoint-${slot}`}>
                  Checkpoint of variant {slot + 1} (“{candidate.title}”)
                </label>
                <select id={`checkpoint-${slot}`} name={`checkpoint-${slot}`} defaultValue="">
                  <option value="">No checkpoint</option>
                  {candidate.checkpoints.map((n) => (
                    <option key={n.id} value={n.id}>
                      {n.title}
                    </option>
                  ))}
                </select>
                {candidate.checkpoints.length === 0 ? (
                  <p className="hint">This version has no checkpoint step.</p>
                ) : null}
              </div>
            );
          })}
        </fieldset>

        <fieldset>
          <legend>Success outcomes</legend>
          {chosenCandidates.length === 0 ? (
            <p className="hint">Choose the variants first; their end steps are listed here.</p>
          ) : (
            chosenCandidates.map((c) => (
              <div key={c.versionId}>
                <p className="meta">
                  {c.title} — version {c.number}
                </p>
                <ul className="checkbox-list">
                  {c.ends.map((end) => (
                    <li key={end.id}>
                      <label>
                        <input type="checkbox" name="success" value={end.id} defaultChecked={end.success} />{" "}
                        {end.title}
                      </label>
                    </li>
                  ))}
                </ul>
              </div>
            ))
          )}
        </fieldset>

        <fieldset>
          <legend>Costs (optional)</legend>
          <div className="inline-fields">
            <div className="field">
              <label htmlFor="currency">Currency</label>
              <input id="currency" name="currency" maxLength={3} size={4} placeholder="GBP" />
            </div>
            <div className="field">
              <label htmlFor="per-minute">Per talk minute</label>
              <input id="per-minute" name="perTalkMinute" type="number" min={0} step="any" />
            </div>
            <div className="field">
              <label htmlFor="per-contact">Per contact of data</label>
              <input id="per-contact" name="perContact" type="number" min={0} step="any" />
            </div>
            <div className="field">
              <label htmlFor="per-success">Value of a success</label>
              <input id="per-success" name="perSuccess" type="number" min={0} step="any" />
            </div>
          </div>
        </fieldset>

        <fieldset>
          <legend>Balance the assignment by</legend>
          <ul className="checkbox-list">
            {STRATA.map((s) => (
              <li key={s.value}>
                <label>
                  <input
                    type="checkbox"
                    name="strata"
                    value={s.value}
                    defaultChecked={s.value === "leadClass"}
                  />{" "}
                  {s.label}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>

        <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
          Create pilot
        </button>
      </Form>
    </div>
  );
}

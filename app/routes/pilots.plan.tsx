import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { pct, points, whole } from "~/pilots/dashboard/format";
import { plannerFromQuery, type PlannerInput, type PlannerResult } from "~/pilots/dashboard/planner-form";
import { requireUser } from "~/services/auth.server";
import dashboardCss from "~/styles/dashboard.css";
import pilotsCss from "~/styles/pilots.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: pilotsCss },
  { rel: "stylesheet", href: dashboardCss },
];
export const meta: MetaFunction = () => [{ title: "Pilot planner · ScriptPilot" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return plannerFromQuery(new URL(request.url).searchParams);
}

export default function PilotPlanner() {
  const data = useLoaderData<typeof loader>();
  const { input, errors } = data;
  const result: Partial<PlannerResult> = data;
  return (
    <div className="pilots-page planner">
      <p>
        <Link to="/pilots">← Pilots</Link>
      </p>
      <h1>Pilot planner</h1>
      <p className="lede">
        How many calls a pilot needs to see a change in the early-rejection rate, or what change a list of a
        given size can show. The same numbers as <code>scriptpilot plan</code>.
      </p>
      <Form method="get">
        <fieldset>
          <legend>Rates</legend>
          <Field
            name="baseline"
            label="Today's early-rejection rate (%)"
            input={input}
            errors={errors}
            hint="e.g. 40"
          />
          <Field
            name="change"
            label="Smallest change worth detecting (percentage points)"
            input={input}
            errors={errors}
            hint="leave empty to see what a list can detect"
          />
          <label>
            Direction of the change
            <select name="direction" defaultValue={input.direction}>
              <option value="lower">a drop (fewer early rejections)</option>
              <option value="higher">a rise</option>
            </select>
          </label>
        </fieldset>
        <fieldset>
          <legend>Pilot</legend>
          <Field
            name="variants"
            label="Variants, including the control (2 to 4)"
            input={input}
            errors={errors}
          />
          <Field
            name="connectRate"
            label="Expected connect rate (%)"
            input={input}
            errors={errors}
            hint="optional: gives contacts to dial"
          />
          <Field
            name="listSize"
            label="Contacts on the sample list"
            input={input}
            errors={errors}
            hint="optional"
          />
          <Field name="power" label="Power (%)" input={input} errors={errors} />
          <Field name="alpha" label="Significance level (%)" input={input} errors={errors} />
        </fieldset>
        <p>
          <button type="submit" className="button primary">
            Plan
          </button>
        </p>
      </Form>
      <PlannerOutput result={result} />
    </div>
  );
}

function Field({
  name,
  label,
  input,
  errors,
  hint,
}: {
  name: Exclude<keyof PlannerInput, "direction">;
  label: string;
  input: PlannerInput;
  errors: Partial<Record<keyof PlannerInput, string>>;
  hint?: string;
}) {
  const error = errors[name];
  const describedBy = [hint ? `${name}-hint` : "", error ? `${name}-error` : ""].filter(Boolean).join(" ");
  return (
    <label>
      {label}
      <input
        name={name}
        inputMode="decimal"
        defaultValue={input[name]}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      {hint ? (
        <span id={`${name}-hint`} className="muted small">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={`${name}-error`} className="error">
          {error}
        </span>
      ) : null}
    </label>
  );
}

function PlannerOutput({ result }: { result: Partial<PlannerResult> }) {
  const { plan, detectable, input } = result;
  if (!input || (!plan && !detectable)) return null;
  const baseline = Number(input.baseline) / 100;
  const split =
    Number(input.variants) > 2 && plan
      ? ` Significance ${pct(plan.comparisonAlpha, 2)} per comparison (split across ${Number(input.variants) - 1} challengers).`
      : "";
  return (
    <section className="result" aria-labelledby="plan-result">
      <h2 id="plan-result">Plan</h2>
      {plan ? (
        <dl>
          <dt>Connected calls per variant</dt>
          <dd data-testid="per-variant">{whole(plan.perVariant)}</dd>
          <dt>Connected calls in total</dt>
          <dd>{whole(plan.totalConnected)}</dd>
          {plan.contactsToDial !== undefined ? (
            <>
              <dt>Contacts to dial</dt>
              <dd data-testid="contacts-to-dial">{whole(plan.contactsToDial)}</dd>
            </>
          ) : null}
          {result.listLargeEnough !== undefined ? (
            <>
              <dt>The list</dt>
              <dd>{result.listLargeEnough ? "is large enough" : "is too small for this plan"}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {detectable ? (
        <>
          <h3>What the list can detect</h3>
          <p>
            About {whole(detectable.perVariant)} connected calls per variant:{" "}
            {detectable.drop === undefined
              ? "too few to detect a drop"
              : `a drop of ${points(detectable.drop).replace("−", "")} (to ${pct(baseline + detectable.drop)})`}
            {" or "}
            {detectable.rise === undefined
              ? "too few to detect a rise"
              : `a rise of ${points(detectable.rise).replace("+", "")} (to ${pct(baseline + detectable.rise)})`}
            .
          </p>
        </>
      ) : null}
      <p className="muted small">
        Two-sided test of two proportions at the chosen power and significance (as R’s power.prop.test).
        {split}
      </p>
    </section>
  );
}

/**
 * `scriptpilot plan`: the pilot planner on the command line. Sample size per variant for a baseline rate
 * and the smallest change worth detecting, contacts to dial for a connect rate, or the change a list of a
 * given size can detect. Same numbers as the dashboard's planner (app/domain/stats/power.ts), which match
 * R's power.prop.test.
 */
import { detectableChange, planPilot } from "~/domain/stats/power";

/** Where a command writes; process.stdout and process.stderr fit as they are. */
export interface CommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export const name = "plan";
export const summary = "Plan a pilot: calls per variant, contacts to dial, or the change a list can detect";
export const usage = `scriptpilot plan --baseline <rate> (--change <difference> | --list-size <contacts>) [options]

  --baseline <rate>       today's early-rejection rate, e.g. 0.4
  --change <difference>   smallest change worth detecting, e.g. -0.1 (a drop of 10 points) or 0.1
  --list-size <contacts>  contacts on the sample list: prints the change it can detect
  --power <p>             chance of detecting the change if it is real (default 0.8)
  --alpha <a>             two-sided significance level (default 0.05), split across challengers
  --variants <k>          variants including the control, 2 to 4 (default 2)
  --connect-rate <rate>   share of dialled contacts who answer, e.g. 0.35 (default: every contact connects)
  --json                  print the result as JSON

Examples:
  scriptpilot plan --baseline 0.4 --change -0.1 --connect-rate 0.35
  scriptpilot plan --baseline 0.4 --list-size 3000 --connect-rate 0.35 --variants 3`;

const OPTIONS = ["baseline", "change", "list-size", "power", "alpha", "variants", "connect-rate"] as const;
type Option = (typeof OPTIONS)[number];

class UsageError extends Error {}

function parse(args: readonly string[]): { values: Partial<Record<Option, number>>; json: boolean } {
  const values: Partial<Record<Option, number>> = {};
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--json") {
      json = true;
      continue;
    }
    const [flag, inline] = arg.startsWith("--") ? arg.slice(2).split("=", 2) : [undefined, undefined];
    const option = OPTIONS.find((o) => o === flag);
    if (!option) throw new UsageError(`unknown argument “${arg}”`);
    const raw = inline ?? args[++i];
    const value = raw === undefined ? NaN : Number(raw);
    if (raw === undefined || raw.trim() === "" || !Number.isFinite(value)) {
      throw new UsageError(`--${option} needs a number${raw === undefined ? "" : `, got “${raw}”`}`);
    }
    values[option] = value;
  }
  return { values, json };
}

function rate(value: number | undefined, option: Option, fallback?: number): number {
  const v = value ?? fallback;
  if (v === undefined) throw new UsageError(`--${option} is required`);
  if (!(v > 0 && v < 1)) throw new UsageError(`--${option} must be between 0 and 1 (exclusive), got ${v}`);
  return v;
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const points = (v: number) => `${v > 0 ? "+" : "−"}${Math.abs(v * 100).toFixed(1)} points`;
const whole = (v: number) => v.toLocaleString("en");

export function run(args: readonly string[], io: CommandIo): number {
  try {
    const { values, json } = parse(args);
    const baseline = rate(values.baseline, "baseline");
    const power = rate(values.power, "power", 0.8);
    const alpha = rate(values.alpha, "alpha", 0.05);
    const variants = values.variants ?? 2;
    if (!Number.isInteger(variants) || variants < 2 || variants > 4) {
      throw new UsageError(`--variants must be 2, 3 or 4, got ${variants}`);
    }
    const connectRate =
      values["connect-rate"] === undefined ? undefined : rate(values["connect-rate"], "connect-rate");
    const listSize = values["list-size"];
    if (listSize !== undefined && !(Number.isInteger(listSize) && listSize > 0)) {
      throw new UsageError(`--list-size must be a whole number of contacts, got ${listSize}`);
    }
    const change = values.change;
    if (change === undefined && listSize === undefined) throw new UsageError("give --change or --list-size");

    const lines: string[] = [];
    const result: Record<string, unknown> = {
      baseline,
      power,
      alpha,
      variants,
      connectRate: connectRate ?? null,
    };
    const correction =
      variants > 2
        ? ` (alpha ${alpha} split across ${variants - 1} challengers: ${+(alpha / (variants - 1)).toFixed(4)} each)`
        : "";

    if (change !== undefined) {
      if (change === 0) throw new UsageError("--change must not be 0");
      const target = baseline + change;
      if (!(target > 0 && target < 1)) {
        throw new UsageError(
          `--baseline ${baseline} plus --change ${change} gives ${+target.toFixed(4)}, which is not a rate between 0 and 1`,
        );
      }
      const plan = planPilot({ baseline, change, power, alpha, variants, connectRate });
      Object.assign(result, {
        change,
        perVariant: plan.perVariant,
        perVariantExact: plan.perVariantExact,
        totalConnected: plan.totalConnected,
        contactsToDial: plan.contactsToDial ?? null,
      });
      lines.push(
        `To detect a change from ${pct(baseline)} to ${pct(target)} (${points(change)}) with ${pct(power)} power at alpha ${alpha}${correction}:`,
        `  connected calls per variant: ${whole(plan.perVariant)}`,
        `  connected calls in total:    ${whole(plan.totalConnected)} (${variants} variants)`,
      );
      if (plan.contactsToDial !== undefined) {
        lines.push(
          `  contacts to dial:            ${whole(plan.contactsToDial)} (at a ${pct(connectRate!)} connect rate)`,
        );
      }
      if (listSize !== undefined) {
        const needed = plan.contactsToDial ?? plan.totalConnected;
        lines.push(
          needed <= listSize
            ? `  the list of ${whole(listSize)} contacts is large enough.`
            : `  the list of ${whole(listSize)} contacts is too small: ${whole(needed - listSize)} more needed.`,
        );
        result.listSize = listSize;
        result.listLargeEnough = needed <= listSize;
      }
    } else if (listSize !== undefined) {
      const lower = detectableChange({
        baseline,
        listSize,
        connectRate,
        power,
        alpha,
        variants,
        direction: "lower",
      });
      const higher = detectableChange({
        baseline,
        listSize,
        connectRate,
        power,
        alpha,
        variants,
        direction: "higher",
      });
      Object.assign(result, {
        listSize,
        perVariant: lower.perVariant,
        detectableDrop: lower.change ?? null,
        detectableRise: higher.change ?? null,
      });
      lines.push(
        `A list of ${whole(listSize)} contacts gives about ${whole(lower.perVariant)} connected calls per variant${connectRate ? ` at a ${pct(connectRate)} connect rate` : ""}.`,
        `With ${pct(power)} power at alpha ${alpha}${correction} it can detect:`,
        `  a drop from ${pct(baseline)}: ${lower.change === undefined ? "none (too few calls)" : `${points(lower.change)} (to ${pct(baseline + lower.change)})`}`,
        `  a rise from ${pct(baseline)}: ${higher.change === undefined ? "none (too few calls)" : `${points(higher.change)} (to ${pct(baseline + higher.change)})`}`,
      );
    }
    io.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : `${lines.join("\n")}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof RangeError) {
      io.stderr.write(`scriptpilot plan: ${error.message}\n\nUsage: ${usage}\n`);
      return 2;
    }
    throw error;
  }
}

export default { name, summary, usage, run };

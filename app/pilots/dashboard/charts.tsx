import { useId } from "react";
import type { PilotReport } from "~/domain/pilots/report/pilot-aggregator";
import { pct, pctInterval, variantName, whole } from "./format";

type VariantReport = PilotReport["variants"][number];

/** Colour and dash per variant: a line differs by its dash too, so colour never carries the meaning alone. */
export const VARIANT_STYLES = [
  { color: "#1f5fa8", dash: "" },
  { color: "#c2571a", dash: "6 3" },
  { color: "#2e7d32", dash: "2 3" },
  { color: "#7b3fa0", dash: "8 3 2 3" },
] as const;

export const variantStyle = (index: number) => VARIANT_STYLES[index % VARIANT_STYLES.length];

/** Rounds a chart's upper limit up to a tidy tenth, so the axis reads 0–40% rather than 0–37.2%. */
function niceMax(value: number): number {
  return Math.min(1, Math.max(0.1, Math.ceil(value * 10) / 10));
}

function Figure({
  title,
  desc,
  width,
  height,
  children,
}: {
  title: string;
  desc: string;
  width: number;
  height: number;
  children: React.ReactNode;
}) {
  const id = useId();
  return (
    <svg
      className="chart"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{desc}</desc>
      {children}
    </svg>
  );
}

/** The early-rejection rate per variant as a dot (estimate) with a whisker (Wilson 95% interval). */
export function RateChart({ variants }: { variants: VariantReport[] }) {
  const left = 170;
  const right = 30;
  const width = 640;
  const rowHeight = 34;
  const top = 10;
  const height = top + variants.length * rowHeight + 34;
  const max = niceMax(Math.max(0, ...variants.map((v) => v.earlyRejectionRate.upper ?? 0)));
  const x = (rate: number) => left + (rate / max) * (width - left - right);
  const ticks = Array.from({ length: 6 }, (_, i) => (max * i) / 5);
  const desc = variants
    .map((v) =>
      v.earlyRejectionRate.estimate === null
        ? `${variantName(v)}: no connected calls yet.`
        : `${variantName(v)}: ${pct(v.earlyRejectionRate.estimate)} (95% Wilson interval ${pctInterval(v.earlyRejectionRate.lower, v.earlyRejectionRate.upper)}), ${whole(v.earlyRejections)} of ${whole(v.connected)} connected calls.`,
    )
    .join(" ");
  return (
    <Figure
      title="Early-rejection rate by variant, with 95% Wilson intervals"
      desc={desc}
      width={width}
      height={height}
    >
      {ticks.map((t) => (
        <g key={t} className="tick">
          <line x1={x(t)} x2={x(t)} y1={top} y2={height - 26} />
          <text x={x(t)} y={height - 10} textAnchor="middle">
            {pct(t, 0)}
          </text>
        </g>
      ))}
      {variants.map((v, i) => {
        const y = top + i * rowHeight + rowHeight / 2;
        const e = v.earlyRejectionRate;
        const style = variantStyle(i);
        return (
          <g key={v.id} data-variant={v.id}>
            <text x={left - 10} y={y + 4} textAnchor="end" className="label">
              {variantName(v)}
            </text>
            {e.estimate !== null && e.lower !== null && e.upper !== null ? (
              <>
                <line x1={x(e.lower)} x2={x(e.upper)} y1={y} y2={y} stroke={style.color} strokeWidth={2} />
                <line
                  x1={x(e.lower)}
                  x2={x(e.lower)}
                  y1={y - 6}
                  y2={y + 6}
                  stroke={style.color}
                  strokeWidth={2}
                />
                <line
                  x1={x(e.upper)}
                  x2={x(e.upper)}
                  y1={y - 6}
                  y2={y + 6}
                  stroke={style.color}
                  strokeWidth={2}
                />
                <circle cx={x(e.estimate)} cy={y} r={5} fill={style.color} />
              </>
            ) : (
              <text x={left} y={y + 4} className="muted">
                no connected calls yet
              </text>
            )}
          </g>
        );
      })}
    </Figure>
  );
}

/** Dialled → connected → past the opening → checkpoint → success, one group of bars per variant. */
export function FunnelChart({ variants }: { variants: VariantReport[] }) {
  const left = 170;
  const right = 70;
  const width = 640;
  const bar = 14;
  const groupGap = 16;
  const stagesPer = Math.max(1, ...variants.map((v) => v.funnel.length));
  const groupHeight = 20 + stagesPer * (bar + 4);
  const height = variants.length * (groupHeight + groupGap) + 4;
  const max = Math.max(1, ...variants.map((v) => v.funnel[0]?.count ?? 0));
  const w = (count: number) => (count / max) * (width - left - right);
  const desc = variants
    .map(
      (v) =>
        `${variantName(v)}: ${v.funnel.map((s) => `${s.label.toLowerCase()} ${whole(s.count)}`).join(", ")}.`,
    )
    .join(" ");
  return (
    <Figure
      title="Funnel by variant: dialled, connected, past the opening, checkpoint, success"
      desc={desc}
      width={width}
      height={height}
    >
      {variants.map((v, i) => {
        const y0 = i * (groupHeight + groupGap);
        const style = variantStyle(i);
        return (
          <g key={v.id} data-variant={v.id}>
            <text x={0} y={y0 + 14} className="label strong">
              {variantName(v)}
            </text>
            {v.funnel.map((stage, j) => {
              const y = y0 + 20 + j * (bar + 4);
              return (
                <g key={stage.stage}>
                  <text x={left - 10} y={y + bar - 3} textAnchor="end" className="label">
                    {stage.label}
                  </text>
                  <rect
                    x={left}
                    y={y}
                    width={Math.max(1, w(stage.count))}
                    height={bar}
                    fill={style.color}
                    opacity={1 - j * 0.13}
                  />
                  <text x={left + w(stage.count) + 6} y={y + bar - 3} className="value">
                    {whole(stage.count)}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </Figure>
  );
}

/** The corners of a Kaplan-Meier step curve (or one edge of its band) from time 0 to `end`, in pixels. */
function stepPoints(
  points: { time: number; value: number }[],
  x: (t: number) => number,
  y: (s: number) => number,
  end: number,
): [number, number][] {
  const out: [number, number][] = [[x(0), y(1)]];
  let last = 1;
  for (const p of points) {
    if (p.time > end) break;
    out.push([x(p.time), y(last)], [x(p.time), y(p.value)]);
    last = p.value;
  }
  out.push([x(end), y(last)]);
  return out;
}

const line = (points: [number, number][]) =>
  `M ${points.map(([px, py]) => `${px.toFixed(1)} ${py.toFixed(1)}`).join(" L ")}`;

/** Kaplan-Meier curves of time on the line, per variant, with their 95% confidence bands. */
export function SurvivalChart({
  variants,
  survivalTimes,
}: {
  variants: VariantReport[];
  survivalTimes: number[];
}) {
  const left = 50;
  const right = 20;
  const top = 10;
  const width = 640;
  const height = 280;
  const bottom = 40;
  const times = variants.flatMap((v) => v.survival.curve.map((p) => p.time));
  // Most early rejections happen in the first minutes; a long tail would squash them.
  const end = Math.max(30, Math.min(Math.max(0, ...times), 300), ...survivalTimes);
  const x = (t: number) => left + (t / end) * (width - left - right);
  const y = (s: number) => top + (1 - s) * (height - top - bottom);
  const xTicks = Array.from({ length: 6 }, (_, i) => Math.round((end * i) / 5));
  const desc = variants
    .map(
      (v) =>
        `${variantName(v)}: ${v.survival.atTimes.map((a) => `${pct(a.survival)} still on the line at ${a.seconds} s`).join(", ")}; ${whole(v.survival.customerHangUps)} hang-ups, ${whole(v.survival.censored)} censored.`,
    )
    .join(" ");
  return (
    <Figure
      title="Time on the line: share of connected calls the customer has not hung up on, by seconds since connect"
      desc={desc}
      width={width}
      height={height}
    >
      {[0, 0.25, 0.5, 0.75, 1].map((s) => (
        <g key={s} className="tick">
          <line x1={left} x2={width - right} y1={y(s)} y2={y(s)} />
          <text x={left - 6} y={y(s) + 4} textAnchor="end">
            {pct(s, 0)}
          </text>
        </g>
      ))}
      {xTicks.map((t) => (
        <text key={t} x={x(t)} y={height - bottom + 16} textAnchor="middle" className="tick">
          {t} s
        </text>
      ))}
      <text x={(left + width - right) / 2} y={height - 6} textAnchor="middle" className="label">
        seconds since connect
      </text>
      {variants.map((v, i) => {
        const style = variantStyle(i);
        const curve = v.survival.curve;
        if (curve.length === 0) return null;
        const upper = stepPoints(
          curve.map((p) => ({ time: p.time, value: p.upper ?? p.survival })),
          x,
          y,
          end,
        );
        const lower = stepPoints(
          curve.map((p) => ({ time: p.time, value: p.lower ?? p.survival })),
          x,
          y,
          end,
        );
        const main = stepPoints(
          curve.map((p) => ({ time: p.time, value: p.survival })),
          x,
          y,
          end,
        );
        return (
          <g key={v.id} data-variant={v.id}>
            <path
              className="band"
              d={`${line(upper)} L ${line([...lower].reverse()).slice(2)} Z`}
              fill={style.color}
              fillOpacity={0.12}
              stroke="none"
            />
            <path
              className="curve"
              d={line(main)}
              fill="none"
              stroke={style.color}
              strokeWidth={2.5}
              strokeDasharray={style.dash || undefined}
            />
          </g>
        );
      })}
      {survivalTimes.map((t) => (
        <line key={t} className="marker" x1={x(t)} x2={x(t)} y1={top} y2={height - bottom} />
      ))}
    </Figure>
  );
}

/** The legend for charts drawn per variant: colour and line style side by side with the name. */
export function VariantLegend({ variants }: { variants: VariantReport[] }) {
  return (
    <ul className="legend" aria-label="Variants in the charts">
      {variants.map((v, i) => {
        const style = variantStyle(i);
        return (
          <li key={v.id}>
            <svg width="28" height="10" aria-hidden="true" focusable="false">
              <line
                x1="0"
                x2="28"
                y1="5"
                y2="5"
                stroke={style.color}
                strokeWidth="3"
                strokeDasharray={style.dash || undefined}
              />
            </svg>{" "}
            {variantName(v)}
            {v.isControl ? " — control" : ""}
          </li>
        );
      })}
    </ul>
  );
}

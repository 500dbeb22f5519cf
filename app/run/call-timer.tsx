import { useEffect, useState } from "react";

/** Early rejection is measured against this mark: the first 30 seconds decide most hang-ups. */
export const EARLY_MARK_MS = 30_000;

/**
 * The call's running time, with a bar that fills up to the 30-second mark and then says it is passed.
 * `startEpoch` is when the person answered, so the mark measures early rejection. While `dialling` (a real
 * call before anyone answers) it shows the ringing time instead, without the mark; `endedAtMs` freezes it.
 */
export function CallTimer({
  startEpoch,
  now,
  endedAtMs,
  dialling = false,
}: {
  startEpoch: number;
  now: () => number;
  endedAtMs?: number;
  dialling?: boolean;
}) {
  const [elapsed, setElapsed] = useState(() => endedAtMs ?? Math.max(0, now() - startEpoch));
  useEffect(() => {
    if (endedAtMs !== undefined) {
      setElapsed(endedAtMs);
      return;
    }
    const tick = () => setElapsed(Math.max(0, now() - startEpoch));
    tick();
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [endedAtMs, now, startEpoch]);
  if (dialling) {
    return (
      <div className="run-timer" data-dialling="true">
        <span className="run-clock" role="timer" aria-label="Dialling time">
          {formatClock(elapsed)}
        </span>
        <span className="run-mark-label">{endedAtMs === undefined ? "Dialling…" : "Not connected"}</span>
      </div>
    );
  }
  const past = elapsed >= EARLY_MARK_MS;
  return (
    <div className="run-timer" data-past-mark={past}>
      <span className="run-clock" role="timer" aria-label="Call time">
        {formatClock(elapsed)}
      </span>
      <span className="run-mark" aria-hidden="true">
        <span className="run-mark-fill" style={{ width: `${Math.min(100, (elapsed / EARLY_MARK_MS) * 100)}%` }} />
      </span>
      <span className="run-mark-label">{past ? "Past 30 s" : "30 s mark"}</span>
    </div>
  );
}

/** "0:07", "12:30": minutes and seconds of a call. */
export function formatClock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

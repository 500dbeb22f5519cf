import { DateTime } from "~/components/date-time";

/** One export log entry's outcome: the file, or the delivery with its attempts, and any error. */
export function ExportResultCell({
  entry: e,
}: {
  entry: { result: string; filename?: string; bytes?: number; error?: string; delivery?: { url: string; attempts: number; status?: number; delivered: boolean } };
}) {
  return (
    <>
      {e.result === "ok" ? <span className="ok">OK</span> : <span className="failed">Failed</span>}{" "}
      {e.delivery ? (
        <span>
          delivery to {e.delivery.url}: {e.delivery.attempts} attempt{e.delivery.attempts === 1 ? "" : "s"}
          {e.delivery.status !== undefined ? `, HTTP ${e.delivery.status}` : ""}
        </span>
      ) : e.filename ? (
        <span>
          {e.filename} ({e.bytes ?? 0} bytes)
        </span>
      ) : null}
      {e.error ? <span className="meta"> — {e.error}</span> : null}
    </>
  );
}

export function Deliveries({
  deliveries,
  highlight,
}: {
  deliveries: { id: string; targetName: string; pluginId: string; versionNumber: number; state: string; startedAt: string; attempts: { attempt: number; status?: number; error?: string }[]; summary?: string }[];
  highlight?: string | null;
}) {
  if (deliveries.length === 0) return null;
  return (
    <section aria-labelledby="deliveries-heading">
      <h2 id="deliveries-heading">Webhook deliveries</h2>
      <ul className="deliveries" aria-live="polite">
        {deliveries.map((x) => (
          <li key={x.id} className={x.id === highlight ? "current" : undefined}>
            <strong>{x.targetName}</strong> ({x.pluginId}, version {x.versionNumber}):{" "}
            <span className={`state ${x.state}`}>
              {x.state === "delivering" ? "Delivering…" : x.state === "delivered" ? "Delivered" : "Failed"}
            </span>{" "}
            <DateTime iso={x.startedAt} />
            {x.attempts.length > 0 ? (
              <ol className="attempts">
                {x.attempts.map((a) => (
                  <li key={a.attempt}>
                    Attempt {a.attempt}: {a.status !== undefined ? `HTTP ${a.status}` : (a.error ?? "waiting for an answer")}
                  </li>
                ))}
              </ol>
            ) : null}
            {x.summary ? <p className="meta">{x.summary}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

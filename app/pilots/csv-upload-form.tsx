import { Form, useRevalidator } from "@remix-run/react";
import { useRef, useState, type ReactNode } from "react";
import { CsrfField, useCsrfToken } from "~/components/csrf-field";
import { useHydrated } from "~/components/use-hydrated";

/** What the upload endpoint and the page actions answer (see pilot-forms.server). */
export type UploadOutcome =
  | {
      ok: true;
      summary: string;
      rejected: { line: number; reason: string }[];
      rejectedTotal: number;
      notice?: string;
    }
  | { ok: false; error: string; details: { path: string; message: string }[] };

export interface CsvUploadFormProps {
  pilotId: string;
  intent: "contacts" | "do-not-call" | "results";
  label: string;
  submitLabel: string;
  /** Fields shown between the file and the button (region, mapping …). */
  children?: ReactNode;
  onFile?: (file: File | undefined) => void;
  /** The page action's answer when the form was posted without JavaScript. */
  fallback?: UploadOutcome;
}

type Progress = { phase: "idle" } | { phase: "uploading"; fraction: number } | { phase: "checking" };

/**
 * A CSV upload. With JavaScript it is sent by XMLHttpRequest so the bar shows the bytes sent, then that the
 * server is checking the rows; without, the form posts to the page and the answer shows the same way.
 */
export function CsvUploadForm({
  pilotId,
  intent,
  label,
  submitLabel,
  children,
  onFile,
  fallback,
}: CsvUploadFormProps) {
  const hydrated = useHydrated();
  const csrf = useCsrfToken();
  const revalidator = useRevalidator();
  const [progress, setProgress] = useState<Progress>({ phase: "idle" });
  const [outcome, setOutcome] = useState<UploadOutcome | undefined>();
  const formRef = useRef<HTMLFormElement>(null);
  const shown = outcome ?? fallback;
  const id = `file-${intent}`;

  const send = (form: HTMLFormElement) => {
    const data = new FormData(form);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/pilots/${pilotId}/contacts/upload`);
    if (csrf) xhr.setRequestHeader("X-CSRF-Token", csrf);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) setProgress({ phase: "uploading", fraction: e.loaded / e.total });
    };
    xhr.upload.onload = () => setProgress({ phase: "checking" });
    xhr.onload = () => {
      setProgress({ phase: "idle" });
      try {
        const body: unknown = JSON.parse(xhr.responseText);
        if (isOutcome(body)) setOutcome(body);
        else setOutcome({ ok: false, error: `The upload failed (${xhr.status}).`, details: [] });
      } catch {
        setOutcome({ ok: false, error: `The upload failed (${xhr.status}).`, details: [] });
      }
      revalidator.revalidate();
    };
    xhr.onerror = () => {
      setProgress({ phase: "idle" });
      setOutcome({
        ok: false,
        error: "The upload did not reach the server. Check the connection and try again.",
        details: [],
      });
    };
    setOutcome(undefined);
    setProgress({ phase: "uploading", fraction: 0 });
    xhr.send(data);
  };

  const busy = progress.phase !== "idle";
  return (
    <Form
      method="post"
      encType="multipart/form-data"
      ref={formRef}
      className="pilot-form"
      aria-label={`Upload: ${label}`}
      onSubmit={(e) => {
        if (!hydrated) return;
        e.preventDefault();
        send(e.currentTarget);
      }}
    >
      <CsrfField />
      <input type="hidden" name="intent" value={intent} />
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          name="file"
          type="file"
          accept=".csv,text/csv,text/plain"
          required
          onChange={(e) => onFile?.(e.currentTarget.files?.[0])}
        />
      </div>
      {children}
      <button type="submit" className="primary" disabled={busy}>
        {submitLabel}
      </button>
      {busy ? (
        <div className="upload-progress" role="status">
          <progress
            aria-label="Import progress"
            max={1}
            {...(progress.phase === "uploading" ? { value: progress.fraction } : {})}
          />
          <span>
            {progress.phase === "uploading"
              ? `Uploading… ${Math.round(progress.fraction * 100)}%`
              : "Checking every row…"}
          </span>
        </div>
      ) : null}
      {shown ? <UploadOutcomeView outcome={shown} /> : null}
    </Form>
  );
}

export function UploadOutcomeView({ outcome }: { outcome: UploadOutcome }) {
  if (!outcome.ok) {
    return (
      <div className="alert" role="alert">
        <p>{outcome.error}</p>
        {outcome.details.length > 0 ? (
          <ul>
            {outcome.details.map((d, i) => (
              <li key={i}>
                {d.path}: {d.message}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    );
  }
  return (
    <div className="card" role="status">
      <p>{outcome.summary}</p>
      {outcome.notice ? <p className="meta">{outcome.notice}</p> : null}
      {outcome.rejectedTotal > 0 ? (
        <div className="rejected-rows">
          <table className="pilot-table">
            <caption>
              Rejected rows
              {outcome.rejectedTotal > outcome.rejected.length
                ? ` (first ${outcome.rejected.length} of ${outcome.rejectedTotal})`
                : ""}
            </caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  Line
                </th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {outcome.rejected.map((r) => (
                <tr key={r.line}>
                  <td className="num">{r.line}</td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

function isOutcome(value: unknown): value is UploadOutcome {
  return typeof value === "object" && value !== null && "ok" in value && typeof value.ok === "boolean";
}

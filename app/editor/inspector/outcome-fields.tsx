import { AAPOR_DISPOSITIONS } from "~/domain/aapor-dispositions";
import type { AaporDisposition, Outcome } from "~/domain/script-types";
import { CheckboxField, DraftField, parsers, SelectField, TextField } from "./fields";

const DISPOSITION_CHOICES = AAPOR_DISPOSITIONS.map((d) => ({ value: d.code, label: `${d.code} ${d.name}` }));
const parseLabel = parsers.required("The outcome", 100);

interface OutcomeFieldsProps {
  outcome: Outcome;
  /** `field` names the text being typed, so a burst of typing is one undo step. */
  onChange: (outcome: Outcome, field?: string) => void;
  /** Prefix for the accessible names when several outcomes share a form ("Objection 2 outcome"). */
  labelPrefix?: string;
}

/** How a call ends: the centre's outcome, whether it counts as a success, and its AAPOR disposition. */
export function OutcomeFields({ outcome, onChange, labelPrefix }: OutcomeFieldsProps) {
  const name = (label: string) => (labelPrefix ? `${labelPrefix} ${lowerFirstWord(label)}` : undefined);
  return (
    <>
      <DraftField
        label="Outcome"
        name={name("Outcome")}
        value={outcome.label}
        format={(v) => v}
        parse={parseLabel}
        maxLength={100}
        onCommit={(label) => onChange({ ...outcome, label }, "outcome-label")}
      />
      <CheckboxField
        label="Counts as success"
        name={name("Counts as success")}
        checked={outcome.success}
        onChange={(success) => onChange({ ...outcome, success })}
      />
      <SelectField<AaporDisposition>
        label="AAPOR disposition"
        name={name("AAPOR disposition")}
        value={outcome.disposition}
        options={DISPOSITION_CHOICES}
        hint="The final disposition code for AAPOR response-rate reporting."
        onChange={(disposition) => onChange({ ...outcome, disposition })}
      />
      <TextField
        label="Outcome code"
        name={name("Outcome code")}
        value={outcome.code ?? ""}
        maxLength={40}
        placeholder="e.g. APPT"
        hint="Optional: your centre's own code."
        onChange={(code) => onChange(withCode(outcome, code), "outcome-code")}
      />
    </>
  );
}

function withCode({ code: _dropped, ...rest }: Outcome, code: string): Outcome {
  return code ? { ...rest, code } : rest;
}

/** "Outcome code" → "outcome code", but "AAPOR disposition" keeps its acronym. */
function lowerFirstWord(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

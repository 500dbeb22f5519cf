import type { ValidateFunction } from "ajv";
import callEventSchema from "../../schemas/call-event.v1.schema.json";
import callRecordSchema from "../../schemas/call-record.v1.schema.json";
import type { CallEvent, CallRecord } from "~/domain/calls/call-types";
import { compileSchema, formatAjvErrors } from "./schema-validation.server";

// The record refers to the event schema's definitions by file name, so the event schema compiles first.
const validateCallEvent: ValidateFunction<CallEvent> = compileSchema<CallEvent>(callEventSchema);
const validateCallRecord: ValidateFunction<CallRecord> = compileSchema<CallRecord>(callRecordSchema);

export function isCallEvent(value: unknown): value is CallEvent {
  return validateCallEvent(value);
}

export function isCallRecord(value: unknown): value is CallRecord {
  return validateCallRecord(value);
}

/** Why an event is not valid, as one sentence per problem ("nodeId is missing…"); empty when valid. */
export function callEventProblems(value: unknown): string[] {
  if (validateCallEvent(value)) return [];
  return describe(validateCallEvent.errors ?? [], value, "the event");
}

export function callRecordProblems(value: unknown): string[] {
  if (validateCallRecord(value)) return [];
  return describe(validateCallRecord.errors ?? [], value, "the record");
}

function describe(errors: Parameters<typeof formatAjvErrors>[0], value: unknown, whole: string): string[] {
  // A oneOf over eleven kinds reports every kind's complaint; the discriminator has already chosen the kind,
  // so the branch errors are the ones that matter and the "must match exactly one schema" line adds nothing.
  const relevant = errors.filter((e) => e.keyword !== "oneOf");
  return formatAjvErrors(relevant.length ? relevant : errors, value).map((p) =>
    p.path === "the script" ? `${whole} ${p.message}` : `${p.path} ${p.message}`,
  );
}

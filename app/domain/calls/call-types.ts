// The call event and call record types, generated from schemas/call-event.v1 and call-record.v1.
import type {
  AnswerEvent,
  BackEvent,
  CallbackEvent,
  CallEndedEvent,
  CallStartedEvent,
  ConnectedEvent,
  NoteEvent,
  ObjectionEvent,
  ObjectionResolvedEvent,
  ReferralEvent,
  StepEvent,
} from "~/types/generated/call-event.v1";

export type {
  AnswerEvent,
  BackEvent,
  CallbackEvent,
  CallEndedEvent,
  CallStartedEvent,
  ConnectedEvent,
  NoteEvent,
  ObjectionEvent,
  ObjectionResolvedEvent,
  ReferralEvent,
  StepEvent,
  CallSource,
} from "~/types/generated/call-event.v1";
export type {
  CallRecord,
  RecordAnswer,
  RecordBack,
  RecordCallback,
  RecordNote,
  RecordObjection,
  RecordReferral,
  RecordStep,
} from "~/types/generated/call-record.v1";

/**
 * One event, narrowed by `type`. The generated `CallEvent` also carries the schema's root-level list of
 * every field name (needed to keep the root closed), which adds nothing but noise to code.
 */
export type CallEvent =
  | CallStartedEvent
  | ConnectedEvent
  | StepEvent
  | AnswerEvent
  | ObjectionEvent
  | ObjectionResolvedEvent
  | BackEvent
  | CallbackEvent
  | ReferralEvent
  | NoteEvent
  | CallEndedEvent;

export type CallEventType = CallEvent["type"];

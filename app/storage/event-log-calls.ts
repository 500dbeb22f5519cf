import { openEventLog, type EventLog, type LoggedEvent } from "./event-log";

/**
 * Opens the call event log in `dir` (the app's `<data dir>/calls`): a call's call-started event says which
 * stream holds the call, and warnings name only streams and line numbers, because event contents can hold
 * personal data (referrals) that must stay out of application logs.
 */
export function openCallLog(dir: string): Promise<EventLog> {
  return openEventLog({
    dir,
    groupKeyOf: callStartedId,
    onWarning: (warning) =>
      console.warn(
        warning.kind === "torn-tail"
          ? `call log ${warning.stream}: set aside a torn last line (${warning.bytes} bytes) in ${warning.sideFile}`
          : `call log ${warning.stream}: line ${warning.line} ${warning.reason}; readers skip it`,
      ),
  });
}

function callStartedId(event: LoggedEvent): string | undefined {
  return "type" in event &&
    event.type === "call-started" &&
    "callId" in event &&
    typeof event.callId === "string"
    ? event.callId
    : undefined;
}

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { dispositionName } from "~/domain/aapor-dispositions";
import { isDomainError } from "~/domain/domain-error";
import { mergeFieldFiller } from "~/domain/run/merge-values";
import {
  applyRunAction,
  canGoBack,
  currentNodeId,
  endOutcomeChoices,
  NON_CONTACT_OUTCOMES,
  type NonContactReason,
  type RunAction,
  type RunState,
} from "~/domain/run/run-machine";
import { estimateTimeLeft } from "~/domain/run/time-left";
import { NODE_KIND_LABELS, nodeDisplayName } from "~/domain/node-summary";
import type { Objection, Script, ScriptNode } from "~/domain/script-types";
import { formatDuration } from "~/domain/speaking-time";
import { RichTextView } from "~/components/rich-text-view";
import { createEventOutbox, type OutboxStatus, type SendEvents } from "./event-outbox";
import { loadRun, outboxKey, saveRun, type RunStore } from "./run-storage";
import { answerChoices, numberedOutcomes, type AnswerChoice } from "./step-choices";
import { CallTimer, formatClock } from "./call-timer";
import { CallbackForm, ReferralForm } from "./entry-forms";
import { ShortcutsHelp } from "./shortcuts-help";

export interface RunScreenProps {
  script: Script;
  callId: string;
  sendEvents: SendEvents;
  /** Where the run and its unsent events are kept (localStorage in the browser). */
  store: RunStore;
  /** The contact's time zone, when known: the callback form starts with it. */
  contactTimeZone?: string;
  /** Links shown once the call has ended. */
  afterCall?: ReactNode;
  /** The clock, in ms since the epoch; tests pass their own. */
  now?: () => number;
}

/**
 * The screen an agent follows during a call. A real call starts dialling: Enter (or C) when the person
 * answers, 1–5 when the call did not connect. Works by keyboard alone: number keys answer, the script's
 * letters raise objections, Enter continues, Backspace goes back, Shift+H / Shift+E end the call, Shift+N
 * writes a note, ? shows every shortcut. Keys typed in a text field stay in the field (Esc leaves it).
 * Where the script came from (draft, frozen version, a pilot's contact) does not matter here.
 */
export function RunScreen({ script, callId, sendEvents, store, contactTimeZone, afterCall, now = Date.now }: RunScreenProps) {
  const [state, setState] = useState<RunState | undefined>(() => loadRun(store, callId));
  const [error, setError] = useState<string>();
  const [sync, setSync] = useState<OutboxStatus>({ pending: 0 });
  const outbox = useRef<ReturnType<typeof createEventOutbox>>();
  const stateRef = useRef(state);
  stateRef.current = state;

  useEffect(() => {
    const box = createEventOutbox({ send: sendEvents, store, key: outboxKey(callId) });
    outbox.current = box;
    setSync(box.status());
    const unsubscribe = box.subscribe(setSync);
    const online = () => void box.flush();
    window.addEventListener("online", online);
    return () => {
      unsubscribe();
      window.removeEventListener("online", online);
      box.dispose();
      outbox.current = undefined;
    };
  }, [callId, sendEvents, store]);

  const startEpoch = state ? Date.parse(state.startedAt) : 0;
  const dispatch = useCallback(
    (action: RunAction) => {
      const current = stateRef.current;
      if (!current) return;
      const ms = now();
      try {
        const result = applyRunAction(script, current, action, {
          at: new Date(ms).toISOString(),
          offsetMs: Math.max(0, ms - startEpoch),
        });
        // Queue the events before saving the state: a crash in between resends, never loses.
        outbox.current?.push(result.events);
        saveRun(store, result.state);
        stateRef.current = result.state;
        setState(result.state);
        setError(undefined);
      } catch (e) {
        if (!isDomainError(e)) throw e;
        setError(e.message);
      }
    },
    [now, script, startEpoch, store],
  );

  if (!state) {
    return (
      <div className="run-missing card" role="alert">
        <h1>This call is not open in this browser</h1>
        <p>A call can be continued only in the browser where it was started. Its events already sent are kept.</p>
        {afterCall}
      </div>
    );
  }
  return (
    <RunView
      script={script}
      state={state}
      error={error}
      sync={sync}
      dispatch={dispatch}
      startEpoch={startEpoch}
      now={now}
      contactTimeZone={contactTimeZone}
      afterCall={afterCall}
    />
  );
}

interface RunViewProps {
  script: Script;
  state: RunState;
  error: string | undefined;
  sync: OutboxStatus;
  dispatch: (action: RunAction) => void;
  startEpoch: number;
  now: () => number;
  contactTimeZone?: string;
  afterCall?: ReactNode;
}

function RunView({ script, state, error, sync, dispatch, startEpoch, now, contactTimeZone, afterCall }: RunViewProps) {
  const [helpOpen, setHelpOpen] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const [otherOpen, setOtherOpen] = useState(false);
  const stepRef = useRef<HTMLElement>(null);
  const noteRef = useRef<HTMLInputElement>(null);
  const otherRef = useRef<HTMLInputElement>(null);

  const nodeId = currentNodeId(state);
  const node = script.nodes.find((n) => n.id === nodeId);
  const fill = useMemo(() => mergeFieldFiller(script.variables, state.mergeValues), [script.variables, state.mergeValues]);
  const objection = state.objection ? script.objections.find((o) => o.id === state.objection?.objectionId) : undefined;
  const choices = useMemo(
    () => (node?.kind === "question" && state.phase === "step" ? answerChoices(script, node) : []),
    [script, node, state.phase],
  );
  const outcomes = useMemo(() => numberedOutcomes(endOutcomeChoices(script)), [script]);
  const timeLeft = useMemo(() => estimateTimeLeft(script, state), [script, state]);

  // A new step starts with nothing chosen and the reading position on the step, so screen readers read it.
  const where = `${state.phase}:${nodeId}:${state.stops.length}:${state.objection?.objectionId ?? ""}`;
  useEffect(() => {
    setChosen([]);
    setOtherOpen(false);
    if (!stepRef.current?.contains(document.activeElement) || document.activeElement === document.body) {
      stepRef.current?.focus();
    }
  }, [where]);
  useEffect(() => {
    if (otherOpen) otherRef.current?.focus();
  }, [otherOpen]);

  const takeChoice = useCallback(
    (choice: AnswerChoice) => {
      if (choice.answer === "other") setOtherOpen(true);
      else if ("toggle" in choice.answer) {
        const id = choice.answer.toggle;
        setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));
      } else dispatch({ type: "answer", answer: choice.answer });
    },
    [dispatch],
  );

  const primary = useCallback(() => {
    if (state.phase === "objection") return dispatch({ type: "continue" });
    if (state.phase !== "step" || !node) return;
    if (node.kind === "question" && node.questionType === "multiple") {
      return dispatch({ type: "answer", answer: { kind: "options", optionIds: chosen } });
    }
    dispatch({ type: "continue" });
  }, [chosen, dispatch, node, state.phase]);

  // A layout effect swaps the key handler in during the commit that shows a new step, so a key pressed the
  // moment the step appears is handled against that step, never against the previous step's choices.
  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      if (target && isTextEntry(target)) {
        if (event.key === "Escape") {
          event.preventDefault();
          target.blur();
          stepRef.current?.focus();
        }
        return;
      }
      // Enter and Space on a focused button or link belong to it.
      if (target && (event.key === "Enter" || event.key === " ") && target.closest("button, a, summary, select")) return;
      const key = event.key;
      const handled = ((): boolean => {
        if (key === "?") return setHelpOpen((open) => !open), true;
        if (key === "Escape") {
          if (helpOpen) return setHelpOpen(false), true;
          if (state.phase === "outcome") return dispatch({ type: "cancel-end" }), true;
          return false;
        }
        if (state.phase === "ended") return false;
        if (key === "Backspace" || (event.altKey && key === "ArrowLeft")) {
          dispatch({ type: "back" });
          return true;
        }
        if (event.altKey) return false;
        if (event.shiftKey && (key === "H" || key === "E" || key === "N")) {
          if (key === "N") noteRef.current?.focus();
          else if (state.phase !== "outcome") dispatch({ type: key === "H" ? "hang-up" : "agent-end" });
          return true;
        }
        if (state.phase === "dialling") {
          if (key === "Enter" || key === "c" || key === "C") return dispatch({ type: "connect" }), true;
          const missed = NON_CONTACT_KEYS.find((o) => o.key === key);
          if (missed) dispatch({ type: "not-connected", reason: missed.reason });
          return missed !== undefined;
        }
        if (state.phase === "outcome") {
          const picked = outcomes.find((o) => o.key !== "" && o.key === key);
          if (picked) dispatch({ type: "choose-outcome", outcome: picked.outcome });
          return picked !== undefined;
        }
        if (key === "Enter") return primary(), true;
        const choice = choices.find((c) => c.key !== "" && c.key === key);
        if (choice) return takeChoice(choice), true;
        const raised = /^[a-z]$/.test(key) ? script.objections.find((o) => o.shortcut === key) : undefined;
        if (raised) return dispatch({ type: "objection", objectionId: raised.id }), true;
        return false;
      })();
      if (handled) event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [choices, dispatch, helpOpen, outcomes, primary, script.objections, state.phase, takeChoice]);

  const ended = state.phase === "ended";
  const dialling = state.phase === "dialling";
  const connectedAt = state.connectedOffsetMs;
  return (
    <div className="run" lang={script.language}>
      <header className="run-bar">
        <div className="run-title">
          <span className="run-label">{state.preview ? "Preview call" : "Call"}</span> {script.title}
        </div>
        {connectedAt === undefined ? (
          <CallTimer key="dial" dialling startEpoch={startEpoch} now={now} endedAtMs={state.ended?.offsetMs} />
        ) : (
          // Talk time and the 30-second mark count from the answer, not from dialling.
          <CallTimer
            key="talk"
            startEpoch={startEpoch + connectedAt}
            now={now}
            endedAtMs={state.ended ? Math.max(0, state.ended.offsetMs - connectedAt) : undefined}
          />
        )}
        <div className="run-left" aria-label="Estimated time left">
          {ended ? null : (
            <>
              About <strong>{formatDuration(timeLeft.seconds)}</strong> left
              {timeLeft.reachesEnd ? "" : " (the likely path does not reach an end)"}
            </>
          )}
        </div>
        <SyncStatus sync={sync} />
      </header>

      {state.preview && !ended && !dialling ? (
        <p className="run-hint" role="note">
          Preview calls start connected unless you choose to start by dialling; real calls always wait for the
          person to answer first.
        </p>
      ) : null}
      {state.source.kind === "draft" && state.source.revision !== script.revision && !ended ? (
        <p className="run-hint" role="note">
          The draft was changed since this call started (revision {state.source.revision}, now {script.revision}): the
          call goes on with the current steps.
        </p>
      ) : null}
      {error ? (
        <p className="run-error" role="alert">
          {error}
        </p>
      ) : null}

      <div className="run-body">
        <section
          ref={stepRef}
          tabIndex={-1}
          className="run-step"
          aria-label="Current step"
          data-phase={state.phase}
          data-kind={node?.kind}
        >
          {!node ? (
            <p role="alert">
              The step “{nodeId}” is no longer in the script (it was changed during the call). End the call with Shift+E.
            </p>
          ) : dialling ? (
            <DiallingStep
              onConnect={() => dispatch({ type: "connect" })}
              onNotConnected={(reason) => dispatch({ type: "not-connected", reason })}
            />
          ) : state.phase === "objection" && objection ? (
            <ObjectionReply objection={objection} script={script} fill={fill} onContinue={() => dispatch({ type: "continue" })} />
          ) : state.phase === "outcome" ? (
            <OutcomeChooser
              endedBy={state.pendingEnd?.endedBy ?? "agent"}
              outcomes={outcomes}
              onChoose={(outcome) => dispatch({ type: "choose-outcome", outcome })}
              onCancel={() => dispatch({ type: "cancel-end" })}
            />
          ) : ended && state.ended ? (
            <CallEnded state={state} afterCall={afterCall} />
          ) : (
            <CurrentStep
              node={node}
              fill={fill}
              choices={choices}
              chosen={chosen}
              otherOpen={otherOpen}
              otherRef={otherRef}
              contactTimeZone={contactTimeZone}
              onChoice={takeChoice}
              onPrimary={primary}
              dispatch={dispatch}
            />
          )}
        </section>

        <aside className="run-side">
          {ended || dialling ? null : <ObjectionList objections={script.objections} onRaise={(id) => dispatch({ type: "objection", objectionId: id })} />}
          <StepsTaken script={script} state={state} />
          <Notes state={state} noteRef={noteRef} dispatch={dispatch} disabled={ended} />
          <ShortcutsHelp open={helpOpen} onToggle={() => setHelpOpen((o) => !o)} objections={script.objections} />
        </aside>
      </div>

      {ended ? null : (
        <footer className="run-actions" aria-label="Call controls">
          <button type="button" onClick={() => dispatch({ type: "back" })} disabled={!canGoBack(state) && state.phase !== "outcome"}>
            Back <kbd>Backspace</kbd>
          </button>
          <button type="button" className="danger" onClick={() => dispatch({ type: "hang-up" })} disabled={state.phase === "outcome"}>
            Customer hung up <kbd>Shift+H</kbd>
          </button>
          <button type="button" onClick={() => dispatch({ type: "agent-end" })} disabled={state.phase === "outcome" || dialling}>
            Agent ended <kbd>Shift+E</kbd>
          </button>
        </footer>
      )}
    </div>
  );
}

function isTextEntry(el: HTMLElement): boolean {
  if (el.isContentEditable) return true;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (!(el instanceof HTMLInputElement)) return false;
  return !["button", "submit", "reset", "checkbox", "radio", "range", "color", "file", "image"].includes(el.type);
}

interface CurrentStepProps {
  node: ScriptNode;
  fill: (key: string) => string;
  choices: AnswerChoice[];
  chosen: string[];
  otherOpen: boolean;
  otherRef: React.RefObject<HTMLInputElement>;
  contactTimeZone?: string;
  onChoice: (choice: AnswerChoice) => void;
  onPrimary: () => void;
  dispatch: (action: RunAction) => void;
}

function CurrentStep({ node, fill, choices, chosen, otherOpen, otherRef, contactTimeZone, onChoice, onPrimary, dispatch }: CurrentStepProps) {
  const text = "text" in node ? node.text : undefined;
  const [other, setOther] = useState("");
  return (
    <>
      <p className="run-kind">
        {NODE_KIND_LABELS[node.kind]}
        {node.kind !== "start" ? ` · ${nodeDisplayName(node)}` : ""}
      </p>
      {text ? (
        <div className="run-text">
          <RichTextView doc={text} fill={fill} />
        </div>
      ) : node.kind === "checkpoint" || node.kind === "condition" || node.kind === "start" ? (
        <p className="run-text run-nowhere" role="alert">
          This step is not connected to a next step. Connect it in the editor, or end the call (Shift+E).
        </p>
      ) : null}
      {node.note ? <p className="run-hint">Note: {node.note}</p> : null}

      {node.kind === "question" ? (
        <div className="run-answers" role="group" aria-label="Answers">
          {choices.map((choice) => {
            const toggle = typeof choice.answer === "object" && "toggle" in choice.answer ? choice.answer.toggle : undefined;
            return (
              <button
                key={`${choice.key}:${choice.label}`}
                type="button"
                className="run-answer"
                aria-pressed={toggle !== undefined ? chosen.includes(toggle) : undefined}
                aria-keyshortcuts={choice.key || undefined}
                onClick={() => onChoice(choice)}
              >
                {choice.key ? <kbd>{choice.key}</kbd> : null} {choice.label}
                {choice.leadsNowhere ? <span className="run-warn"> (not connected)</span> : null}
              </button>
            );
          })}
          {node.questionType === "multiple" ? (
            <button type="button" className="primary" onClick={onPrimary} aria-keyshortcuts="Enter">
              Record {chosen.length} chosen <kbd>Enter</kbd>
            </button>
          ) : null}
          {otherOpen ? (
            <form
              className="run-other"
              onSubmit={(e) => {
                e.preventDefault();
                dispatch({ type: "answer", answer: { kind: "other", text: other } });
              }}
            >
              <label htmlFor="run-other-text">Other: the customer’s own words</label>
              <input id="run-other-text" ref={otherRef} value={other} maxLength={500} onChange={(e) => setOther(e.target.value)} />
              <button type="submit" className="primary">
                Record answer
              </button>
            </form>
          ) : null}
        </div>
      ) : node.kind === "callback" ? (
        <CallbackForm
          defaultTimeZone={contactTimeZone}
          onSubmit={(entry) => dispatch({ type: "callback", ...entry })}
        />
      ) : node.kind === "referral" ? (
        <ReferralForm onSubmit={(entry) => dispatch({ type: "referral", ...entry })} />
      ) : node.kind === "say" || node.kind === "end" ? (
        <button type="button" className="primary run-continue" onClick={onPrimary} aria-keyshortcuts="Enter">
          {node.kind === "end" ? `Finish call: ${node.outcome.label}` : "Continue"} <kbd>Enter</kbd>
        </button>
      ) : null}
    </>
  );
}

/** The keys for "did not connect", in the order agents meet them most. */
const NON_CONTACT_KEYS = NON_CONTACT_OUTCOMES.map((o, i) => ({ ...o, key: String(i + 1) }));

function DiallingStep({
  onConnect,
  onNotConnected,
}: {
  onConnect: () => void;
  onNotConnected: (reason: NonContactReason) => void;
}) {
  return (
    <>
      <p className="run-kind">Dialling</p>
      <h2 className="run-text">Waiting for the person to answer</h2>
      <button type="button" className="primary run-continue" onClick={onConnect} aria-keyshortcuts="Enter C">
        Connected <kbd>Enter</kbd> <kbd>C</kbd>
      </button>
      <h3>Did not connect</h3>
      <div className="run-answers" role="group" aria-label="Did not connect">
        {NON_CONTACT_KEYS.map((o) => (
          <button key={o.reason} type="button" className="run-answer" aria-keyshortcuts={o.key} onClick={() => onNotConnected(o.reason)}>
            <kbd>{o.key}</kbd> {o.label}{" "}
            <span className="run-code">
              AAPOR {o.disposition} {dispositionName(o.disposition)}
            </span>
          </button>
        ))}
      </div>
    </>
  );
}

function ObjectionReply({
  objection,
  script,
  fill,
  onContinue,
}: {
  objection: Objection;
  script: Script;
  fill: (key: string) => string;
  onContinue: () => void;
}) {
  const then = objection.then;
  const next =
    then.action === "return"
      ? "Back to the step"
      : then.action === "goto"
        ? `Go to “${nodeName(script, then.target)}”`
        : `End the call: ${then.outcome.label}`;
  return (
    <>
      <p className="run-kind">Objection · {objection.label}</p>
      <div className="run-text">
        <RichTextView doc={objection.reply} fill={fill} />
      </div>
      <button type="button" className="primary run-continue" onClick={onContinue} aria-keyshortcuts="Enter">
        {next} <kbd>Enter</kbd>
      </button>
    </>
  );
}

function nodeName(script: Script, id: string): string {
  const node = script.nodes.find((n) => n.id === id);
  return node ? nodeDisplayName(node) : id;
}

function OutcomeChooser({
  endedBy,
  outcomes,
  onChoose,
  onCancel,
}: {
  endedBy: "customer" | "agent";
  outcomes: ReturnType<typeof numberedOutcomes>;
  onChoose: (o: ReturnType<typeof numberedOutcomes>[number]["outcome"]) => void;
  onCancel: () => void;
}) {
  return (
    <>
      <p className="run-kind">{endedBy === "customer" ? "The customer hung up" : "You ended the call"}</p>
      <h2 className="run-text">How did the call end?</h2>
      <div className="run-answers" role="group" aria-label="Outcomes">
        {outcomes.map(({ key, outcome }) => (
          <button
            key={`${outcome.label}:${outcome.disposition}`}
            type="button"
            className="run-answer"
            aria-keyshortcuts={key || undefined}
            onClick={() => onChoose(outcome)}
          >
            {key ? <kbd>{key}</kbd> : null} {outcome.label}{" "}
            <span className="run-code">
              AAPOR {outcome.disposition} {dispositionName(outcome.disposition)}
            </span>
          </button>
        ))}
      </div>
      <button type="button" onClick={onCancel} aria-keyshortcuts="Escape">
        Not ended: go back to the call <kbd>Esc</kbd>
      </button>
    </>
  );
}

function CallEnded({ state, afterCall }: { state: RunState; afterCall?: ReactNode }) {
  const end = state.ended;
  if (!end) return null;
  const by = { script: "by the script", customer: "by the customer", agent: "by the agent" }[end.endedBy];
  return (
    <>
      <h2 className="run-text">Call ended</h2>
      <dl className="run-summary">
        <dt>Outcome</dt>
        <dd>{end.outcome}</dd>
        <dt>AAPOR disposition</dt>
        <dd>
          {end.aaporCode} {dispositionName(end.aaporCode)}
        </dd>
        <dt>Ended</dt>
        <dd>{by}</dd>
        <dt>Connected</dt>
        <dd>{state.connectedOffsetMs === undefined ? "No" : "Yes"}</dd>
        <dt>Talk time</dt>
        <dd>{formatDuration(end.talkSeconds)}</dd>
      </dl>
      {afterCall}
    </>
  );
}

function ObjectionList({ objections, onRaise }: { objections: Objection[]; onRaise: (id: string) => void }) {
  return (
    <section aria-labelledby="run-objections">
      <h2 id="run-objections">Objections</h2>
      {objections.length === 0 ? (
        <p className="run-hint">This script has no objection handlers.</p>
      ) : (
        <ul className="run-objections">
          {objections.map((o) => (
            <li key={o.id}>
              <button type="button" onClick={() => onRaise(o.id)} aria-keyshortcuts={o.shortcut}>
                {o.shortcut ? <kbd>{o.shortcut}</kbd> : null} {o.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function StepsTaken({ script, state }: { script: Script; state: RunState }) {
  const shown = state.steps.filter((s) => script.nodes.find((n) => n.id === s.nodeId)?.kind !== "start");
  return (
    <section aria-labelledby="run-steps">
      <h2 id="run-steps">Steps so far ({shown.filter((s) => !s.undone).length})</h2>
      <ol className="run-steps">
        {shown.map((s) => {
          const label = `${nodeName(script, s.nodeId)} · ${formatClock(s.offsetMs)}`;
          return <li key={s.seq}>{s.undone ? <del title="Undone with Back">{label}</del> : label}</li>;
        })}
      </ol>
    </section>
  );
}

function Notes({
  state,
  noteRef,
  dispatch,
  disabled,
}: {
  state: RunState;
  noteRef: React.RefObject<HTMLInputElement>;
  dispatch: (action: RunAction) => void;
  disabled: boolean;
}) {
  const [text, setText] = useState("");
  return (
    <section aria-labelledby="run-notes">
      <h2 id="run-notes">Notes</h2>
      {state.notes.length > 0 ? (
        <ul className="run-note-list">
          {state.notes.map((n) => (
            <li key={n.seq}>{n.text}</li>
          ))}
        </ul>
      ) : null}
      {disabled ? null : (
        <form
          className="run-note-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!text.trim()) return;
            dispatch({ type: "note", text });
            setText("");
          }}
        >
          <label htmlFor="run-note">
            Note <kbd>Shift+N</kbd>
          </label>
          <input id="run-note" ref={noteRef} value={text} maxLength={2000} onChange={(e) => setText(e.target.value)} />
          <button type="submit" className="small">
            Add note
          </button>
        </form>
      )}
    </section>
  );
}

function SyncStatus({ sync }: { sync: OutboxStatus }) {
  return (
    <div className="run-sync" role="status" data-pending={sync.pending > 0}>
      {sync.lastError
        ? `Not saved yet, retrying: ${sync.lastError}`
        : sync.pending > 0
          ? `Saving ${sync.pending} event${sync.pending === 1 ? "" : "s"}…`
          : "All saved"}
    </div>
  );
}

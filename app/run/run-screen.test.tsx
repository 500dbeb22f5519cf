// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import {
  callbackNode,
  edge,
  endNode,
  makeScript,
  objection,
  outcome,
  questionNode,
  sayNode,
  startNode,
  variable,
} from "../../test/factories/script-factory";
import type { RunEvent } from "~/domain/run/run-machine";
import type { Script } from "~/domain/script-types";
import { RunScreen } from "./run-screen";
import { beginRun, loadRun, type RunStore } from "./run-storage";

afterEach(cleanup);

function script(): Script {
  return makeScript({
    variables: [variable("firstName", { label: "First name" }), variable("company", { label: "Company" })],
    nodes: [
      startNode(),
      sayNode("hello", "Hello {{firstName}} from {{company}}."),
      questionNode("q1", "Is now a good time?", "yes-no"),
      questionNode("q2", "Where did you hear of us?", "semi-open", [
        { id: "press", label: "Press" },
        { id: "web", label: "Web" },
      ]),
      questionNode("q3", "Which channels?", "multiple", [
        { id: "phone", label: "Phone" },
        { id: "mail", label: "Mail" },
      ]),
      callbackNode("cb", "When may I call back?"),
      endNode("done", "Completed", { text: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Thank you, goodbye." }] }] } }),
      endNode("cb-done", "Callback", { outcome: outcome("Callback scheduled", { success: false, disposition: "2.21" }) }),
    ],
    edges: [
      edge("start", "next", "hello"),
      edge("hello", "next", "q1"),
      edge("q1", "yes", "q2"),
      edge("q1", "no", "cb"),
      edge("q2", "option:press", "q3"),
      edge("q2", "option:web", "q3"),
      edge("q2", "other", "q3"),
      edge("q3", "next", "done"),
      edge("cb", "next", "cb-done"),
    ],
    objections: [
      objection("busy", "I have no time", "It takes one minute, {{firstName}}.", { action: "return" }, { shortcut: "t" }),
      objection("email", "Send me an email", "Of course. When may I call back?", { action: "goto", target: "cb" }, { shortcut: "m" }),
    ],
  });
}

function memoryStore(): RunStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);

function setup({ mergeValues = { firstName: "Anna" }, fail = 0, preview = true } = {}) {
  const doc = script();
  const store = memoryStore();
  const clock = { ms: T0 };
  beginRun(store, doc, {
    callId: "c1",
    agent: "u1",
    source: { kind: "draft", revision: 1 },
    preview,
    mergeValues,
    now: { at: new Date(T0).toISOString(), offsetMs: 0 },
  });
  const sent: RunEvent[] = [];
  let failures = fail;
  const send = async (events: RunEvent[]) => {
    if (failures-- > 0) throw new Error("server unavailable");
    sent.push(...events);
  };
  const user = userEvent.setup();
  const ui = () => <RunScreen script={doc} callId="c1" sendEvents={send} store={store} now={() => clock.ms} />;
  const utils = render(ui());
  const step = () => screen.getByRole("region", { name: "Current step" });
  return { doc, store, clock, sent, user, ui, step, ...utils };
}

describe("RunScreen by keyboard", () => {
  it("shows the step with merge fields filled, placeholders for missing ones, and never 'undefined'", async () => {
    const { step } = setup();
    expect(step().textContent).toContain("Hello Anna from «company?».");
    expect(step().textContent).not.toMatch(/undefined/);
    // The run started on revision 1; the test script is at revision 0.
    const notes = screen.getAllByRole("note").map((n) => n.textContent);
    expect(notes).toContainEqual(expect.stringMatching(/changed since this call started \(revision 1, now 0\)/));
    expect(notes).toContainEqual(expect.stringMatching(/Preview calls start connected/));
  });

  it("continues with Enter, answers with number keys and sends every event in order", async () => {
    const { user, step, sent, clock } = setup();
    clock.ms = T0 + 4_000;
    await user.keyboard("{Enter}");
    expect(step().textContent).toContain("Is now a good time?");
    expect(screen.getByRole("button", { name: /1 Yes/ })).toBeTruthy();
    clock.ms = T0 + 6_500;
    await user.keyboard("1");
    expect(step().textContent).toContain("Where did you hear of us?");
    await user.keyboard("2"); // Web
    expect(step().textContent).toContain("Which channels?");
    await user.keyboard("12"); // toggle Phone and Mail
    expect(screen.getByRole("button", { name: /Phone/ }).getAttribute("aria-pressed")).toBe("true");
    await user.keyboard("2"); // Mail off again
    await user.keyboard("{Enter}");
    expect(step().textContent).toContain("Thank you, goodbye.");
    await user.keyboard("{Enter}");
    expect(step().textContent).toContain("Call ended");
    expect(step().textContent).toContain("Completed");

    await waitFor(() => expect(sent.at(-1)?.type).toBe("call-ended"));
    expect(sent.map((e) => e.seq)).toEqual(sent.map((_, i) => i));
    const answers = sent.filter((e) => e.type === "answer");
    expect(answers.map((a) => (a.type === "answer" ? [a.nodeId, a.output, a.optionIds] : []))).toEqual([
      ["q1", "yes", []],
      ["q2", "option:web", ["web"]],
      ["q3", "next", ["phone"]],
    ]);
    expect(answers[0].offsetMs).toBe(6_500);
    expect(screen.getByRole("status").textContent).toBe("All saved");
  });

  it("keeps keys typed in a text field in the field; Esc leaves it and shortcuts work again", async () => {
    const { user, step, sent } = setup();
    await user.keyboard("{Enter}");
    await user.keyboard("{Shift>}N{/Shift}");
    const note = screen.getByRole("textbox", { name: /^Note/ });
    expect(document.activeElement).toBe(note);
    await user.keyboard("1 t H E?{Backspace}x");
    expect((note as HTMLInputElement).value).toBe("1 t H Ex");
    expect(step().textContent).toContain("Is now a good time?");
    await user.keyboard("{Enter}");
    expect(screen.getByText("1 t H Ex")).toBeTruthy();
    await user.keyboard("{Escape}");
    await user.keyboard("2");
    expect(step().textContent).toContain("When may I call back?");
    await waitFor(() => expect(sent.some((e) => e.type === "note" && e.text === "1 t H Ex")).toBe(true));
  });

  it("raises an objection with its letter, shows the reply and returns with Enter", async () => {
    const { user, step, sent } = setup();
    await user.keyboard("{Enter}");
    await user.keyboard("t");
    expect(step().textContent).toContain("It takes one minute, Anna.");
    expect(step().textContent).toContain("Back to the step");
    await user.keyboard("{Enter}");
    expect(step().textContent).toContain("Is now a good time?");
    await user.keyboard("m");
    await user.keyboard("{Enter}");
    expect(step().textContent).toContain("When may I call back?");
    await waitFor(() => expect(sent.filter((e) => e.type === "objection-resolved")).toHaveLength(2));
  });

  it("records the customer's own words for a semi-open question", async () => {
    const { user, step, sent } = setup();
    await user.keyboard("{Enter}1");
    await user.keyboard("3"); // Other…
    const other = screen.getByLabelText(/Other: the customer/);
    expect(document.activeElement).toBe(other);
    await user.keyboard("From a colleague{Enter}");
    expect(step().textContent).toContain("Which channels?");
    await waitFor(() =>
      expect(sent.find((e) => e.type === "answer" && e.nodeId === "q2")).toMatchObject({ output: "other", otherText: "From a colleague" }),
    );
  });

  it("enters a callback with date, time and time zone", async () => {
    const { user, step, sent } = setup();
    await user.keyboard("{Enter}2");
    expect(document.activeElement).toBe(screen.getByLabelText("Callback date"));
    await user.type(screen.getByLabelText("Callback date"), "2026-02-03");
    await user.type(screen.getByLabelText("Callback time"), "14:30");
    const zone = screen.getByLabelText("Time zone");
    await user.clear(zone);
    await user.type(zone, "Europe/Budapest{Enter}");
    expect(step().textContent).toContain("Callback scheduled");
    await waitFor(() =>
      expect(sent.find((e) => e.type === "callback")).toMatchObject({ callbackAt: "2026-02-03T14:30", timeZone: "Europe/Budapest" }),
    );
  });

  it("goes back with Backspace or Alt+Left, and asks the outcome after the customer hangs up mid-survey", async () => {
    const { user, step, sent, clock } = setup();
    await user.keyboard("{Enter}1");
    await user.keyboard("{Backspace}");
    expect(step().textContent).toContain("Is now a good time?");
    await user.keyboard("1");
    await user.keyboard("{Alt>}{ArrowLeft}{/Alt}");
    expect(step().textContent).toContain("Is now a good time?");
    await user.keyboard("1");
    clock.ms = T0 + 42_000;
    await user.keyboard("{Shift>}H{/Shift}");
    expect(step().textContent).toContain("The customer hung up");
    await user.keyboard("{Escape}");
    expect(step().textContent).toContain("Where did you hear of us?");
    await user.keyboard("{Shift>}H{/Shift}");
    clock.ms = T0 + 50_000;
    await user.keyboard("1"); // Broke off mid-call
    expect(step().textContent).toContain("Broke off mid-call");
    await waitFor(() => expect(sent.at(-1)).toMatchObject({ type: "call-ended", endedBy: "customer", aaporCode: "2.12", talkSeconds: 42 }));
    expect(sent.filter((e) => e.type === "back")).toHaveLength(2);
  });

  it("implies the outcome when the customer hangs up before any answer", async () => {
    const { user, step } = setup();
    await user.keyboard("{Shift>}H{/Shift}");
    expect(step().textContent).toContain("Hung up before any answer");
    expect(step().textContent).toContain("2.11");
  });

  it("shows a message instead of acting when a key does not fit the step", async () => {
    const { user } = setup();
    await user.keyboard("{Backspace}");
    expect(screen.getByRole("alert").textContent).toMatch(/first step/);
  });

  it("lists every shortcut, with the script's objection letters, on ?", async () => {
    const { user } = setup();
    await user.keyboard("?");
    const list = screen.getByRole("button", { name: /Keyboard shortcuts/ });
    expect(list.getAttribute("aria-expanded")).toBe("true");
    const help = document.getElementById("run-shortcut-list");
    expect(help?.textContent).toContain("Shift+HCustomer hung up");
    expect(help?.textContent).toContain("tObjection: I have no time");
  });

  it("resumes the same call after a reload, without sending anything twice", async () => {
    const first = setup();
    await first.user.keyboard("{Enter}1");
    await waitFor(() => expect(first.sent.some((e) => e.type === "answer")).toBe(true));
    const sentBefore = first.sent.length;
    first.unmount();
    const again = render(first.ui());
    expect(first.step().textContent).toContain("Where did you hear of us?");
    expect(screen.getByText(/Steps so far \(3\)/)).toBeTruthy();
    await first.user.keyboard("1");
    await waitFor(() => expect(first.sent.length).toBeGreaterThan(sentBefore));
    const ids = first.sent.map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(loadRun(first.store, "c1")?.stops.at(-1)?.nodeId).toBe("q3");
    again.unmount();
  });

  it("keeps events while the server is unavailable and says so", async () => {
    const { user, store } = setup({ fail: 100 });
    await user.keyboard("{Enter}");
    await waitFor(() => expect(screen.getByRole("status").textContent).toMatch(/Not saved yet, retrying: server unavailable/));
    expect(JSON.parse(store.map.get("scriptpilot.run-outbox.c1") ?? "[]").length).toBeGreaterThanOrEqual(4);
  });
});

describe("RunScreen on a real call: dialling first", () => {
  it("waits for the answer, starts the script on C, and times the call from the answer", async () => {
    const { user, step, sent, clock } = setup({ preview: false });
    expect(step().textContent).toContain("Waiting for the person to answer");
    expect(screen.queryByText(/Preview calls start connected/)).toBeNull();
    expect(screen.getByRole("timer", { name: "Dialling time" })).toBeTruthy();
    expect(screen.getByRole("button", { name: /Agent ended/ }).hasAttribute("disabled")).toBe(true);
    clock.ms = T0 + 20_000;
    await user.keyboard("c");
    expect(step().textContent).toContain("Hello Anna");
    clock.ms = T0 + 27_000;
    await waitFor(() => expect(screen.getByRole("timer", { name: "Call time" }).textContent).toBe("0:07"));
    expect(screen.getByText("30 s mark")).toBeTruthy();
    await waitFor(() => expect(sent.map((e) => e.type)).toEqual(["call-started", "connected", "step", "step"]));
    expect(sent[1].offsetMs).toBe(20_000);
  });

  it("is still dialling after a reload, and connects from there", async () => {
    const first = setup({ preview: false });
    await waitFor(() => expect(first.sent.map((e) => e.type)).toEqual(["call-started"]));
    first.unmount();
    const again = render(first.ui());
    expect(first.step().textContent).toContain("Waiting for the person to answer");
    await first.user.keyboard("c");
    expect(first.step().textContent).toContain("Hello Anna");
    await waitFor(() => expect(first.sent.map((e) => e.type)).toEqual(["call-started", "connected", "step", "step"]));
    again.unmount();
  });

  it("starts the script with Enter too", async () => {
    const { user, step } = setup({ preview: false });
    await user.keyboard("{Enter}");
    expect(step().textContent).toContain("Hello Anna");
  });

  it("records “No answer” with key 1: not connected, AAPOR 3.13, and no connected event", async () => {
    const { user, step, sent, clock } = setup({ preview: false });
    expect(screen.getByRole("button", { name: /1 No answer AAPOR 3\.13/ })).toBeTruthy();
    clock.ms = T0 + 35_000;
    await user.keyboard("1");
    expect(step().textContent).toContain("Call ended");
    expect(step().textContent).toContain("3.13");
    expect(screen.getByRole("timer", { name: "Dialling time" }).textContent).toBe("0:35");
    expect(screen.getByText("Not connected")).toBeTruthy();
    await waitFor(() => expect(sent.at(-1)).toMatchObject({ type: "call-ended", connected: false, aaporCode: "3.13", talkSeconds: 0 }));
    expect(sent.map((e) => e.type)).toEqual(["call-started", "call-ended"]);
  });

  it("records the other reasons by key and by button", async () => {
    const { user, sent } = setup({ preview: false });
    await user.click(screen.getByRole("button", { name: /Disconnected number/ }));
    await waitFor(() => expect(sent.at(-1)).toMatchObject({ type: "call-ended", aaporCode: "4.32", connected: false }));
    cleanup();
    const again = setup({ preview: false });
    await again.user.keyboard("2");
    await waitFor(() => expect(again.sent.at(-1)).toMatchObject({ outcome: "Busy", aaporCode: "3.12" }));
  });
});

describe("RunScreen side panel: time left and steps so far", () => {
  const timeLeft = () => screen.getByLabelText("Estimated time left").textContent ?? "";
  const stepsHeading = () => screen.getByRole("heading", { name: /Steps so far/ }).textContent;
  const stepItems = () => Array.from(screen.getByRole("heading", { name: /Steps so far/ }).nextElementSibling?.children ?? []);

  it("updates on every step and after Back", async () => {
    const { user } = setup();
    const atHello = timeLeft();
    expect(stepsHeading()).toBe("Steps so far (1)");
    expect(stepItems().map((li) => li.textContent)).toEqual(["Hello {{firstName}} from {{company}}. · 0:00"]);

    await user.keyboard("{Enter}");
    const atQ1 = timeLeft();
    expect(atQ1).not.toBe(atHello);
    expect(stepsHeading()).toBe("Steps so far (2)");

    await user.keyboard("1");
    const atQ2 = timeLeft();
    expect(atQ2).not.toBe(atQ1);
    expect(stepsHeading()).toBe("Steps so far (3)");

    await user.keyboard("{Backspace}");
    expect(timeLeft()).toBe(atQ1);
    expect(stepsHeading()).toBe("Steps so far (2)");
    // The undone step stays in the list, struck through.
    expect(stepItems()).toHaveLength(3);
    expect(stepItems()[2].querySelector("del")?.textContent).toMatch(/^Where did you hear of us\? · /);

    await user.keyboard("{Backspace}");
    expect(timeLeft()).toBe(atHello);
    expect(stepsHeading()).toBe("Steps so far (1)");
  });
});

describe("RunScreen without a stored run", () => {
  it("says the call is not open in this browser", () => {
    render(<RunScreen script={script()} callId="nope" sendEvents={async () => {}} store={memoryStore()} />);
    expect(screen.getByRole("alert").textContent).toMatch(/not open in this browser/);
  });
});


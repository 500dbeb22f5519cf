import type { Outcome } from "~/domain/script-types";
import type { ScriptTemplate } from "./index";
import { backToTheStep, endTheCall, ScriptBuilder, ALL_OPENER_CHECKS } from "./template-builder";

const THANKS = "That's all my questions. Thank you for your time, {{firstName}}. Goodbye!";

const classEnd = (label: string, code: string): Outcome => ({
  label,
  code,
  success: true,
  disposition: "1.1",
});

/**
 * Phase 1 of an event campaign: find the right person and classify them A–F. Every path asks at most three
 * questions after the screening, so the longest call stays well under two minutes.
 */
export const leadClassificationSurvey: ScriptTemplate = {
  id: "lead-classification-survey",
  name: "A–F lead classification survey",
  summary:
    "Three closed questions that sort a contact into lead classes A–F by purchase timeframe, influence and budget, with a referral branch.",
  kind: "survey",
  language: "en",
  build: ({ now }) => {
    const s = new ScriptBuilder({
      id: "lead-classification-survey",
      kind: "survey",
      title: "A–F lead classification survey",
      description:
        "Classifies contacts before an invitation campaign: A buys within 3 months, B in 3–6 months, C in 6–12 months, D after 12 months, E has no purchase need but influences decisions, F has no value for the campaign. The class is stored in the answer field leadClass.",
      language: "en",
      tags: ["survey", "lead classification"],
      settings: {
        wordsPerMinute: 150,
        answerSeconds: 5,
        openerChecks: ALL_OPENER_CHECKS,
      },
      now,
    });

    s.variable("firstName", "First name", "text", { sample: "Peter" })
      .variable("company", "Company", "text", { sample: "Hartley Freight Ltd" })
      .variable("productArea", "Product area the survey is about", "text", {
        required: false,
        fallback: "warehouse software",
        sample: "warehouse management software",
      })
      .variable("dataSource", "Where the contact's details come from", "text", {
        sample: "the UK Logistics Directory 2025",
      })
      .variable("agentName", "Agent's name (filled in by the agent desktop)", "text", { sample: "James" })
      .variable("organizer", "Calling organisation", "text", {
        required: false,
        fallback: "Northwind Research",
        sample: "Northwind Research",
      });

    s.start({ next: "intro" })
      .yesNo("intro", {
        title: "Introduction",
        text: "Hello {{firstName}}, this is {{agentName}} from {{organizer}}. We're asking logistics managers three short questions about {{productArea}}. It takes less than two minutes. Is now a good time?",
        note: "Nothing is sold on this call; say so if asked. Keep a steady pace: the whole survey must stay under three minutes.",
        yes: "survey-started",
        no: "callback",
      })
      .checkpoint("survey-started", "Survey started", {
        note: "Calls that end before this point count as early rejections.",
        next: "right-person",
      })
      .yesNo("right-person", {
        title: "Right person?",
        text: "Are you the person at {{company}} who looks after {{productArea}}?",
        yes: "timeframe",
        no: "referral",
      })
      .single("timeframe", {
        title: "Purchase timeframe",
        text: "When is {{company}} likely to invest in {{productArea}}? Is it…",
        note: "Read the options in order. Their codes are the lead class; 'No purchase planned' and 'don't know' go on to the influence question, which sets E or F.",
        answerField: "leadClass",
        readOut: { aloud: true, order: "fixed" },
        options: [
          { id: "within-3m", label: "Within 3 months", code: "A", to: "budget" },
          { id: "3-6m", label: "In 3–6 months", code: "B", to: "budget" },
          { id: "6-12m", label: "In 6–12 months", code: "C", to: "budget" },
          { id: "after-12m", label: "After 12 months", code: "D", to: "budget" },
          { id: "no-need", label: "No purchase planned", to: "influence" },
        ],
        dontKnow: "influence",
      })
      .scale("budget", {
        title: "Budget",
        text: "On a scale of one to five, where one is no budget yet and five is budget approved, where is the budget for it today?",
        answerField: "budgetReadiness",
        scale: { min: 1, max: 5, minLabel: "No budget yet", maxLabel: "Budget approved" },
        dontKnow: "classify",
        next: "classify",
      })
      .single("influence", {
        title: "Influence on the decision",
        text: "Do you have a say in decisions about {{productArea}}, for example as an adviser?",
        answerField: "leadClass",
        readOut: { aloud: false, order: "fixed" },
        options: [
          { id: "yes", label: "Yes", code: "E", to: "classify" },
          { id: "no", label: "No", code: "F", to: "classify" },
        ],
      })
      .condition("classify", {
        title: "Lead class",
        note: "All classification happens here, so the A–F rule can be read in one place.",
        rules: [
          rule("a", "A: buys within 3 months", "timeframe", "within-3m", "end-a"),
          rule("b", "B: buys in 3–6 months", "timeframe", "3-6m", "end-b"),
          rule("c", "C: buys in 6–12 months", "timeframe", "6-12m", "end-c"),
          rule("d", "D: buys after 12 months", "timeframe", "after-12m", "end-d"),
          rule("e", "E: no need, but influential", "influence", "yes", "end-e"),
        ],
        else: "end-f",
      })
      .referral("referral", {
        title: "Ask for the right person",
        text: "No problem. Who at {{company}} would be the best person to ask? Could I have their name and direct number?",
        note: "Record the name, role and number in the referral fields. Do not ask the survey questions.",
        next: "referral-captured",
      })
      .callback("callback", {
        title: "Ask for a callback",
        text: "Of course. When would suit you better for a two-minute call?",
        note: "Record the date and time; the dialer schedules the callback.",
        next: "callback-scheduled",
      })
      .end("end-a", {
        text: "Thank you, {{firstName}}, that's all. As you're planning soon, a specialist will email you a short overview this week. Goodbye!",
        outcome: classEnd("Class A: buys within 3 months", "A"),
      })
      .end("end-b", { text: THANKS, outcome: classEnd("Class B: buys in 3–6 months", "B") })
      .end("end-c", { text: THANKS, outcome: classEnd("Class C: buys in 6–12 months", "C") })
      .end("end-d", { text: THANKS, outcome: classEnd("Class D: buys after 12 months", "D") })
      .end("end-e", { text: THANKS, outcome: classEnd("Class E: influential, no purchase need", "E") })
      .end("end-f", { text: THANKS, outcome: classEnd("Class F: no value", "F") })
      .end("referral-captured", {
        text: "Thank you very much, that's a great help. Goodbye!",
        outcome: { label: "Referral captured", code: "REFERRAL", success: false, disposition: "4.70" },
      })
      .end("callback-scheduled", {
        text: "Thank you, I'll call you then. Goodbye!",
        outcome: { label: "Callback scheduled", code: "CALLBACK", success: false, disposition: "2.21" },
      });

    s.objection("no-time", {
      label: "I have no time",
      shortcut: "t",
      reply:
        "I understand. It's only three questions, under two minutes. Or I can call you back later, if you prefer.",
      then: backToTheStep,
    })
      .objection("sales-call", {
        label: "Is this a sales call?",
        shortcut: "s",
        reply: "No, nothing is sold on this call. We only ask three questions about your plans.",
        then: backToTheStep,
      })
      .objection("who-gave-number", {
        label: "Who gave you my number?",
        shortcut: "w",
        reply:
          "Your business number comes from {{dataSource}}. If you'd rather not be called, I'll remove it from our list right away.",
        then: backToTheStep,
      })
      .objection("not-interested", {
        label: "Not interested",
        shortcut: "n",
        reply: "I understand. Thank you for your time, and have a good day.",
        then: endTheCall({ label: "Refused", code: "REFUSED", success: false, disposition: "2.11" }),
      });

    return s.build();
  },
};

function rule(id: string, label: string, question: string, answer: string, to: string) {
  return {
    id,
    label,
    source: "answer" as const,
    key: question,
    operator: "equals" as const,
    value: answer,
    to,
  };
}

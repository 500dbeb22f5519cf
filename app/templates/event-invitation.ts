import type { ScriptTemplate } from "./index";
import {
  backToTheStep,
  goTo,
  ScriptBuilder,
  ALL_OPENER_CHECKS,
  ENGLISH_B2B_REFUSALS,
} from "./template-builder";

/**
 * Phase 2 of an event campaign: inviting a qualified contact. Short opening with an early way out, one
 * pitch, one closed question, and the four objections every invitation campaign hears.
 */
export const eventInvitation: ScriptTemplate = {
  id: "event-invitation",
  name: "Event invitation",
  summary:
    "Invite a qualified contact to an event: short opening, pitch, closed 'will you attend?' question, callback and the usual objections.",
  kind: "call-script",
  language: "en",
  build: ({ now }) => {
    const s = new ScriptBuilder({
      id: "event-invitation",
      kind: "call-script",
      title: "Event invitation",
      description:
        "Invites a contact from the survey phase (class A–C) to the event. Call when the contact has had the event material for a day or two.",
      language: "en",
      tags: ["invitation", "event"],
      settings: {
        wordsPerMinute: 150,
        answerSeconds: 5,
        openerChecks: ALL_OPENER_CHECKS,
      },
      now,
    });

    s.variable("firstName", "First name", "text", { sample: "Anna" })
      .variable("company", "Company", "text", { sample: "Brightline Logistics" })
      .variable("email", "Email", "email", { sample: "anna.kovacs@brightline.example" })
      .variable("eventName", "Event name", "text", { sample: "Logistics Innovation Day" })
      .variable("eventDate", "Event date", "date", { sample: "2025-10-14" })
      .variable("dataSource", "Where the contact's details come from", "text", {
        sample: "the attendee list of Logistics Summit 2024",
      })
      .variable("agentName", "Agent's name (filled in by the agent desktop)", "text", { sample: "Laura" })
      .variable("organizer", "Calling organisation", "text", {
        required: false,
        fallback: "Northwind Events",
        sample: "Northwind Events",
      });

    s.start({ next: "opening" })
      .yesNo("opening", {
        title: "Opening",
        text: "Good morning, {{firstName}}. This is {{agentName}} from {{organizer}}. I'm calling to invite you to {{eventName}}, a free event for logistics leaders. It takes about a minute. Is now a good time?",
        note: "Say who you are, who you call for and why within the first 20 seconds. If they hesitate, offer the callback rather than pushing on.",
        yes: "pitch",
        no: "callback",
      })
      .say("pitch", {
        title: "Invitation pitch",
        text: "Thank you, {{firstName}}. {{eventName}} takes place on {{eventDate}}: a free half-day where three companies like {{company}} show how they cut delivery costs, and you can book a one-to-one session with our specialists. Lunch is included.",
        note: "Mention a peer company the contact will recognise if you have one. Do not read the agenda; it is in the email.",
        next: "pitch-delivered",
      })
      .checkpoint("pitch-delivered", "Pitch delivered", {
        note: "Calls that end before this point count as early rejections in a pilot.",
        next: "attend",
      })
      .single("attend", {
        title: "Will you attend?",
        text: "Would you like to join us on {{eventDate}}?",
        answerField: "attendance",
        readOut: { aloud: false, order: "fixed" },
        options: [
          { id: "yes", label: "Yes, register me", code: "YES", to: "register" },
          { id: "details", label: "Maybe – send me the details", code: "MAYBE", to: "confirm-email" },
          { id: "no", label: "No, thank you", code: "NO", to: "declined" },
        ],
      })
      .say("register", {
        title: "Register",
        text: "Wonderful. I'm registering you now. The confirmation and the agenda will go to {{email}}. Is that the right address?",
        note: "If the address has changed, correct it in the contact record before you end the call.",
        next: "registered",
      })
      .say("confirm-email", {
        title: "Confirm email",
        text: "Of course. I'll email you the agenda and a one-click registration link today, to {{email}}. Is that still the best address?",
        note: "The 'Send me an email' objection also leads here. Correct the address in the contact record if it has changed.",
        next: "details-sent",
      })
      .callback("callback", {
        title: "Ask for a callback",
        text: "No problem at all. When would be a better time for a one-minute call: later today, or tomorrow morning?",
        note: "Record the date and time they give; the dialer schedules the callback.",
        next: "callback-scheduled",
      })
      .end("registered", {
        text: "Thank you, {{firstName}}. We look forward to seeing you on {{eventDate}}. Goodbye!",
        outcome: { label: "Registered", code: "REG", success: true, disposition: "1.1" },
      })
      .end("details-sent", {
        text: "Thank you. If you have any questions, just reply to the email. Goodbye!",
        note: "These contacts get a follow-up call in the confirmation phase.",
        outcome: { label: "Send details", code: "INFO", success: false, disposition: "1.1" },
      })
      .end("declined", {
        text: "I understand. Thank you for your time, {{firstName}}, and have a good day.",
        outcome: { label: "Declined", code: "DECLINED", success: false, disposition: "1.1" },
      })
      .end("callback-scheduled", {
        text: "Thank you, I'll call you then. Goodbye!",
        outcome: { label: "Callback scheduled", code: "CALLBACK", success: false, disposition: "2.21" },
      });

    s.objection("no-time", {
      label: "I have no time",
      shortcut: "t",
      reply:
        "I understand, I'll be quick: it takes one minute. If now is really bad, I'm happy to call you back instead.",
      then: backToTheStep,
    })
      .objection("send-email", {
        label: "Send me an email",
        shortcut: "e",
        reply: "Of course. So you know what to look for: it's about {{eventName}} on {{eventDate}}.",
        then: goTo("confirm-email"),
      })
      .addObjections(ENGLISH_B2B_REFUSALS);

    return s.build();
  },
};

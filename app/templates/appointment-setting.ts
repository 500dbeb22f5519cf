import type { ScriptTemplate } from "./index";
import {
  backToTheStep,
  goTo,
  ScriptBuilder,
  ALL_OPENER_CHECKS,
  ENGLISH_B2B_REFUSALS,
} from "./template-builder";

/**
 * Books a meeting with a consultant. VIP contacts (flagged in the contact list) hear a personal pitch in
 * their account manager's name; everyone then gets the same closed choice of slots.
 */
export const appointmentSetting: ScriptTemplate = {
  id: "appointment-setting",
  name: "Appointment setting with VIP branch",
  summary:
    "Book a 30-minute review meeting; VIP contacts get a personal pitch from their account manager, with slots, callback and referral.",
  kind: "call-script",
  language: "en",
  build: ({ now }) => {
    const s = new ScriptBuilder({
      id: "appointment-setting",
      kind: "call-script",
      title: "Appointment setting with VIP branch",
      description:
        "Books a free 30-minute fleet cost review. Contacts with vip = true in the list hear a personal pitch in their account manager's name.",
      language: "en",
      tags: ["appointment", "vip"],
      settings: {
        wordsPerMinute: 150,
        answerSeconds: 5,
        openerChecks: ALL_OPENER_CHECKS,
      },
      now,
    });

    s.variable("firstName", "First name", "text", { sample: "Michael" })
      .variable("company", "Company", "text", { sample: "Redwood Couriers" })
      .variable("email", "Email", "email", { sample: "m.hayes@redwoodcouriers.example" })
      .variable("vip", "VIP contact", "boolean", { required: false, sample: "true", fallback: "false" })
      .variable("accountManager", "Account manager", "text", {
        required: false,
        sample: "Sarah Collins",
        fallback: "one of our consultants",
      })
      .variable("dataSource", "Where the contact's details come from", "text", {
        sample: "our customer records",
      })
      .variable("agentName", "Agent's name (filled in by the agent desktop)", "text", { sample: "Tom" })
      .variable("organizer", "Calling organisation", "text", {
        required: false,
        fallback: "Northwind Fleet Services",
        sample: "Northwind Fleet Services",
      });

    s.start({ next: "opening" })
      .yesNo("opening", {
        title: "Opening",
        text: "Good afternoon, {{firstName}}. This is {{agentName}} from {{organizer}}. I'm calling to offer {{company}} a free review of your fleet costs. Do you have a minute?",
        yes: "vip-check",
        no: "callback",
      })
      .condition("vip-check", {
        title: "VIP contact?",
        note: "VIP contacts come from the account team's list. Do not tell the contact they are flagged.",
        rules: [
          {
            id: "vip",
            label: "VIP",
            source: "variable",
            key: "vip",
            operator: "equals",
            value: true,
            to: "pitch-vip",
          },
        ],
        else: "pitch-standard",
      })
      .say("pitch-vip", {
        title: "Personal pitch (VIP)",
        text: "Thank you. {{accountManager}}, who looks after {{company}}, asked me to call you personally. Before our new rates come out, we'd like to offer you a 30-minute review of your fleet costs with {{accountManager}}, at your office or by video.",
        note: "Slow down and use the account manager's name. If the contact mentions a complaint, note it for the account manager rather than handling it yourself.",
        next: "pitch-delivered",
      })
      .say("pitch-standard", {
        title: "Pitch",
        text: "Thank you. Companies like {{company}} usually cut fuel and maintenance costs by eight to twelve percent with better route planning. In a free 30-minute review, one of our consultants shows you what that would mean for your fleet.",
        next: "pitch-delivered",
      })
      .checkpoint("pitch-delivered", "Pitch delivered", {
        note: "Calls that end before this point count as early rejections.",
        next: "interest",
      })
      .single("interest", {
        title: "Interest",
        text: "Would a short review like that be useful for you?",
        answerField: "interest",
        readOut: { aloud: false, order: "fixed" },
        options: [
          { id: "yes", label: "Yes", code: "YES", to: "slots" },
          { id: "info", label: "Send me information first", code: "INFO", to: "send-info" },
          { id: "colleague", label: "Someone else handles this", code: "REFERRAL", to: "referral" },
          { id: "no", label: "No, thank you", code: "NO", to: "declined" },
        ],
      })
      .single("slots", {
        title: "Appointment slot",
        text: "Which suits you better: Tuesday at ten, Wednesday at two, or Thursday at half past nine?",
        note: "Replace the slots, in the question and the options, with the consultant's real availability before each calling day. Offer two or three, never an open 'when suits you?'.",
        answerField: "appointmentSlot",
        readOut: { aloud: false, order: "fixed" },
        options: [
          { id: "tue-1000", label: "Tuesday 10:00", to: "confirm-appointment" },
          { id: "wed-1400", label: "Wednesday 14:00", to: "confirm-appointment" },
          { id: "thu-0930", label: "Thursday 09:30", to: "confirm-appointment" },
          { id: "none", label: "None of these", pinned: true, to: "callback-slots" },
        ],
      })
      .say("confirm-appointment", {
        title: "Confirm the appointment",
        text: "Perfect, that's booked. You'll get a calendar invitation at {{email}} within the hour. Is that the right address?",
        note: "Correct the address in the contact record if it has changed.",
        next: "appointment-set",
      })
      .say("send-info", {
        title: "Send information",
        text: "Of course. I'll email a one-page summary to {{email}} today, and call you again next week to see if a review makes sense. Is that all right?",
        next: "info-sent",
      })
      .referral("referral", {
        title: "Ask for the right person",
        text: "Thank you. Who at {{company}} looks after the fleet? Could I have their name and direct number?",
        note: "Record the name, role and number in the referral fields.",
        next: "referral-captured",
      })
      .callback("callback", {
        title: "Ask for a callback",
        text: "No problem. When would be a better time to call you back?",
        note: "Record the date and time; the dialer schedules the callback.",
        next: "callback-scheduled",
      })
      .callback("callback-slots", {
        title: "Find another time",
        text: "No problem. I'll check other dates with the consultant's calendar. When is a good time to call you back with new options?",
        next: "callback-scheduled",
      })
      .end("appointment-set", {
        text: "Thank you, {{firstName}}. Speak soon. Goodbye!",
        outcome: { label: "Appointment set", code: "APPT", success: true, disposition: "1.1" },
      })
      .end("info-sent", {
        text: "Thank you, {{firstName}}. Speak next week. Goodbye!",
        outcome: { label: "Information sent", code: "INFO", success: false, disposition: "1.1" },
      })
      .end("declined", {
        text: "I understand. Thank you for your time, and have a good day.",
        outcome: { label: "Declined", code: "DECLINED", success: false, disposition: "1.1" },
      })
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
        "I understand. It takes one minute to find a date. If now is really bad, I can call you back instead.",
      then: backToTheStep,
    })
      .objection("have-supplier", {
        label: "We already have a supplier",
        shortcut: "s",
        reply:
          "That's fine; most of our clients did when we first met. The review compares what you pay today with what you could pay, with no obligation.",
        then: backToTheStep,
      })
      .objection("send-email", {
        label: "Send me an email",
        shortcut: "e",
        reply: "Certainly.",
        then: goTo("send-info"),
      })
      .addObjections(ENGLISH_B2B_REFUSALS);

    return s.build();
  },
};

import type { Script } from "~/domain/script-types";
import { appointmentSetting } from "./appointment-setting";
import { customerSatisfactionHu } from "./customer-satisfaction-hu";
import { eventInvitation } from "./event-invitation";
import { eventReminderZh } from "./event-reminder-zh";
import { leadClassificationSurvey } from "./lead-classification-survey";

/** A ready-made script a writer can start from. `build` is pure: the same `now` gives the same document. */
export interface ScriptTemplate {
  id: string;
  name: string;
  summary: string;
  kind: "call-script" | "survey";
  language: string;
  build(ids: { now: string }): Script;
}

/** The shipped templates: an event campaign's phases in order (survey, invitation, reminder), then the rest. */
export const TEMPLATES: readonly ScriptTemplate[] = [
  leadClassificationSurvey,
  eventInvitation,
  eventReminderZh,
  appointmentSetting,
  customerSatisfactionHu,
];

export function findTemplate(id: string): ScriptTemplate | undefined {
  return TEMPLATES.find((t) => t.id === id);
}

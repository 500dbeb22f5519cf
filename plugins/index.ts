// The built-in plugins, listed explicitly: a plugin ships when it is named here, not when a folder appears.
import agentDesktopHtml from "./agent-desktop-html";
import printable from "./printable";
import scriptpilotJson from "./scriptpilot-json";
import surveyjs from "./surveyjs";
import type { Plugin } from "./sdk";
import voicexml from "./voicexml";

export const BUILT_IN_PLUGINS: readonly Plugin[] = [
  scriptpilotJson,
  surveyjs,
  voicexml,
  agentDesktopHtml,
  printable,
];

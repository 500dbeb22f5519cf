import { approvedVersion, kitScript, runPluginContract } from "../../sdk/contract";
import plugin from "./index";

runPluginContract(plugin, {
  fixtures: [
    {
      name: "semicolon-separated",
      version: approvedVersion(kitScript(["start", "say", "question", "end"])),
      config: { separator: ";" },
    },
  ],
});

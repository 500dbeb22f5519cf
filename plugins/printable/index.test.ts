import { runPluginContract } from "../sdk/contract";
import plugin from "./index";

runPluginContract(plugin);

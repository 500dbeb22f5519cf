// Every `scriptpilot` command, one line each: a command is listed by exporting its module's default here.
export { default as validate } from "./validate";
export { default as exportScript } from "./export";
export { default as plugins } from "./plugins";
export { default as createAdmin } from "./create-admin";
export { default as plan } from "./plan";
export { default as analyze } from "./analyze";
export { default as apiKey } from "./api-key";

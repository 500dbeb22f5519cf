import type { RegisteredPlugin } from "~/services/plugin-registry.server";

/** What the pages show about a plugin (no functions, no file paths beyond the folder or package name). */
export interface PluginView {
  id: string;
  name: string;
  version?: string;
  target?: string;
  mediaType?: string;
  description?: string;
  nodeKinds: string[];
  scriptKinds: string[];
  source: string;
  location: string;
  problems: string[];
}

export function pluginView(p: RegisteredPlugin): PluginView {
  const m = p.manifest;
  return {
    id: p.id,
    name: m?.name ?? p.id,
    ...(m ? { version: m.version, target: m.target, mediaType: m.mediaType } : {}),
    ...(m?.description ? { description: m.description } : {}),
    nodeKinds: m ? [...m.capabilities.nodeKinds] : [],
    scriptKinds: m?.capabilities.scriptKinds ? [...m.capabilities.scriptKinds] : [],
    source: p.source,
    location: p.source === "directory" ? (p.location.split(/[\\/]/).pop() ?? p.location) : p.location,
    problems: p.problems,
  };
}

/** RFC 6266: an ASCII fallback plus the UTF-8 name. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

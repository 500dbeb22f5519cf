import { createHash } from "node:crypto";
import { isReleasable } from "~/domain/versions/version-rules";
import type { ScriptVersion } from "~/domain/versions/version-types";
import { getAppContext } from "~/services/app-context.server";
import { getReleasableVersion, parseVersion } from "~/services/versions.server";
import type { ApiRequest, ApiResponse } from "./api-handler.server";

/** What a dialer reads of an approved version: the frozen script and who approved it when. */
export function versionSummary(version: ScriptVersion) {
  const approval = [...version.history].reverse().find((h) => h.action === "approved");
  return {
    versionId: version.id,
    scriptId: version.scriptId,
    number: version.number,
    message: version.message,
    status: version.status,
    publishedAt: version.createdAt,
    approvedAt: approval?.at ?? null,
  };
}

async function releasableVersions(): Promise<ScriptVersion[]> {
  const { storage } = await getAppContext();
  return (await storage.list("versions")).map(parseVersion).filter(isReleasable);
}

export async function listApprovedScripts(): Promise<ApiResponse> {
  const byScript = new Map<string, ScriptVersion>();
  for (const v of await releasableVersions()) {
    const current = byScript.get(v.scriptId);
    if (!current || v.number > current.number) byScript.set(v.scriptId, v);
  }
  const scripts = [...byScript.values()]
    .sort((a, b) => a.script.title.localeCompare(b.script.title))
    .map((v) => ({
      scriptId: v.scriptId,
      title: v.script.title,
      kind: v.script.kind,
      language: v.script.language,
      latestApproved: versionSummary(v),
    }));
  return { status: 200, body: { scripts } };
}

export async function listApprovedVersions(request: ApiRequest): Promise<ApiResponse> {
  const { scriptId } = request.params;
  const versions = (await releasableVersions())
    .filter((v) => v.scriptId === scriptId)
    .sort((a, b) => b.number - a.number)
    .map(versionSummary);
  const { storage } = await getAppContext();
  if (versions.length === 0 && !(await storage.get("scripts", scriptId))) {
    return notFoundScript(scriptId);
  }
  return { status: 200, body: { scriptId, versions } };
}

function notFoundScript(scriptId: string): ApiResponse {
  return {
    status: 404,
    headers: { "Content-Type": "application/problem+json" },
    body: JSON.stringify({ type: "about:blank", title: "Not found", status: 404, detail: `There is no script “${scriptId}”.` }),
  };
}

interface CachedBody {
  revision: number;
  body: Buffer;
  etag: string;
}

/**
 * A version's script never changes, but its status can (withdrawn), and each change bumps its revision.
 * The serialised answer is kept per revision, so a dialer polling a version costs a revision lookup, not a
 * copy, a validation and a serialisation of the whole script.
 */
const cache = new Map<string, CachedBody>();

export async function getApprovedVersion(request: ApiRequest): Promise<ApiResponse> {
  const { versionId } = request.params;
  const { storage } = await getAppContext();
  const revision = await storage.revision("versions", versionId);
  let entry = cache.get(versionId);
  if (revision === undefined || !entry || entry.revision !== revision) {
    // Not cached, or changed: full check (refuses withdrawn or unapproved versions with the reason).
    const version = await getReleasableVersion(storage, versionId);
    const body = Buffer.from(JSON.stringify({ ...versionSummary(version), script: version.script }));
    entry = { revision: version.revision, body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"` };
    cache.set(versionId, entry);
  }
  const headers = { ETag: entry.etag, "Cache-Control": "private, no-cache" };
  if (matchesEtag(request.headers["if-none-match"], entry.etag)) return { status: 304, headers };
  return { status: 200, headers, body: entry.body };
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.trim() === "*" || header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

import type { CallSource } from "~/domain/calls/call-types";
import type { Script } from "~/domain/script-types";
import type { Role } from "~/domain/users/roles";
import { requireUser, type AuthUser } from "~/services/auth.server";
import { getAppContext } from "~/services/app-context.server";
import { throwAsResponse } from "~/services/http.server";
import { getScript } from "~/services/scripts.server";
import { getVersion } from "~/services/versions.server";

/** Who may rehearse the draft: the people who write it (leads are writers too). */
const DRAFT_PREVIEW_ROLES: Role[] = ["writer"];
/** A frozen version is also rehearsed by those who review it. */
const VERSION_PREVIEW_ROLES: Role[] = ["writer", "lead", "approver"];

export interface RunScript {
  user: AuthUser;
  script: Script;
  source: CallSource;
  /** The frozen version's number, when the run is of a version rather than the draft. */
  versionNumber?: number;
}

/**
 * The script a preview runs and where it came from: the draft, or with `?version=<n>` that version's frozen
 * script. Throws the Response: sign-in or role refusals, and a 404 naming the script or version not found.
 */
export async function loadRunScript(request: Request, scriptId: string): Promise<RunScript> {
  const param = new URL(request.url).searchParams.get("version");
  const user = await requireUser(request, ...(param === null ? DRAFT_PREVIEW_ROLES : VERSION_PREVIEW_ROLES));
  const { storage } = await getAppContext();
  if (param === null) {
    const script = await getScript(storage, scriptId).catch(throwAsResponse);
    return { user, script, source: { kind: "draft", revision: script.revision } };
  }
  if (!/^[1-9]\d{0,8}$/.test(param)) {
    throw new Response(`“${param.slice(0, 40)}” is not a version number: versions are numbered 1, 2, 3 and so on.`, {
      status: 404,
    });
  }
  const version = await getVersion(storage, scriptId, Number(param)).catch(throwAsResponse);
  return {
    user,
    script: version.script,
    source: { kind: "version", versionId: version.id, number: version.number },
    versionNumber: version.number,
  };
}

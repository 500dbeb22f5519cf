import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { DomainError } from "~/domain/domain-error";
import { parseJsonWithLocation } from "~/domain/json-syntax";
import { getAppContext } from "~/services/app-context.server";
import { requireUser } from "~/services/auth.server";
import { problemResponse } from "~/services/problem-json.server";
import { getScript, MAX_DOCUMENT_BYTES, saveScriptCopy, saveScriptDocument } from "~/services/scripts.server";
import { ConflictError } from "~/storage/storage-adapter";

/** GET: the current stored document (the editor reloads it after a conflict). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const { storage } = await getAppContext();
  try {
    return Response.json(await getScript(storage, params.id ?? ""), {
      headers: { "Cache-Control": "no-store" },
    });
  } catch (error) {
    return problemResponse(error);
  }
}

/**
 * PUT { baseRevision, script }: the editor's autosave. Answers 200 { revision, updatedAt },
 * 409 with the stored document as `current` when someone saved in between, 413/415/422 for bad input.
 * POST { script }: keeps the document as a new script (after a conflict); answers 201 { id }.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "PUT" && request.method !== "POST") {
    return problemResponse(
      new Response(null, { status: 405 }),
      "Use PUT to save, or POST to save as a copy.",
    );
  }
  await requireUser(request, "writer");
  if (!request.headers.get("content-type")?.includes("application/json")) {
    return problemResponse(new Response(null, { status: 415 }), "Send the script as application/json.");
  }
  const { storage } = await getAppContext();
  const id = params.id ?? "";
  try {
    const text = await readLimited(request, MAX_DOCUMENT_BYTES);
    const parsed = parseJsonWithLocation(text);
    if (!parsed.ok)
      throw new DomainError("invalid", `The request is not valid JSON: ${parsed.error.message}.`);
    const body = parsed.value;
    if (request.method === "POST") {
      if (!isRecord(body)) throw new DomainError("invalid", "A copy needs { script }.");
      const copy = await saveScriptCopy(storage, body["script"], new Date().toISOString());
      return Response.json({ id: copy.id }, { status: 201 });
    }
    const baseRevision = isRecord(body) ? body["baseRevision"] : undefined;
    if (
      !isRecord(body) ||
      typeof baseRevision !== "number" ||
      !Number.isInteger(baseRevision) ||
      baseRevision < 1
    ) {
      throw new DomainError(
        "invalid",
        "A save needs { baseRevision, script } with the revision it was based on.",
      );
    }
    const saved = await saveScriptDocument(
      storage,
      id,
      body["script"],
      baseRevision,
      new Date().toISOString(),
    );
    return Response.json({ revision: saved.revision, updatedAt: saved.updatedAt });
  } catch (error) {
    if (error instanceof ConflictError) {
      const current = await storage.get("scripts", id);
      return problemResponse(error, undefined, { current });
    }
    return problemResponse(error);
  }
}

async function readLimited(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > limit) throw tooLarge(limit);
  const text = await request.text();
  if (Buffer.byteLength(text) > limit) throw tooLarge(limit);
  return text;
}

function tooLarge(limit: number): DomainError {
  return new DomainError("too-large", `The script is larger than ${limit / 1048576} MB and was not saved.`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

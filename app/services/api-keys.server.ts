import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import apiKeySchema from "../../schemas/api-key.v1.schema.json";
import { DomainError } from "~/domain/domain-error";
import type { ApiKey, ApiScope } from "~/types/generated/api-key.v1";
import type { StorageAdapter } from "~/storage/storage-adapter";
import { getAppContext } from "./app-context.server";
import { recordAudit } from "./audit.server";
import { compileSchema, parseWith } from "./schema-validation.server";

export type { ApiKey, ApiScope };
export const API_SCOPES: readonly ApiScope[] = ["scripts:read", "pilots:read", "events:write"];

const validateApiKey = compileSchema<ApiKey>(apiKeySchema);
const TOKEN = /^spk_([a-z0-9]{8,32})_([A-Za-z0-9_-]{43})$/;
/** Last-used times and the audit's "key used" entries are written at most this often per key. */
const USE_RECORD_INTERVAL_MS = 10 * 60 * 1000;

export function isApiKeyDocument(doc: unknown): doc is ApiKey {
  return validateApiKey(doc);
}

/** Makes a key; the token (`spk_<id>_<secret>`) is returned once and only its hash is kept. */
export async function createApiKey(input: {
  name: string;
  scopes: readonly string[];
  createdBy: string;
  now: Date;
}): Promise<{ key: ApiKey; token: string }> {
  const name = input.name.trim();
  if (!name) throw new DomainError("invalid", "Give the key a name that says who uses it, e.g. the dialer's name.");
  const unknown = input.scopes.filter((s) => !API_SCOPES.includes(s as ApiScope));
  if (unknown.length > 0) {
    throw new DomainError("invalid", `Unknown scope ${unknown.map((s) => `“${s}”`).join(", ")}: use ${API_SCOPES.join(", ")}.`);
  }
  const scopes = API_SCOPES.filter((s) => input.scopes.includes(s));
  if (scopes.length === 0) throw new DomainError("invalid", "Choose at least one scope for the key.");
  const id = randomBytes(6).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  const key = parseWith(
    validateApiKey,
    {
      schemaVersion: 1,
      id,
      revision: 0,
      name,
      scopes,
      secretHash: sha256(secret),
      createdBy: input.createdBy,
      createdAt: input.now.toISOString(),
    },
    "API key",
  );
  const { storage } = await getAppContext();
  const stored = await storage.save("apiKeys", key, 0);
  await recordAudit({
    actor: input.createdBy,
    action: "api-key.created",
    object: { type: "api-key", id },
    details: { name, scopes: [...scopes] },
    at: input.now.toISOString(),
    storage,
  });
  return { key: stored, token: `spk_${id}_${secret}` };
}

export async function listApiKeys(): Promise<ApiKey[]> {
  const { storage } = await getAppContext();
  const keys = await storage.list<ApiKey>("apiKeys");
  return keys.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export async function revokeApiKey(id: string, revokedBy: string, now: Date): Promise<ApiKey> {
  const { storage } = await getAppContext();
  const key = await storage.get<ApiKey>("apiKeys", id);
  if (!key) throw new DomainError("not-found", `There is no API key “${id}”.`);
  if (key.revokedAt) throw new DomainError("conflict", `The key “${key.name}” was already revoked on ${key.revokedAt}.`);
  const revoked = await storage.save("apiKeys", { ...key, revokedAt: now.toISOString(), revokedBy }, key.revision);
  await recordAudit({
    actor: revokedBy,
    action: "api-key.revoked",
    object: { type: "api-key", id },
    details: { name: key.name },
    at: now.toISOString(),
    storage,
  });
  return revoked;
}

export type ApiKeyCheck =
  | { ok: true; key: ApiKey; firstUseInInterval: boolean }
  | { ok: false; reason: "missing" | "malformed" | "unknown" | "revoked" };

/**
 * Checks a bearer token. Keys are read from storage on every call so a revocation takes effect at once;
 * the comparison of hashes is constant-time.
 */
export async function checkApiKey(token: string | undefined, now: Date): Promise<ApiKeyCheck> {
  if (!token) return { ok: false, reason: "missing" };
  const match = TOKEN.exec(token);
  if (!match) return { ok: false, reason: "malformed" };
  const { storage } = await getAppContext();
  const key = await verifiedKey(token, match[1], match[2]);
  if (!key) return { ok: false, reason: "unknown" };
  if (key.revokedAt) return { ok: false, reason: "revoked" };
  return { ok: true, key, firstUseInInterval: await noteUse(key, now, storage) };
}

/**
 * Tokens already verified are remembered with their key's storage revision: a busy dialer then costs a
 * revision lookup, not a copy and a hash per request, and a revocation (which saves the key) is seen at
 * once. The map is keyed by the whole token, so a lookup can only hit for someone who holds the secret.
 */
const verified = new Map<string, ApiKey>();
const MAX_REMEMBERED = 1000;

async function verifiedKey(token: string, id: string, secret: string): Promise<ApiKey | undefined> {
  const { storage } = await getAppContext();
  const revision = await storage.revision("apiKeys", id);
  if (revision === undefined) return undefined;
  const known = verified.get(token);
  if (known && known.revision === revision) return known;
  const key = await storage.get<ApiKey>("apiKeys", id);
  if (!key || !sameHash(key.secretHash, sha256(secret))) return undefined;
  if (verified.size >= MAX_REMEMBERED) verified.clear();
  verified.set(token, key);
  return key;
}

function sameHash(a: string, b: string): boolean {
  return timingSafeEqual(Buffer.from(a, "hex"), Buffer.from(b, "hex"));
}

const lastRecorded = new Map<string, number>();

/** Records a key's use (last-used time and an audit entry) at most once per interval, so a busy dialer does not rewrite the store per request. */
async function noteUse(key: ApiKey, now: Date, storage: StorageAdapter): Promise<boolean> {
  const previous = lastRecorded.get(key.id) ?? 0;
  if (now.getTime() - previous < USE_RECORD_INTERVAL_MS) return false;
  lastRecorded.set(key.id, now.getTime());
  await recordAudit({
    actor: `api-key:${key.id}`,
    action: "api-key.used",
    object: { type: "api-key", id: key.id },
    details: { name: key.name },
    at: now.toISOString(),
    storage,
  });
  try {
    await storage.save("apiKeys", { ...key, lastUsedAt: now.toISOString() }, key.revision);
  } catch {
    // Another request saved the key in between (or it was revoked): the time of use is not worth a retry.
  }
  return true;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { redirect } from "@remix-run/node";
import { describeNeededRoles, effectiveRoles, grantsAny, type Role } from "~/domain/users/roles";
import { ConflictError, NotFoundError, type StorageAdapter } from "~/storage/storage-adapter";
import type { Session } from "~/types/generated/session.v1";
import type { User } from "~/types/generated/user.v1";
import { getAppContext } from "./app-context.server";
import { problemResponse } from "./problem-json.server";

/** The signed-in person as loaders and actions see it. */
export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  /** The roles held, plus those they imply (a lead is also a writer). */
  roles: Role[];
  /** An admin set a one-time password; the person is asked to choose their own. */
  mustChangePassword: boolean;
}

export const SESSION_COOKIE = "sp_session";
export const ANON_COOKIE = "sp_anon";
/** A session unused for this long ends (the next request signs in again). */
export const IDLE_TIMEOUT_MS = 8 * 60 * 60_000;
/** lastSeenAt is written at most this often: lowdb rewrites the whole file on each save. */
const TOUCH_INTERVAL_MS = 5 * 60_000;
export const CSRF_FIELD = "csrf";
export const CHANGE_PASSWORD_PATH = "/account/password";
export const CSRF_HEADER = "X-CSRF-Token";

// ---------------------------------------------------------------------------------------------
// The signing secret: 32 random bytes made on first start, kept in <dataDir>/session-secret (0600).

const secrets = new Map<string, Promise<Buffer>>();
/** Memory stores (tests) have no directory: one secret per process is enough there. */
const memorySecret = randomBytes(32);

async function sessionSecret(): Promise<Buffer> {
  const { dataFile } = await getAppContext();
  if (dataFile === ":memory:") return memorySecret;
  const file = path.join(path.dirname(dataFile), "session-secret");
  let secret = secrets.get(file);
  if (!secret) {
    secret = loadOrCreateSecret(file);
    secrets.set(file, secret);
    secret.catch(() => secrets.delete(file));
  }
  return secret;
}

/** Reads the secret file, or creates it (exclusively, so two starts cannot write different ones). */
export async function loadOrCreateSecret(file: string): Promise<Buffer> {
  try {
    const text = (await readFile(file, "utf8")).trim();
    if (/^[0-9a-f]{64}$/.test(text)) return Buffer.from(text, "hex");
    throw new Error(
      `The session secret ${file} is not 64 hex digits. Delete it to make a new one (everyone signs in again).`,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(path.dirname(file), { recursive: true });
  const secret = randomBytes(32);
  try {
    await writeFile(file, `${secret.toString("hex")}\n`, { mode: 0o600, flag: "wx" });
    await chmod(file, 0o600);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return loadOrCreateSecret(file);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Signed values: "<value>.<base64url HMAC-SHA256>", compared in constant time.

export function signValue(value: string, secret: Buffer): string {
  return `${value}.${createHmac("sha256", secret).update(value).digest("base64url")}`;
}

/** The value, or undefined when the signature is missing or wrong. */
export function unsignValue(signed: string, secret: Buffer): string | undefined {
  const dot = signed.lastIndexOf(".");
  if (dot <= 0) return undefined;
  const value = signed.slice(0, dot);
  const expected = Buffer.from(signValue(value, secret).slice(dot + 1));
  const given = Buffer.from(signed.slice(dot + 1));
  return given.length === expected.length && timingSafeEqual(given, expected) ? value : undefined;
}

function readCookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get("Cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:" || request.headers.get("X-Forwarded-Proto") === "https";
}

function serializeCookie(request: Request, name: string, value: string, maxAgeSeconds?: number): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  if (maxAgeSeconds !== undefined) parts.push(`Max-Age=${maxAgeSeconds}`);
  if (isHttps(request)) parts.push("Secure");
  return parts.join("; ");
}

function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// ---------------------------------------------------------------------------------------------
// Sessions: the cookie carries a signed session id; the record in `sessions` can be revoked.

export interface Auth {
  user: AuthUser;
  session: Session;
}

/** Per-request cache, so the root loader and a route's loader read the session once. */
const resolved = new WeakMap<Request, Promise<Auth | null>>();

export function getAuth(request: Request): Promise<Auth | null> {
  let auth = resolved.get(request);
  if (!auth) {
    auth = resolveAuth(request);
    resolved.set(request, auth);
  }
  return auth;
}

async function resolveAuth(request: Request): Promise<Auth | null> {
  const cookie = readCookie(request, SESSION_COOKIE);
  if (!cookie) return null;
  const id = unsignValue(cookie, await sessionSecret());
  if (!id) return null;
  const { storage } = await getAppContext();
  const session = await storage.get<Session>("sessions", id);
  if (!session) return null;
  const now = Date.now();
  const lastSeen = Date.parse(session.lastSeenAt);
  if (now - lastSeen > IDLE_TIMEOUT_MS) {
    await storage.delete("sessions", id).catch(ignoreGone);
    return null;
  }
  const user = await storage.get<User>("users", session.userId);
  if (!user || !user.active) {
    await storage.delete("sessions", id).catch(ignoreGone);
    return null;
  }
  if (now - lastSeen > TOUCH_INTERVAL_MS) {
    const touched = { ...session, lastSeenAt: new Date(now).toISOString() };
    // Two requests touching at once: one wins, the other's stale write is simply dropped.
    await storage.save("sessions", touched, session.revision).catch(ignoreGone);
  }
  return { user: toAuthUser(user), session };
}

function ignoreGone(error: unknown): void {
  if (!(error instanceof ConflictError) && !(error instanceof NotFoundError)) throw error;
}

function toAuthUser(user: User): AuthUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: effectiveRoles(user.roles),
    mustChangePassword: user.mustChangePassword === true,
  };
}

/** The signed-in user, or null. Never throws for a missing, forged or expired session. */
export async function getOptionalUser(request: Request): Promise<AuthUser | null> {
  return (await getAuth(request))?.user ?? null;
}

/** Starts a session for a user who just proved who they are; returns the Set-Cookie header value. */
export async function createUserSession(
  request: Request,
  userId: string,
  storage?: StorageAdapter,
): Promise<string> {
  const store = storage ?? (await getAppContext()).storage;
  const now = new Date().toISOString();
  const session: Session = {
    schemaVersion: 1,
    id: randomToken(),
    revision: 0,
    userId,
    csrfToken: randomToken(),
    createdAt: now,
    lastSeenAt: now,
  };
  await store.save("sessions", session, 0);
  await pruneIdleSessions(store, Date.parse(now));
  return serializeCookie(request, SESSION_COOKIE, signValue(session.id, await sessionSecret()));
}

/** Sessions nobody came back to would otherwise stay in the data file for ever; each sign-in sweeps them. */
async function pruneIdleSessions(storage: StorageAdapter, now: number): Promise<void> {
  for (const session of await storage.list<Session>("sessions")) {
    if (now - Date.parse(session.lastSeenAt) > IDLE_TIMEOUT_MS) {
      await storage.delete("sessions", session.id).catch(ignoreGone);
    }
  }
}

/** Ends the request's session (if any); returns the Set-Cookie header that clears the cookie. */
export async function destroyUserSession(request: Request): Promise<string> {
  const auth = await getAuth(request);
  if (auth) {
    const { storage } = await getAppContext();
    await storage.delete("sessions", auth.session.id).catch(ignoreGone);
  }
  return serializeCookie(request, SESSION_COOKIE, "", 0);
}

/** Ends every session of a user (deactivation, password reset). Returns how many ended. */
export async function revokeUserSessions(
  storage: StorageAdapter,
  userId: string,
  keepSessionId?: string,
): Promise<number> {
  let ended = 0;
  for (const session of await storage.list<Session>("sessions")) {
    if (session.userId !== userId || session.id === keepSessionId) continue;
    await storage.delete("sessions", session.id).catch(ignoreGone);
    ended++;
  }
  return ended;
}

// ---------------------------------------------------------------------------------------------
// requireUser: the one gate every loader and action goes through.

function wantsJson(request: Request): boolean {
  const accept = request.headers.get("Accept") ?? "";
  const contentType = request.headers.get("Content-Type") ?? "";
  return (
    (accept.includes("json") && !accept.includes("text/html")) ||
    contentType.includes("application/json") ||
    request.headers.has(CSRF_HEADER)
  );
}

function isSafeMethod(method: string): boolean {
  return method === "GET" || method === "HEAD" || method === "OPTIONS";
}

/** Where to return after signing in: a same-site path only, never another host. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  return next;
}

function refuse(request: Request, status: 401 | 403, message: string): Response {
  if (wantsJson(request)) return problemResponse(new Response(null, { status }), message);
  return new Response(message, { status, statusText: status === 401 ? "Unauthorized" : "Forbidden" });
}

/**
 * The signed-in user holding at least one of `roles` (none given: any signed-in user).
 * - no valid session: a redirect to /login?next=… for pages (to /setup while no account exists), a 401
 *   problem+json for fetches that want JSON;
 * - none of the roles: a 403 whose text names the role needed;
 * - any method other than GET/HEAD: the CSRF token (form field `csrf` or header `X-CSRF-Token`) must match
 *   the session's, else 403. The form is read from a clone, so the action can still read the body.
 * Throws the Response; returns the user.
 */
export async function requireUser(request: Request, ...roles: Role[]): Promise<AuthUser> {
  const auth = await getAuth(request);
  if (!auth) {
    if (wantsJson(request)) throw refuse(request, 401, "Sign in first: this needs a signed-in user.");
    const { storage } = await getAppContext();
    if ((await storage.list("users")).length === 0) throw redirect("/setup");
    const url = new URL(request.url);
    const next = isSafeMethod(request.method) ? `${url.pathname}${url.search}` : refererPath(request);
    throw redirect(`/login?next=${encodeURIComponent(next)}`);
  }
  if (!isSafeMethod(request.method)) await assertCsrf(request, auth.session.csrfToken);
  if (auth.user.mustChangePassword && isSafeMethod(request.method) && !wantsJson(request)) {
    // Someone else chose this password (a one-time password): the person picks their own first.
    const url = new URL(request.url);
    if (url.pathname !== CHANGE_PASSWORD_PATH) {
      throw redirect(`${CHANGE_PASSWORD_PATH}?next=${encodeURIComponent(`${url.pathname}${url.search}`)}`);
    }
  }
  if (!grantsAny(auth.user.roles, roles)) {
    throw refuse(
      request,
      403,
      `This needs ${describeNeededRoles(roles)}. You are signed in as ${auth.user.username}` +
        `${auth.user.roles.length ? ` (${auth.user.roles.join(", ")})` : " with no roles"}; ask an admin if you need it.`,
    );
  }
  return auth.user;
}

function refererPath(request: Request): string {
  const referer = request.headers.get("Referer");
  if (!referer) return "/";
  try {
    const url = new URL(referer);
    return url.host === new URL(request.url).host ? `${url.pathname}${url.search}` : "/";
  } catch {
    return "/";
  }
}

const CSRF_MESSAGE =
  "This form was not sent from a current ScriptPilot page (its security token is missing or out of date), " +
  "so nothing was changed. Reload the page and try again.";

/** The token sent with a request: the header first, else the form field (read from a clone). */
async function sentCsrfToken(request: Request): Promise<string | undefined> {
  const header = request.headers.get(CSRF_HEADER);
  if (header) return header;
  const contentType = request.headers.get("Content-Type") ?? "";
  if (
    !contentType.includes("application/x-www-form-urlencoded") &&
    !contentType.includes("multipart/form-data")
  ) {
    return undefined;
  }
  try {
    const value = (await request.clone().formData()).get(CSRF_FIELD);
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

async function assertCsrf(request: Request, expected: string): Promise<void> {
  const sent = await sentCsrfToken(request);
  if (!sent || !tokensEqual(sent, expected)) throw refuse(request, 403, CSRF_MESSAGE);
}

// ---------------------------------------------------------------------------------------------
// Forms used before signing in (sign-in, first-run setup): a double-submit token tied to a random
// value in a signed cookie, so another site cannot sign a browser into an account of its choosing.

/** The token for the sign-in/setup form and, when the cookie is new, the Set-Cookie header to send. */
export async function anonymousCsrf(request: Request): Promise<{ token: string; setCookie?: string }> {
  const secret = await sessionSecret();
  const existing = readCookie(request, ANON_COOKIE);
  const nonce = existing ? unsignValue(existing, secret) : undefined;
  if (nonce) return { token: anonToken(nonce, secret) };
  const fresh = randomToken();
  return {
    token: anonToken(fresh, secret),
    setCookie: serializeCookie(request, ANON_COOKIE, signValue(fresh, secret)),
  };
}

function anonToken(nonce: string, secret: Buffer): string {
  return createHmac("sha256", secret).update(`anon:${nonce}`).digest("base64url");
}

/** Throws a 403 unless the form's token matches this browser's sign-in cookie. */
export async function requireAnonymousCsrf(request: Request, form: FormData): Promise<void> {
  const secret = await sessionSecret();
  const cookie = readCookie(request, ANON_COOKIE);
  const nonce = cookie ? unsignValue(cookie, secret) : undefined;
  const sent = form.get(CSRF_FIELD);
  if (!nonce || typeof sent !== "string" || !tokensEqual(sent, anonToken(nonce, secret))) {
    throw new Response(CSRF_MESSAGE, { status: 403, statusText: "Forbidden" });
  }
}

/** The CSRF token for the current page: the session's, or the sign-in form's when signed out. */
export async function csrfTokenFor(request: Request): Promise<string | null> {
  const auth = await getAuth(request);
  if (auth) return auth.session.csrfToken;
  const cookie = readCookie(request, ANON_COOKIE);
  if (!cookie) return null;
  const secret = await sessionSecret();
  const nonce = unsignValue(cookie, secret);
  return nonce ? anonToken(nonce, secret) : null;
}

/** The requester's address, when the server passes it in the load context (server.js). */
export function clientAddress(context: unknown): string | undefined {
  if (typeof context !== "object" || context === null) return undefined;
  const value = (context as { clientAddress?: unknown }).clientAddress;
  return typeof value === "string" && value !== "" ? value : undefined;
}

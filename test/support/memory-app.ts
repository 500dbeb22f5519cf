import { afterEach, beforeEach } from "vitest";
import type { Role } from "~/domain/users/roles";
import { setAppContext } from "~/services/app-context.server";
import { createUserSession, getAuth } from "~/services/auth.server";
import { demoScripts } from "~/services/scripts.server";
import { hashPassword, resetLoginThrottle, type User } from "~/services/users.server";
import { createMemoryAdapter } from "~/storage/memory-adapter";
import type { StorageAdapter } from "~/storage/storage-adapter";

/** A signed-in test user: pass it to get/postForm/asUser to act as them. */
export interface TestSession {
  user: { id: string; username: string; displayName: string; roles: Role[] };
  /** The Cookie request header value. */
  cookie: string;
  csrf: string;
}

export const TEST_PASSWORD = "correct horse battery";

export interface MemoryApp {
  storage: () => StorageAdapter;
  /** Creates an active user with these roles (username defaults to the roles joined) and signs them in. */
  signIn: (roles: Role[], options?: { username?: string; displayName?: string }) => Promise<TestSession>;
  /** Creates a user without signing in (for sign-in tests); the password is TEST_PASSWORD. */
  createTestUser: (roles: Role[], options?: { username?: string; active?: boolean }) => Promise<User>;
}

/** Runs each test of the file against a fresh in-memory store holding the demo scripts. */
export function useMemoryApp(): MemoryApp {
  let storage: StorageAdapter | undefined;
  beforeEach(() => {
    storage = createMemoryAdapter({ scripts: demoScripts("2026-01-01T00:00:00.000Z") });
    setAppContext({ storage, dataFile: ":memory:", created: true });
    resetLoginThrottle();
  });
  afterEach(() => setAppContext(undefined));
  const current = () => {
    if (!storage) throw new Error("useMemoryApp: no storage outside a test");
    return storage;
  };
  const createTestUser: MemoryApp["createTestUser"] = async (roles, options = {}) => {
    const username = options.username ?? (roles.length ? roles.join("-") : "no-roles");
    const user: User = {
      schemaVersion: 1,
      id: `u-${username.replace(/[^a-z0-9]/g, "")}${Math.random().toString(36).slice(2, 8)}`,
      revision: 0,
      username,
      displayName: `Test ${username}`,
      roles,
      active: options.active ?? true,
      passwordHash: await testPasswordHash(),
      createdAt: "2026-01-01T00:00:00.000Z",
      createdBy: "setup",
    };
    return current().save("users", user, 0);
  };
  return {
    storage: current,
    createTestUser,
    signIn: async (roles, options = {}) => {
      const user = await createTestUser(roles, options);
      const setCookie = await createUserSession(new Request("http://localhost/login"), user.id, current());
      const cookie = setCookie.split(";")[0];
      const auth = await getAuth(new Request("http://localhost/", { headers: { Cookie: cookie } }));
      if (!auth) throw new Error("signIn: the new session did not resolve");
      return {
        user: { id: user.id, username: user.username, displayName: user.displayName, roles: auth.user.roles },
        cookie,
        csrf: auth.session.csrfToken,
      };
    },
  };
}

// scrypt is deliberately slow; one hash of TEST_PASSWORD serves every test user of the run.
let cachedHash: Promise<string> | undefined;
function testPasswordHash(): Promise<string> {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  return cachedHash;
}

/** The same request with the session's cookie and, for non-GET requests, its X-CSRF-Token header. */
export function asUser(request: Request, session: TestSession): Request {
  const headers = new Headers(request.headers);
  headers.set("Cookie", session.cookie);
  if (request.method !== "GET" && request.method !== "HEAD") headers.set("X-CSRF-Token", session.csrf);
  return new Request(request, { headers });
}

/**
 * Builds a real form POST request. With a session it carries the cookie and the `csrf` form field, as a
 * page's <CsrfField /> would; without one it is a signed-out request.
 */
export function postForm(url: string, fields: Record<string, string>, session?: TestSession): Request {
  const body = new URLSearchParams(session ? { csrf: session.csrf, ...fields } : fields);
  const headers: Record<string, string> = session ? { Cookie: session.cookie } : {};
  return new Request(`http://localhost${url}`, { method: "POST", body, headers });
}

export function get(url: string, session?: TestSession): Request {
  return new Request(`http://localhost${url}`, session ? { headers: { Cookie: session.cookie } } : {});
}

/** A thrown Response from a loader/action, for asserting 404/409. */
export async function thrownResponse(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("Expected a Response to be thrown");
}

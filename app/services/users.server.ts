import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { DomainError } from "~/domain/domain-error";
import {
  currentState,
  describeWait,
  recordFailure,
  remainingLockMs,
  type ThrottleState,
} from "~/domain/users/login-throttle";
import { normaliseUsername, passwordProblems, usernameProblem } from "~/domain/users/password-policy";
import { isRole, type Role } from "~/domain/users/roles";
import type { StorageAdapter } from "~/storage/storage-adapter";
import type { User } from "~/types/generated/user.v1";
import userSchema from "../../schemas/user.v1.schema.json";
import { compileSchema, parseWith } from "./schema-validation.server";

export type { User };

/** What the rest of the app sees of an account: never the password hash. */
export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  active: boolean;
  createdAt: string;
  deactivatedAt?: string;
  mustChangePassword: boolean;
}

const validateUser = compileSchema<User>(userSchema);

export function toPublicUser(user: User): PublicUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: [...user.roles],
    active: user.active,
    createdAt: user.createdAt,
    ...(user.deactivatedAt ? { deactivatedAt: user.deactivatedAt } : {}),
    mustChangePassword: user.mustChangePassword === true,
  };
}

// ---------------------------------------------------------------------------------------------
// Passwords: scrypt with a per-user salt; the parameters travel in the hash so they can be raised later.

const SCRYPT = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 64;
const SALT_BYTES = 16;

function scryptAsync(
  password: string,
  salt: Buffer,
  keyLength: number,
  options: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** "scrypt$N$r$p$salt$key" with base64 salt and key. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scryptAsync(password, salt, KEY_LENGTH, { ...SCRYPT, maxmem: 64 * 1024 * 1024 });
  return ["scrypt", SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString("base64"), key.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], "base64");
  const expected = Buffer.from(parts[5], "base64");
  if (!N || !r || !p || expected.length === 0) return false;
  const key = await scryptAsync(password, salt, expected.length, { N, r, p, maxmem: 256 * 1024 * 1024 });
  return timingSafeEqual(key, expected);
}

/** Verified against when the username is unknown, so timing does not tell which usernames exist. */
let dummyHash: Promise<string> | undefined;

// ---------------------------------------------------------------------------------------------
// Accounts

export async function listUsers(storage: StorageAdapter): Promise<PublicUser[]> {
  const users = await storage.list<User>("users");
  return users.map(toPublicUser).sort((a, b) => a.username.localeCompare(b.username));
}

export async function countUsers(storage: StorageAdapter): Promise<number> {
  return (await storage.list("users")).length;
}

export async function getUserRecord(storage: StorageAdapter, id: string): Promise<User | undefined> {
  return storage.get<User>("users", id);
}

export async function getPublicUser(storage: StorageAdapter, id: string): Promise<PublicUser> {
  const user = await storage.get<User>("users", id);
  if (!user) throw new DomainError("not-found", "There is no such user.");
  return toPublicUser(user);
}

export async function findUserByUsername(
  storage: StorageAdapter,
  username: string,
): Promise<User | undefined> {
  const wanted = normaliseUsername(username);
  return (await storage.list<User>("users")).find((u) => u.username === wanted);
}

export interface NewUserInput {
  username: string;
  displayName: string;
  password: string;
  roles: readonly string[];
  /** The admin's id, "setup" or "cli". */
  createdBy: string;
  /** The password was chosen by someone else: ask for a new one at the next sign-in. */
  mustChangePassword?: boolean;
}

/** Throws DomainError("invalid") naming each field that is wrong; nothing is stored then. */
export async function createUser(
  storage: StorageAdapter,
  input: NewUserInput,
  now: string,
): Promise<PublicUser> {
  const username = normaliseUsername(input.username);
  const displayName = input.displayName.trim();
  const details: { path: string; message: string }[] = [];
  const nameProblem = usernameProblem(username);
  if (nameProblem) details.push({ path: "username", message: nameProblem });
  else if (await findUserByUsername(storage, username)) {
    details.push({ path: "username", message: `The username “${username}” is already taken.` });
  }
  if (displayName === "") details.push({ path: "displayName", message: "Enter the person's name." });
  if (displayName.length > 80)
    details.push({ path: "displayName", message: "The name must be at most 80 characters." });
  for (const message of passwordProblems(input.password, { username }))
    details.push({ path: "password", message });
  const roles = parseRoles(input.roles, details);
  if (details.length > 0) throw new DomainError("invalid", "The account was not created.", details);

  const user: User = {
    schemaVersion: 1,
    id: `u-${randomBytes(8).toString("hex")}`,
    revision: 0,
    username,
    displayName,
    roles,
    active: true,
    passwordHash: await hashPassword(input.password),
    ...(input.mustChangePassword ? { mustChangePassword: true } : {}),
    createdAt: now,
    createdBy: input.createdBy,
  };
  return toPublicUser(await storage.save("users", parseWith(validateUser, user, "user"), 0));
}

function parseRoles(raw: readonly string[], details: { path: string; message: string }[]): Role[] {
  const roles: Role[] = [];
  for (const value of raw) {
    if (!isRole(value)) details.push({ path: "roles", message: `“${value}” is not a role.` });
    else if (!roles.includes(value)) roles.push(value);
  }
  return roles;
}

async function updateUser(
  storage: StorageAdapter,
  id: string,
  change: (user: User) => User,
): Promise<{ before: User; after: PublicUser }> {
  const before = await storage.get<User>("users", id);
  if (!before) throw new DomainError("not-found", "There is no such user.");
  const next = parseWith(validateUser, change(structuredClone(before)), "user");
  return { before, after: toPublicUser(await storage.save("users", next, before.revision)) };
}

/** Replaces a user's roles. Refuses to leave the app without an active admin. */
export async function setRoles(
  storage: StorageAdapter,
  id: string,
  rawRoles: readonly string[],
): Promise<{ before: Role[]; after: PublicUser }> {
  const details: { path: string; message: string }[] = [];
  const roles = parseRoles(rawRoles, details);
  if (details.length > 0) throw new DomainError("invalid", "The roles were not changed.", details);
  if (!roles.includes("admin")) await assertAnotherActiveAdmin(storage, id, "remove the admin role from");
  const { before, after } = await updateUser(storage, id, (u) => ({ ...u, roles }));
  return { before: before.roles, after };
}

export async function setActive(
  storage: StorageAdapter,
  id: string,
  active: boolean,
  now: string,
): Promise<PublicUser> {
  if (!active) await assertAnotherActiveAdmin(storage, id, "deactivate");
  const { after } = await updateUser(storage, id, (u) => {
    const { deactivatedAt: _, ...rest } = u;
    return active ? { ...rest, active: true } : { ...rest, active: false, deactivatedAt: now };
  });
  return after;
}

/** Sets a new password. `mustChange` when an admin chose it (a one-time password). */
export async function setPassword(
  storage: StorageAdapter,
  id: string,
  password: string,
  mustChange: boolean,
): Promise<PublicUser> {
  const user = await storage.get<User>("users", id);
  if (!user) throw new DomainError("not-found", "There is no such user.");
  const problems = passwordProblems(password, { username: user.username });
  if (problems.length > 0) {
    throw new DomainError(
      "invalid",
      "The password was not changed.",
      problems.map((message) => ({ path: "password", message })),
    );
  }
  const passwordHash = await hashPassword(password);
  const { after } = await updateUser(storage, id, (u) => {
    const { mustChangePassword: _, ...rest } = u;
    return mustChange ? { ...rest, passwordHash, mustChangePassword: true } : { ...rest, passwordHash };
  });
  return after;
}

async function assertAnotherActiveAdmin(storage: StorageAdapter, id: string, verb: string): Promise<void> {
  const admins = (await storage.list<User>("users")).filter((u) => u.active && u.roles.includes("admin"));
  if (admins.length === 1 && admins[0].id === id) {
    throw new DomainError(
      "conflict",
      `You cannot ${verb} the last active admin: nobody could manage accounts any more. Make someone else an admin first.`,
    );
  }
}

/** A readable one-time password (about 80 bits): shown once to the admin, changed at first sign-in. */
export function generateOneTimePassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  const bytes = randomBytes(16);
  let out = "";
  for (let i = 0; i < 16; i++) out += alphabet[bytes[i] % alphabet.length];
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8, 12)}-${out.slice(12, 16)}`;
}

// ---------------------------------------------------------------------------------------------
// Sign-in with throttling. Counters live in process memory: one server process serves a data
// directory (ADR 0003), and a restart clearing them is acceptable for a login throttle.

const throttles = new Map<string, ThrottleState>();

/** Tests start each case with no failures remembered. */
export function resetLoginThrottle(): void {
  throttles.clear();
}

export type AuthenticateResult =
  | { ok: true; user: User }
  | { ok: false; reason: "locked"; message: string; retryAfterSeconds: number; user?: User }
  | { ok: false; reason: "invalid" | "inactive"; message: string; user?: User };

const INVALID = "The username or password is not right. Check both and try again.";

/**
 * Checks a username and password. Failures are counted per username and per client address; from the
 * fifth failure in a row the key is locked for a growing delay and the message says when to retry.
 * A locked key is refused without checking the password, so guessing during the lock gains nothing.
 */
export async function authenticate(
  storage: StorageAdapter,
  rawUsername: string,
  password: string,
  options: { clientAddress?: string; now: number },
): Promise<AuthenticateResult> {
  const username = normaliseUsername(rawUsername);
  const keys = [`user:${username}`, ...(options.clientAddress ? [`addr:${options.clientAddress}`] : [])];
  const user = await findUserByUsername(storage, username);
  const wait = Math.max(...keys.map((k) => remainingLockMs(throttles.get(k), options.now)));
  if (wait > 0) {
    return {
      ok: false,
      reason: "locked",
      retryAfterSeconds: Math.ceil(wait / 1000),
      message: `Too many failed sign-ins. Try again in ${describeWait(wait)}.`,
      ...(user ? { user } : {}),
    };
  }
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  const matches =
    password.length <= 1024 && (await verifyPassword(password, user ? user.passwordHash : await dummyHash));
  if (!user || !matches) {
    for (const key of keys) throttles.set(key, recordFailure(throttles.get(key), options.now));
    const lockedFor = Math.max(...keys.map((k) => remainingLockMs(throttles.get(k), options.now)));
    const message =
      lockedFor > 0
        ? `${INVALID} Too many failed sign-ins: try again in ${describeWait(lockedFor)}.`
        : INVALID;
    return { ok: false, reason: "invalid", message, ...(user ? { user } : {}) };
  }
  if (!user.active) {
    return {
      ok: false,
      reason: "inactive",
      message: "This account has been deactivated. Ask an admin if you need it again.",
      user,
    };
  }
  for (const key of keys) if (currentState(throttles.get(key), options.now)) throttles.delete(key);
  return { ok: true, user };
}

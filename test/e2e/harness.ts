// End-to-end harness: the built server as a child process on a free port with a throwaway data
// directory, and Debian's Chromium driven by playwright-core (no browser download is possible here).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  chromium,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type ConsoleMessage,
  type Locator,
  type Page,
} from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect } from "vitest";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const MAX_OUTPUT_CHARS = 200_000;

export interface StartServerOptions {
  /**
   * Reuse this data directory (e.g. to restart on the same data) instead of a fresh temp dir.
   * stop() still removes it unless keepData: restart tests pass keepData to the first server only.
   */
  dataDir?: string;
  /** Leave the data directory on disk when stop() is called (or the run is torn down). */
  keepData?: boolean;
  /** Extra environment for the server process. */
  env?: Record<string, string>;
  /** Entry script, relative to repoRoot unless absolute. Default "server.js". */
  entry?: string;
  /**
   * Complete the first-run setup with E2E_ADMIN once the server answers (default true). Skipped by itself
   * when the data directory already has accounts. Pass false to see the setup page as a new install does.
   */
  setup?: boolean;
}

export interface ServerHandle {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  dataDir: string;
  /** Everything the server printed so far (stdout and stderr interleaved, last 200 kB). */
  output(): string;
  /** Kills the server, waits for it to exit, and removes the data directory unless keepData. */
  stop(): Promise<void>;
}

/** The admin the harness creates through the setup page; holds every role, so tests can do anything. */
export const E2E_ADMIN = {
  username: "e2e-admin",
  displayName: "E2E Admin",
  password: "e2e admin password",
  roles: ["admin", "writer", "lead", "approver"],
} as const;

export interface Credentials {
  username: string;
  password: string;
}

/** Servers not yet stopped, with the data directory to remove if the run is torn down. */
const liveChildren = new Map<ChildProcess, string | undefined>();
let exitHookInstalled = false;

/**
 * Starts `node server.js` from the repository root, as `npm start` would after `npm run build`.
 * Resolves once GET / answers with a status below 500.
 */
export async function startServer(options: StartServerOptions = {}): Promise<ServerHandle> {
  const dataDir = options.dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), "scriptpilot-e2e-")));
  await fs.mkdir(dataDir, { recursive: true });
  // A port found free can be taken before the server binds it; try a few before giving up.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(dataDir, options);
    } catch (error) {
      lastError = error;
      if (!(error instanceof ServerStartError && error.addressInUse)) break;
    }
  }
  // Never delete a directory the caller handed in because its server failed to start.
  if (!options.dataDir && !options.keepData) await fs.rm(dataDir, { recursive: true, force: true });
  throw lastError;
}

class ServerStartError extends Error {
  constructor(
    message: string,
    readonly addressInUse = false,
  ) {
    super(message);
    this.name = "ServerStartError";
  }
}

async function startOnce(dataDir: string, options: StartServerOptions): Promise<ServerHandle> {
  installExitHook();
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const entry = options.entry ?? "server.js";

  // The server should not think it runs under vitest (NODE_ENV=test, VITEST=true, ...).
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith("VITEST") && key !== "TEST"),
  );
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    ...options.env,
    PORT: String(port),
    SCRIPTPILOT_DATA_DIR: dataDir,
    NODE_ENV: "production",
  };

  const child = spawn(process.execPath, [entry], {
    cwd: repoRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  liveChildren.set(child, options.keepData ? undefined : dataDir);

  let output = "";
  const append = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    if (output.length > MAX_OUTPUT_CHARS) output = output.slice(-MAX_OUTPUT_CHARS);
    if (process.env.E2E_SERVER_LOG) process.stderr.write(chunk);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      liveChildren.delete(child);
      resolve({ code, signal });
    });
    child.once("error", (error) => {
      output += `\n[harness] failed to spawn: ${error.message}\n`;
      liveChildren.delete(child);
      resolve({ code: null, signal: null });
    });
  });
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const kill = async () => {
    if (hasExited) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };
  const stop = async () => {
    await kill();
    if (!options.keepData) await fs.rm(dataDir, { recursive: true, force: true });
  };

  const describeFailure = (why: string) =>
    `${why}\n--- server command: node ${entry} (cwd ${repoRoot}, PORT=${port}, ` +
    `SCRIPTPILOT_DATA_DIR=${dataDir}) ---\n${output.trim() || "(no output)"}\n--- end of server output ---`;

  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastProblem = "no answer yet";
  for (;;) {
    if (hasExited) {
      const { code, signal } = await exited;
      // startServer() removes the data directory if it made it; a caller's own is left alone.
      const addressInUse = /EADDRINUSE/.test(output);
      throw new ServerStartError(
        describeFailure(`The server exited before it was ready (code ${code}, signal ${signal}).`),
        addressInUse,
      );
    }
    try {
      const response = await fetch(`${url}/`, { signal: AbortSignal.timeout(2_000), redirect: "manual" });
      await response.arrayBuffer();
      if (response.status < 500) break;
      lastProblem = `GET / answered ${response.status}`;
    } catch (error) {
      lastProblem = error instanceof Error ? `${error.message}${causeOf(error)}` : String(error);
    }
    if (Date.now() > deadline) {
      await kill();
      throw new ServerStartError(
        describeFailure(
          `The server did not answer GET / within ${READY_TIMEOUT_MS / 1000} s (${lastProblem}).`,
        ),
      );
    }
    await Promise.race([delay(200), exited]);
  }

  const handle = { url, port, dataDir, output: () => output, stop };
  if (options.setup !== false) {
    try {
      await completeSetup(url);
    } catch (error) {
      await stop();
      throw error;
    }
  }
  return handle;
}

// ---------------------------------------------------------------------------------------------
// Accounts: first-run setup and signing in, over plain HTTP the way a browser's form posts go.

function cookieHeader(response: Response, previous = ""): string {
  const jar = new Map(
    previous
      .split(";")
      .map((c) => c.trim())
      .filter(Boolean)
      .map((c) => [c.slice(0, c.indexOf("=")), c] as const),
  );
  for (const set of response.headers.getSetCookie()) {
    const pair = set.split(";")[0];
    jar.set(pair.slice(0, pair.indexOf("=")), pair);
  }
  return [...jar.values()].join("; ");
}

/** The CSRF token a page's forms carry (every signed-in page has one in its sign-out form). */
export function csrfFromHtml(html: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error("No CSRF field on the page: is the user signed in / is this a form page?");
  return match[1];
}

/** Creates E2E_ADMIN through the setup page; does nothing when the server already has accounts. */
async function completeSetup(url: string): Promise<void> {
  const page = await fetch(`${url}/setup`, { redirect: "manual" });
  const html = await page.text();
  if (page.status !== 200) return;
  const body = new URLSearchParams({
    csrf: csrfFromHtml(html),
    username: E2E_ADMIN.username,
    displayName: E2E_ADMIN.displayName,
    password: E2E_ADMIN.password,
    confirm: E2E_ADMIN.password,
  });
  for (const role of E2E_ADMIN.roles) if (role !== "admin") body.append("roles", role);
  const done = await fetch(`${url}/setup`, {
    method: "POST",
    body,
    headers: { Cookie: cookieHeader(page) },
    redirect: "manual",
  });
  if (done.status !== 302)
    throw new Error(`The first-run setup failed (${done.status}): ${(await done.text()).slice(0, 500)}`);
}

/** Signs in over HTTP and returns the Cookie header to send, e.g. for fetch() in a test. */
export async function signInCookie(
  server: ServerHandle,
  credentials: Credentials = E2E_ADMIN,
): Promise<string> {
  const page = await fetch(`${server.url}/login`, { redirect: "manual" });
  const cookie = cookieHeader(page);
  const response = await fetch(`${server.url}/login`, {
    method: "POST",
    body: new URLSearchParams({ csrf: csrfFromHtml(await page.text()), next: "/", ...credentials }),
    headers: { Cookie: cookie },
    redirect: "manual",
  });
  if (response.status !== 302)
    throw new Error(`Signing in as ${credentials.username} failed (${response.status}).`);
  return cookieHeader(response, cookie);
}

/** Signs a browser context in (its pages and context.request then share the session). */
export async function signIn(
  context: BrowserContext,
  server: ServerHandle,
  credentials: Credentials = E2E_ADMIN,
): Promise<void> {
  const page = await context.request.get(`${server.url}/login`, { maxRedirects: 0 });
  const response = await context.request.post(`${server.url}/login`, {
    form: { csrf: csrfFromHtml(await page.text()), next: "/", ...credentials },
    maxRedirects: 0,
  });
  if (response.status() !== 302) {
    throw new Error(
      `Signing in as ${credentials.username} failed (${response.status()}): ${(await response.text()).slice(0, 300)}`,
    );
  }
}

/** A new browser context (baseURL set to the server) already signed in, as E2E_ADMIN unless told. */
export async function newSignedInContext(
  browser: Browser,
  server: ServerHandle,
  options: BrowserContextOptions = {},
  credentials: Credentials = E2E_ADMIN,
): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: server.url, ...options });
  try {
    await signIn(context, server, credentials);
  } catch (error) {
    await context.close();
    throw error;
  }
  return context;
}

/** The CSRF token of a signed-in request context, for form posts made without a page. */
export async function csrfTokenOf(request: APIRequestContext): Promise<string> {
  return csrfFromHtml(await (await request.get("/")).text());
}

function causeOf(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? ` (${cause.message})` : "";
}

/** Asks the OS for a free TCP port by listening on port 0, then releases it. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, () => {
      const address = probe.address();
      if (address === null || typeof address === "string") {
        probe.close();
        reject(new Error("Could not read the probe socket's port."));
        return;
      }
      const { port } = address;
      probe.close(() => resolve(port));
    });
  });
}

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // If a run is torn down without stop() (a failing beforeAll, Ctrl-C, vitest ending its worker
  // with SIGTERM), do not leave servers listening or temp dirs behind.
  const cleanUp = () => {
    for (const [child, dir] of liveChildren) {
      child.kill("SIGKILL");
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
    liveChildren.clear();
  };
  process.once("exit", cleanUp);
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
    const onSignal = () => {
      cleanUp();
      // Keep the default behaviour (terminate) unless someone else handles the signal.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.once(signal, onSignal);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------------------------------------
// Browser

const CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

/** The Chromium binary to drive: $CHROMIUM_PATH, else Debian's package locations. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CHROMIUM_CANDIDATES.find((candidate) => existsSync(candidate));
}

export const chromiumPath = findChromium();
export const browserAvailable = chromiumPath !== undefined;
const inCI = Boolean(process.env.CI);

const MISSING_CHROMIUM =
  `Chromium was not found (looked at ${process.env.CHROMIUM_PATH ? `CHROMIUM_PATH=${process.env.CHROMIUM_PATH}` : CHROMIUM_CANDIDATES.join(", ")}). ` +
  "Install Debian's package with `apt-get install -y chromium` (or set CHROMIUM_PATH); " +
  "playwright cannot download its own browser on these machines.";

if (!browserAvailable && !inCI) {
  console.warn(`[e2e] Skipping end-to-end suites: ${MISSING_CHROMIUM} In CI (CI set) they fail instead.`);
}

/**
 * `describe` when Chromium is present or when running in CI (where launchBrowser() then throws, so a
 * missing browser fails the build); `describe.skip` on a developer machine without Chromium.
 */
export const describeE2E = browserAvailable || inCI ? describe : describe.skip;

/** These flags are what is known to work on these machines: a closed network, running as root. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(MISSING_CHROMIUM);
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

// ---------------------------------------------------------------------------------------------
// Console and page errors

/**
 * Console errors that are the framework's noise, not the app's failures; always ignored.
 * - Remix's single fetch logs the AbortError of a navigation that a newer one superseded (it aborts
 *   the turbo-stream decode: @remix-run/react dist/esm/single-fetch.js, `console.error(e)`). A person
 *   who types in an auto-submitting search box and presses Enter causes exactly that.
 */
export const BENIGN_CONSOLE_ERRORS: readonly RegExp[] = [/^AbortError: signal is aborted without reason/];

export interface BrowserError {
  /** The page's address when it happened. */
  pageUrl: string;
  /** The message (for page errors, with the stack). */
  text: string;
  /** Script location that logged it, when Chromium knows it. */
  source?: string;
}

/** A console error to tolerate: a pattern for its text, or a test of the whole entry. */
export type ConsoleAllowance = RegExp | ((error: BrowserError) => boolean);

export interface PageErrorLog {
  /** Uncaught exceptions and unhandled rejections in any page of the watched target. */
  pageErrors: BrowserError[];
  /** console.error messages, e.g. React hydration warnings or failed resource loads. */
  consoleErrors: BrowserError[];
  /**
   * Throws if any page error happened, or any console error matched neither BENIGN_CONSOLE_ERRORS
   * nor `allowConsole`, e.g. the 404 of a deliberate visit to a missing page: match its source too,
   * so that a missing script or stylesheet still fails the test.
   */
  assertNone(options?: { allowConsole?: ConsoleAllowance[] }): void;
  /** Everything collected, one line each, for failure reports. */
  summary(): string;
  /** Forget what was collected so far. */
  clear(): void;
}

/**
 * Collects browser console errors and uncaught page errors. Pass a page, or a context to watch
 * every page it opens (popups and new tabs included).
 */
export function collectPageErrors(target: Page | BrowserContext): PageErrorLog {
  const pageErrors: BrowserError[] = [];
  const consoleErrors: BrowserError[] = [];

  const watch = (page: Page) => {
    page.on("pageerror", (error) => {
      pageErrors.push({ pageUrl: page.url(), text: error.stack ?? `${error.name}: ${error.message}` });
    });
    page.on("console", (message: ConsoleMessage) => {
      if (message.type() !== "error") return;
      const { url, lineNumber, columnNumber } = message.location();
      consoleErrors.push({
        pageUrl: page.url(),
        text: message.text(),
        ...(url ? { source: `${url}:${lineNumber}:${columnNumber}` } : {}),
      });
    });
  };

  if (isContext(target)) {
    target.pages().forEach(watch);
    target.on("page", watch);
  } else {
    watch(target);
  }

  const line = (kind: string, e: BrowserError) =>
    `${kind} on ${e.pageUrl}: ${e.text}${e.source ? ` (at ${e.source})` : ""}`;

  return {
    pageErrors,
    consoleErrors,
    assertNone({ allowConsole = [] } = {}) {
      const allowed = [...BENIGN_CONSOLE_ERRORS, ...allowConsole].map((allow) =>
        allow instanceof RegExp ? (e: BrowserError) => allow.test(e.text) : allow,
      );
      const problems = [
        ...pageErrors.map((e) => line("page error", e)),
        ...consoleErrors
          .filter((e) => !allowed.some((isAllowed) => isAllowed(e)))
          .map((e) => line("console error", e)),
      ];
      if (problems.length > 0) {
        throw new Error(`The browser reported ${problems.length} error(s):\n${problems.join("\n")}`);
      }
    },
    summary() {
      const all = [
        ...pageErrors.map((e) => line("page error", e)),
        ...consoleErrors.map((e) => line("console error", e)),
      ];
      return all.length > 0 ? all.join("\n") : "(none)";
    },
    clear() {
      pageErrors.length = 0;
      consoleErrors.length = 0;
    },
  };
}

function isContext(target: Page | BrowserContext): target is BrowserContext {
  return typeof (target as BrowserContext).newPage === "function" && !("goto" in target);
}

/** Where failure screenshots go: gitignored .cache/, so nothing lands in a commit by accident. */
export const artifactsDir = path.join(repoRoot, ".cache", "e2e");

/** Saves a full-page screenshot and returns its path, or undefined when the page is gone. */
export async function saveScreenshot(page: Page, name: string): Promise<string | undefined> {
  try {
    await fs.mkdir(artifactsDir, { recursive: true });
    const file = path.join(artifactsDir, `${name.replace(/[^A-Za-z0-9_-]+/g, "-").slice(0, 100)}.png`);
    await page.screenshot({ path: file, fullPage: true, timeout: 5_000 });
    return file;
  } catch {
    return undefined;
  }
}

/**
 * Focuses a control once it is enabled: buttons that need the page's JavaScript stay disabled until
 * hydration, and `focus()` on a disabled button silently does nothing, so a key pressed next would be lost.
 */
export async function focusWhenEnabled(locator: Locator): Promise<void> {
  await expect.poll(() => locator.isEnabled(), { timeout: 10_000 }).toBe(true);
  await locator.focus();
}

// ---------------------------------------------------------------------------------------------
// The usual set-up of a test file

/** How long one step (a click's navigation, an element appearing) may take before it fails. */
export const STEP_TIMEOUT_MS = 10_000;

/** What a test of a file set up by useE2EApp works with; a fresh context, page and error log per test. */
export interface E2EApp {
  server: ServerHandle;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  errors: PageErrorLog;
}

/**
 * One server and one browser for the test file, and for each test a fresh context signed in as the e2e
 * admin (with `contextOptions`) with a page and its error log, handed to `use` before the test runs. When
 * a test fails: a screenshot of every page of its context, the browser errors and the end of the server's
 * output, named after `name` and the test; then the context is closed.
 */
export function useE2EApp(
  name: string,
  contextOptions: BrowserContextOptions,
  use: (app: E2EApp) => void,
): void {
  let server: ServerHandle;
  let browser: Browser;
  let app: E2EApp | undefined;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  beforeEach(async () => {
    const context = await newSignedInContext(browser, server, contextOptions);
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
    const errors = collectPageErrors(context);
    app = { server, browser, context, errors, page: await context.newPage() };
    use(app);
  });

  afterEach(async (ctx) => {
    if (!app) return;
    // Before the context closes, so the screenshots show the pages the test failed on.
    if (ctx.task.result?.state === "fail") {
      await reportFailure(`${name}-${ctx.task.name}`, ctx.task.name, app.context.pages(), [app.errors], server);
    }
    await app.context.close();
    app = undefined;
  });
}

/** A browser of its own for one person in a test that several people act in. */
export interface E2EPerson {
  context: BrowserContext;
  page: Page;
  errors: PageErrorLog;
}

/**
 * For test files in which several people act, each in a browser of their own: `start` prepares the data
 * and starts the server once for the file; `person()` opens a fresh context (not signed in) with a page and
 * its error log. All are closed after the file; when a test fails, every person's page is shown as in
 * useE2EApp. `assertNoErrors()` checks every person's browser errors.
 */
export function useE2EPeople(
  name: string,
  start: () => Promise<ServerHandle>,
  stepTimeoutMs: number = STEP_TIMEOUT_MS,
): { server: () => ServerHandle; person: () => Promise<E2EPerson>; assertNoErrors: () => void } {
  let server: ServerHandle;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const logs: PageErrorLog[] = [];

  beforeAll(async () => {
    server = await start();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== "fail") return;
    const pages = contexts.flatMap((c) => c.pages());
    await reportFailure(`${name}-${ctx.task.name}`, ctx.task.name, pages, logs, server);
  });

  return {
    server: () => server,
    async person() {
      const context = await browser.newContext({ baseURL: server.url });
      context.setDefaultTimeout(stepTimeoutMs);
      context.setDefaultNavigationTimeout(stepTimeoutMs);
      const errors = collectPageErrors(context);
      contexts.push(context);
      logs.push(errors);
      return { context, errors, page: await context.newPage() };
    },
    assertNoErrors() {
      for (const log of logs) log.assertNone();
    },
  };
}

/** A failed test's screenshots (one per page), browser errors and the end of the server's output. */
async function reportFailure(
  shotName: string,
  testName: string,
  pages: readonly Page[],
  logs: readonly PageErrorLog[],
  server: ServerHandle,
): Promise<void> {
  const shots: string[] = [];
  for (const [i, page] of pages.entries()) {
    const shot = await saveScreenshot(page, `${shotName}-${i}`);
    if (shot) shots.push(`${page.url()}: ${shot}`);
  }
  console.error(
    `[e2e] "${testName}" failed` +
      (shots.length ? `\n[e2e] screenshots:\n${shots.join("\n")}` : "") +
      `\n[e2e] browser errors:\n${logs.map((l) => l.summary()).join("\n")}` +
      `\n[e2e] last server output:\n${server.output().split("\n").slice(-40).join("\n")}`,
  );
}

import type { IncomingMessage, ServerResponse } from "node:http";
import { createRateLimiter, type RateLimitPolicy } from "~/domain/api/rate-limit";
import { isDomainError } from "~/domain/domain-error";
import { checkApiKey, type ApiKey, type ApiScope } from "~/services/api-keys.server";
import { toHttpProblem } from "~/services/http.server";
import { API_ROUTES, type ApiRoute } from "./api-routes.server";

/**
 * The dialer REST API, served on node's own request/response objects in front of Remix: a dialer polls
 * it hard, so it skips the page framework. Every answer is JSON; every error is problem+json (RFC 9457).
 */
export interface ApiOptions {
  rateLimit?: RateLimitPolicy;
  /** Largest request body accepted, in bytes (413 above it). */
  maxBodyBytes?: number;
  now?: () => Date;
}

export interface ApiRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  key: ApiKey | undefined;
  now: Date;
  /** The body as text, refused with 413 above the size limit. */
  body(): Promise<string>;
}

export interface ApiResponse {
  status: number;
  headers?: Record<string, string>;
  /** A string or Buffer is sent as is (a cached Buffer skips encoding per request); anything else as JSON. */
  body?: unknown;
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Unauthorised",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  406: "Not acceptable",
  409: "Conflict",
  413: "Content too large",
  415: "Unsupported media type",
  422: "Unprocessable content",
  429: "Too many requests",
  500: "Internal server error",
};

export const API_PREFIX = "/api/v1";
const DEFAULT_RATE: RateLimitPolicy = { perSecond: 50, burst: 200 };
const DEFAULT_MAX_BODY = 5 * 1024 * 1024;

interface CompiledRoute {
  route: ApiRoute;
  pattern: RegExp;
  names: string[];
}

export function createApiHandler(options: ApiOptions = {}) {
  const limiter = createRateLimiter(options.rateLimit ?? DEFAULT_RATE);
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const clock = options.now ?? (() => new Date());
  const routes = API_ROUTES.map(compile);

  return async function handleApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let answer: ApiResponse;
    try {
      answer = await dispatch(req);
    } catch (error) {
      answer = problemAnswer(error);
    }
    send(res, answer);
  };

  async function dispatch(req: IncomingMessage): Promise<ApiResponse> {
    const raw = req.url ?? "/";
    const queryAt = raw.indexOf("?");
    const pathPart = queryAt < 0 ? raw : raw.slice(0, queryAt);
    const method = req.method ?? "GET";
    const path = pathPart.length > 1 ? pathPart.replace(/\/+$/, "") : pathPart;
    let hit: { r: CompiledRoute; m: RegExpExecArray } | undefined;
    const allowed: string[] = [];
    for (const r of routes) {
      const m = r.pattern.exec(path);
      if (!m) continue;
      allowed.push(r.route.method);
      if (r.route.method === method || (method === "HEAD" && r.route.method === "GET")) {
        hit = { r, m };
        break;
      }
    }
    if (!hit) {
      if (allowed.length === 0) throw new ApiProblem(404, `There is no API endpoint at ${path}. See ${API_PREFIX}/openapi.json.`);
      const allow = [...new Set(allowed)].join(", ");
      throw new ApiProblem(405, `${path} answers ${allow}, not ${method}.`, {}, { Allow: allow });
    }
    const { route } = hit.r;
    const now = clock();
    let key: ApiKey | undefined;
    if (route.scope) {
      key = await authenticate(req, route.scope, now);
      const decision = limiter.take(key.id, now.getTime());
      if (!decision.allowed) {
        throw new ApiProblem(
          429,
          `This key made too many requests; try again in ${decision.retryAfterSeconds} s.`,
          {},
          { "Retry-After": String(decision.retryAfterSeconds) },
        );
      }
    }
    const params = Object.fromEntries(hit.r.names.map((n, i) => [n, decodeURIComponent(hit.m[i + 1])]));
    let bodyRead: Promise<string> | undefined;
    return route.handle({
      method,
      path,
      params,
      query: new URLSearchParams(queryAt < 0 ? "" : raw.slice(queryAt + 1)),
      headers: req.headers,
      key,
      now,
      body: () => (bodyRead ??= readBody(req, maxBody)),
    });
  }
}

async function authenticate(req: IncomingMessage, scope: ApiScope, now: Date): Promise<ApiKey> {
  const header = req.headers.authorization;
  const token = header?.startsWith("Bearer ") ? header.slice(7).trim() : undefined;
  const check = await checkApiKey(token, now);
  const challenge = { "WWW-Authenticate": 'Bearer realm="scriptpilot"' };
  if (!check.ok) {
    const why = {
      missing: "This endpoint needs an API key: send “Authorization: Bearer <key>”.",
      malformed: "The API key is not in the form spk_<id>_<secret>.",
      unknown: "The API key is not known (it may have been mistyped).",
      revoked: "The API key was revoked; ask an admin for a new one.",
    }[check.reason];
    throw new ApiProblem(401, why, {}, challenge);
  }
  if (!check.key.scopes.includes(scope)) {
    throw new ApiProblem(403, `The key “${check.key.name}” lacks the scope ${scope} this endpoint needs.`);
  }
  return check.key;
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function tooLarge(limit: number): ApiProblem {
  return new ApiProblem(413, `The request body is larger than ${Math.round(limit / 1024 / 1024)} MB; send smaller batches.`);
}

function problemAnswer(error: unknown): ApiResponse {
  if (error instanceof ApiProblem) return problem(error.status, error.detail, error.extra, error.headers);
  try {
    const known = toHttpProblem(error);
    return problem(known.status, known.message, known.details.length ? { errors: known.details } : {});
  } catch {
    // Unknown failures are logged without request data (bodies may carry personal data) and answered plainly.
    console.error(`API error: ${isDomainError(error) ? error.code : error instanceof Error ? error.name : "unknown"}`);
    return problem(500, "Something went wrong on the server; the request changed nothing it could not finish.");
  }
}

export function problem(
  status: number,
  detail: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): ApiResponse {
  return {
    status,
    headers: { "Content-Type": "application/problem+json", ...headers },
    body: JSON.stringify({ type: "about:blank", title: TITLES[status] ?? "Error", status, detail, ...extra }),
  };
}

function send(res: ServerResponse, answer: ApiResponse): void {
  const headers: Record<string, string> = { "Cache-Control": "no-store", ...answer.headers };
  let body: string | Buffer | undefined;
  if (answer.body !== undefined) {
    body = typeof answer.body === "string" || Buffer.isBuffer(answer.body) ? answer.body : JSON.stringify(answer.body);
    headers["Content-Type"] ??= "application/json; charset=utf-8";
    headers["Content-Length"] = String(typeof body === "string" ? Buffer.byteLength(body) : body.length);
  }
  res.writeHead(answer.status, headers);
  res.end(res.req?.method === "HEAD" ? undefined : body);
}

function compile(route: ApiRoute): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { route, names, pattern: new RegExp(`^${API_PREFIX}${source}$`) };
}

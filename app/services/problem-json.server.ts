import { toHttpProblem } from "./http.server";

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Unauthorised",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  413: "Too large",
  415: "Unsupported media type",
  422: "Invalid document",
  429: "Too many requests",
};

/**
 * An RFC 9457 problem+json answer for a known failure (DomainError, NotFound, Conflict, or a bare Response
 * carrying only a status). Anything else is rethrown and becomes a 500 without details.
 */
export function problemResponse(error: unknown, detail?: string, extra: Record<string, unknown> = {}): Response {
  const problem =
    error instanceof Response
      ? { status: error.status, message: detail ?? TITLES[error.status] ?? "Error", details: [] }
      : toHttpProblem(error);
  return new Response(
    JSON.stringify({
      type: "about:blank",
      title: TITLES[problem.status] ?? "Error",
      status: problem.status,
      detail: detail ?? problem.message,
      ...(problem.details.length > 0 ? { errors: problem.details } : {}),
      ...extra,
    }),
    { status: problem.status, headers: { "Content-Type": "application/problem+json" } },
  );
}

import { useRouteLoaderData } from "@remix-run/react";

export interface RootAuthData {
  user: { id: string; username: string; displayName: string; roles: string[] } | null;
  csrfToken: string | null;
}

function isRootAuthData(value: unknown): value is RootAuthData {
  return typeof value === "object" && value !== null && "csrfToken" in value;
}

/** The page's CSRF token from the root loader (null when signed out and no sign-in form was shown). */
export function useCsrfToken(): string | null {
  const data = useRouteLoaderData("root");
  return isRootAuthData(data) ? data.csrfToken : null;
}

/** The signed-in user from the root loader, or null. */
export function useOptionalUser(): RootAuthData["user"] {
  const data = useRouteLoaderData("root");
  return isRootAuthData(data) ? data.user : null;
}

/**
 * The hidden field every state-changing form carries. The server refuses a form without it (CSRF).
 * `token` overrides the root's, for the sign-in and setup forms whose loader issues it.
 */
export function CsrfField({ token }: { token?: string | null }) {
  const rootToken = useCsrfToken();
  const value = token ?? rootToken;
  return value ? <input type="hidden" name="csrf" value={value} /> : null;
}

import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { createApiHandler } from "~/api/v1/api-handler.server";
import { closeAppContext, getAppContext } from "~/services/app-context.server";

const ABORT_DELAY = 5_000;

/** Called by server.js before it listens: opens storage, so a damaged data file stops the start. */
export async function startup(): Promise<{ dataFile: string; created: boolean }> {
  const { dataFile, created } = await getAppContext();
  return { dataFile, created };
}

/** The dialer REST API (/api/v1), which server.js serves on node's request objects ahead of Remix. */
export const handleApiRequest = createApiHandler();
export { API_PREFIX } from "~/api/v1/api-handler.server";

export async function shutdown(): Promise<void> {
  await closeAppContext();
}

/** Unexpected errors are logged on the server (without request bodies, which may hold personal data). */
export function handleError(error: unknown, { request }: { request: Request }): void {
  if (request.signal.aborted) return;
  const url = new URL(request.url);
  console.error(`Error handling ${request.method} ${url.pathname}:`, error);
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  _loadContext: AppLoadContext,
) {
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />,
      {
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          responseHeaders.set("X-Content-Type-Options", "nosniff");
          responseHeaders.set("Referrer-Policy", "same-origin");
          resolve(
            new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

// Shared setup for unit and integration tests. msw refuses any request a test did not plan for, except
// loopback: tests that start a real server on 127.0.0.1 (the dialer API) talk to it over the network.
import { afterAll, afterEach, beforeAll } from "vitest";
import { server } from "../mocks/server";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

beforeAll(() =>
  server.listen({
    onUnhandledRequest(request, print) {
      if (LOOPBACK.has(new URL(request.url).hostname)) return;
      print.error();
    },
  }),
);
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

import { describe, expect, it } from "vitest";
import { useMemoryApp } from "../support/memory-app";
import { useApiServer } from "./api-server";

useMemoryApp();
const api = useApiServer();

describe("dialer API basics", () => {
  it("serves its OpenAPI description without a key", async () => {
    const res = await fetch(api.url("/openapi.json"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/openapi.json");
  });

  it("answers an unknown endpoint with a problem that points at the description", async () => {
    const res = await fetch(api.url("/nothing-here"));
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({ status: 404, title: "Not found", detail: expect.stringMatching(/openapi\.json/) });
  });

  it("answers a wrong method with 405 and the methods it allows", async () => {
    const res = await fetch(api.url("/openapi.json"), { method: "POST" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET");
  });
});

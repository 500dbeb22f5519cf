import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { API_ROUTES } from "~/api/v1/api-routes.server";
import { openApiDocument } from "~/api/v1/openapi";

/** Every documented operation is served, and every served endpoint is documented. */
describe("the OpenAPI description", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate(structuredClone(openApiDocument) as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("documents exactly the endpoints the API serves", () => {
    const documented = Object.entries(openApiDocument.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const served = API_ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(new Set(documented)).toEqual(new Set(served));
  });

  it("names the scope each protected operation needs, as the server enforces it", () => {
    for (const route of API_ROUTES) {
      const op = (openApiDocument.paths as Record<string, Record<string, { security?: readonly unknown[]; "x-scope"?: string }>>)[
        route.path
      ][route.method.toLowerCase()];
      if (route.scope) {
        expect(op["x-scope"], `${route.method} ${route.path}`).toBe(route.scope);
      } else {
        expect(op.security, `${route.method} ${route.path} is public`).toEqual([]);
      }
    }
  });
});

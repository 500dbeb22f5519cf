import { describe, expect, it } from "vitest";
import { DomainError } from "~/domain/domain-error";
import { throwAsResponse } from "./http.server";

function thrown(error: unknown): Response {
  try {
    throwAsResponse(error);
  } catch (response) {
    if (response instanceof Response) return response;
    throw response;
  }
  throw new Error("expected a Response");
}

describe("throwAsResponse", () => {
  it("keeps the whole message, in any script, as the body and a Latin-1 status text", async () => {
    const response = thrown(new DomainError("not-found", "There is no pilot “试点 Ω” here."));
    expect(response.status).toBe(404);
    expect(await response.text()).toBe("There is no pilot “试点 Ω” here.");
    expect(response.statusText).toBe('There is no pilot "?? ?" here.');
  });

  it("rethrows what it does not know, so it becomes a 500 without details", () => {
    expect(() => throwAsResponse(new TypeError("boom"))).toThrow(TypeError);
  });
});

import { describe, expect, it } from "vitest";
import { describeNeededRoles, effectiveRoles, grantsAny } from "./roles";

describe("roles", () => {
  it("a lead can do everything a writer can", () => {
    expect(grantsAny(["lead"], ["writer"])).toBe(true);
    expect(effectiveRoles(["lead"])).toEqual(["writer", "lead"]);
  });

  it("admin grants no other role", () => {
    expect(grantsAny(["admin"], ["writer"])).toBe(false);
    expect(grantsAny(["admin"], ["approver"])).toBe(false);
  });

  it("a writer is not a lead, approver or admin", () => {
    for (const role of ["lead", "approver", "admin"] as const)
      expect(grantsAny(["writer"], [role])).toBe(false);
  });

  it("any one of several needed roles suffices; none needed means any signed-in user", () => {
    expect(grantsAny(["approver"], ["writer", "approver"])).toBe(true);
    expect(grantsAny([], [])).toBe(true);
    expect(grantsAny([], ["writer"])).toBe(false);
  });

  it("names the roles needed", () => {
    expect(describeNeededRoles(["writer"])).toBe("the writer role");
    expect(describeNeededRoles(["lead", "approver"])).toBe("the campaign lead or approver role");
  });
});

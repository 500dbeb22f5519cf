import { describe, expect, it } from "vitest";
import scriptSchema from "../../schemas/script.v1.schema.json";
import { AAPOR_DISPOSITIONS, dispositionGroup, dispositionName } from "./aapor-dispositions";

describe("AAPOR dispositions", () => {
  it("lists exactly the codes the script schema accepts, in its order", () => {
    expect(AAPOR_DISPOSITIONS.map((d) => d.code)).toEqual(scriptSchema.definitions.AaporDisposition.enum);
  });

  it("names codes with the Standard Definitions' names", () => {
    expect(dispositionName("1.1")).toBe("Complete");
    expect(dispositionName("2.11")).toBe("Refusal");
    expect(dispositionName("2.22")).toBe("Answering machine (message left)");
    expect(dispositionName("3.13")).toBe("No answer");
    expect(dispositionName("4.32")).toBe("Disconnected number");
    expect(dispositionName("9.9")).toBe("9.9");
  });

  it("groups codes by eligibility", () => {
    expect(dispositionGroup("1.2")).toBe("Interview");
    expect(dispositionGroup("2.112")).toBe("Eligible, non-interview");
    expect(dispositionGroup("3.90")).toBe("Unknown eligibility, non-interview");
    expect(dispositionGroup("4.80")).toBe("Not eligible");
  });
});

// The canonical bundle goes out through the plugin and comes back in through the ordinary import.
import { describe, expect, it } from "vitest";
import { isDomainError } from "~/domain/domain-error";
import { isValidBundle } from "~/services/export-bundle.server";
import { importScript } from "~/services/scripts.server";
import { createMemoryAdapter } from "~/storage/memory-adapter";
import { TEMPLATES } from "~/templates";
import { approvedVersion } from "../../plugins/sdk/contract";
import scriptpilotJson from "../../plugins/scriptpilot-json";

const NOW = "2026-03-01T12:00:00.000Z";
const ctx = { config: {}, now: NOW, logger: { info() {}, warn() {} } };

describe("ScriptPilot JSON bundle", () => {
  it.each(TEMPLATES)("the $name template round-trips through import unchanged", async (t) => {
    const script = t.build({ now: "2026-01-01T00:00:00.000Z" });
    const result = await scriptpilotJson.export(approvedVersion(script, 4), ctx);
    const bundle: unknown = JSON.parse(String(result.body));
    expect(isValidBundle(bundle)).toBe(true);
    expect(bundle).toMatchObject({
      format: "scriptpilot-bundle",
      exportedAt: NOW,
      source: { scriptId: script.id, number: 4, status: "approved", approvedBy: "approver-1" },
    });

    const storage = createMemoryAdapter();
    const imported = await importScript(storage, String(result.body), NOW);
    const { revision: _r, updatedAt: _u, ...rest } = imported;
    const { revision: _r0, updatedAt: _u0, ...original } = script;
    expect(rest).toEqual(original);
  });

  it("refuses a bundle whose script is broken, naming the node, and stores nothing", async () => {
    const script = TEMPLATES[0].build({ now: "2026-01-01T00:00:00.000Z" });
    const body = JSON.parse(String((await scriptpilotJson.export(approvedVersion(script), ctx)).body)) as {
      script: { nodes: { id: string; kind: string }[] };
    };
    const say = body.script.nodes.find((n) => n.kind === "question");
    if (!say) throw new Error("the template has no question");
    say.kind = "shout";
    const storage = createMemoryAdapter();
    const error = await importScript(storage, JSON.stringify(body), NOW).catch((e: unknown) => e);
    expect(isDomainError(error)).toBe(true);
    expect(JSON.stringify((error as { details: unknown }).details)).toContain(say.id);
    expect(await storage.list("scripts")).toEqual([]);
  });
});

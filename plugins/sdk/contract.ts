// The contract every export plugin passes, built-in or third party, run from the plugin's own vitest file:
//
//   import { runPluginContract } from "<scriptpilot>/plugins/sdk/contract";
//   runPluginContract(plugin, { fixtures: [{ name: "my survey", version }] });
//
// Like ESLint's RuleTester it declares its own describe/it blocks.
import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { isPluginError } from "./errors";
import { approvedVersion, kitScript, KIT_TEXTS, type ContractFixture } from "./fixtures";
import { manifestProblems } from "./manifest";
import { NODE_KINDS, type Script } from "./script";
import type { ExportContext, ExportResult, ExportableStatus, ExportableVersion, Plugin } from "./types";
import { deepFreeze } from "./util";

export type { ContractFixture } from "./fixtures";
export { approvedVersion, kitScript } from "./fixtures";

export interface ContractOptions {
  /** Versions the plugin must export; the kit adds its own script built from the declared node kinds. */
  fixtures?: ContractFixture[];
  /** Settings for the kit's own fixtures (default {}). */
  config?: Record<string, unknown>;
}

const NOW = "2026-03-01T12:00:00.000Z";
const REFUSED: ExportableStatus[] = ["published", "in-review", "rejected", "withdrawn", "superseded"];

export function runPluginContract<C>(plugin: Plugin<C>, options: ContractOptions = {}): void {
  const manifest = plugin.manifest;
  const name = manifest?.id ?? "(plugin without a manifest)";
  const declared = manifest?.capabilities?.nodeKinds ?? [];
  const scriptKind: Script["kind"] = manifest?.capabilities?.scriptKinds?.[0] ?? "call-script";
  const kitConfig = options.config ?? {};
  const fixtures: ContractFixture[] = [
    {
      name: "the kit's script of its declared node kinds",
      version: approvedVersion(kitScript(declared, scriptKind)),
      config: kitConfig,
    },
    ...(options.fixtures ?? []),
  ];

  // async so that a synchronous throw becomes a rejection like an asynchronous one.
  const run = async (version: ExportableVersion, config: Record<string, unknown> | undefined, now = NOW) =>
    plugin.export(deepFreeze(structuredClone(version)), context<C>(config ?? kitConfig, now));

  describe(`plugin contract: ${name}`, () => {
    it("has a valid manifest for a supported plugin API version", () => {
      expect(manifestProblems(manifest)).toEqual([]);
      expect(typeof plugin.export).toBe("function");
    });

    describe.each(fixtures)("$name", ({ version, config }) => {
      it("exports the approved version in the declared media type", async () => {
        const result = await run(version, config);
        expect(result.mediaType).toBe(manifest.mediaType);
        expect(result.filename).toMatch(/^[^/\\]+\.[A-Za-z0-9]+$/);
        expect(mediaTypeProblem(result)).toBeUndefined();
      });

      it("is deterministic for a fixed ctx.now (two runs are byte-identical)", async () => {
        const [a, b] = [await run(version, config), await run(version, config)];
        expect(a.filename).toBe(b.filename);
        expect(bytes(a.body)).toEqual(bytes(b.body));
      });

      it("does not change its input", async () => {
        const input = structuredClone(version);
        const before = structuredClone(input);
        // Deep-frozen, a write throws; unfrozen, a write would show in the structural compare.
        await plugin.export(deepFreeze(structuredClone(version)), context<C>(config ?? kitConfig, NOW));
        await plugin.export(input, context<C>(config ?? kitConfig, NOW));
        expect(input).toEqual(before);
      });

      it.each(REFUSED)("refuses a %s version", async (status) => {
        const error = await run(
          { ...version, status, approvedBy: undefined, approvedAt: undefined },
          config,
        ).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isPluginError(error), `a ${status} version was exported`).toBe(true);
        expect(error).toMatchObject({ code: "not-approved" });
        expect(String((error as Error).message)).toContain(status);
      });

      it("exports an explicit draft and marks it as one", async () => {
        const draft: ExportableVersion = {
          ...version,
          status: "draft",
          draft: true,
          approvedBy: undefined,
          approvedAt: undefined,
        };
        const [approved, marked] = [await run(version, config), await run(draft, config)];
        expect(mediaTypeProblem(marked)).toBeUndefined();
        expect(bytes(marked.body), "the draft export looks exactly like an approved one").not.toEqual(
          bytes(approved.body),
        );
      });
    });

    it("keeps the text of every node kind it declares", async () => {
      const result = await run(fixtures[0].version, kitConfig);
      const body = typeof result.body === "string" ? result.body : new TextDecoder().decode(result.body);
      for (const kind of declared) {
        for (const words of KIT_TEXTS[kind] ?? [])
          expect(body, `the ${kind} text “${words}” is missing`).toContain(words);
      }
    });

    const undeclared = NODE_KINDS.filter((k) => !declared.includes(k));
    // Only declared when there is something to refuse: a plugin that exports every kind has nothing to name.
    if (undeclared.length > 0)
      it(`names the steps it cannot export (${undeclared.join(", ")})`, async () => {
        const script = kitScript(NODE_KINDS, scriptKind);
        const error = await run(approvedVersion(script), kitConfig).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isPluginError(error), "a script with undeclared node kinds was exported").toBe(true);
        expect(error).toMatchObject({ code: "unsupported-node" });
        const expected = script.nodes.filter((n) => undeclared.includes(n.kind)).map((n) => n.id);
        expect([...(error as { nodeIds: string[] }).nodeIds].sort()).toEqual(expected.sort());
        for (const id of expected) expect((error as Error).message).toContain(id);
      });
  });
}

function context<C>(config: Record<string, unknown>, now: string): ExportContext<C> {
  return { config: deepFreeze(structuredClone(config)) as C, now, logger: { info() {}, warn() {} } };
}

function bytes(body: string | Uint8Array): Uint8Array {
  return typeof body === "string" ? new TextEncoder().encode(body) : body;
}

/** Why the body is not what its media type says, or undefined when it is. */
export function mediaTypeProblem(result: ExportResult): string | undefined {
  const type = result.mediaType.split(";")[0].trim();
  const text =
    typeof result.body === "string"
      ? result.body
      : new TextDecoder("utf-8", { fatal: true }).decode(result.body);
  if (type === "application/json" || type.endsWith("+json")) {
    try {
      JSON.parse(text);
    } catch (error) {
      return `the body is not JSON: ${(error as Error).message}`;
    }
  } else if (type === "text/html") {
    if (!/^\s*<!doctype html>/i.test(text)) return "the HTML body does not start with <!doctype html>";
  } else if (type.endsWith("/xml") || type.endsWith("+xml")) {
    try {
      new JSDOM(text, { contentType: "application/xml" });
    } catch (error) {
      return `the body is not well-formed XML: ${(error as Error).message}`;
    }
  }
  return undefined;
}

import { encode } from "turbo-stream";
import { beforeEach, describe, expect, it } from "vitest";
import { generateScript } from "~/domain/generate-script";
import { loader, scriptOf } from "~/routes/scripts.$id._index";
import { asUser, get, useMemoryApp, type TestSession } from "../support/memory-app";

const app = useMemoryApp();
let writer: TestSession;
beforeEach(async () => {
  writer = await app.signIn(["writer"]);
});

describe("script page loader at 1,000 steps", () => {
  it("sends the script once, as JSON text, so the page does not pay turbo-stream's cost per value", async () => {
    const generated = generateScript({ nodes: 1_000, seed: 20_250_301, now: "2025-03-01T08:00:00.000Z" });
    const stored = await app.storage().save("scripts", generated, 0);
    const data = await loader({
      request: asUser(get(`/scripts/${stored.id}`), writer),
      params: { id: stored.id },
      context: {},
    });
    expect(scriptOf(data)).toEqual(stored);
    expect(data.title).toBe(stored.title);
    // Nothing but the JSON text may carry the steps again: no script object, no outline, no copy of nodes.
    const { scriptJson, ...rest } = data;
    expect(JSON.stringify(rest).length).toBeLessThan(5_000);
    // What Remix streams into the page stays within a small margin of the script's own JSON.
    const wire = await new Response(encode({ data })).text();
    expect(wire.length).toBeLessThan(scriptJson.length * 1.4);
  });
});

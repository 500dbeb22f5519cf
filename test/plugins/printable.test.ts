// The printable script read as a person would: numbered steps in reading order, every "go to step N" leading
// to a step that exists, answers of every question listed, objections in an appendix, print styles present.
import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { TEMPLATES } from "~/templates";
import printable from "../../plugins/printable";
import { approvedVersion } from "../../plugins/sdk/contract";

const NOW = "2026-03-01T12:00:00.000Z";

async function render(templateIndex: number) {
  const script = TEMPLATES[templateIndex].build({ now: "2026-01-01T00:00:00.000Z" });
  const result = await printable.export(approvedVersion(script), {
    config: {},
    now: NOW,
    logger: { info() {}, warn() {} },
  });
  return { script, html: String(result.body), doc: new JSDOM(String(result.body)).window.document };
}

describe("printable agent script", () => {
  it.each(TEMPLATES.map((t, i) => [t.name, i] as const))(
    "%s: every step is numbered and every reference resolves",
    async (_name, i) => {
      const { script, doc } = await render(i);
      const steps = [...doc.querySelectorAll("li.step")];
      expect(steps.map((s) => s.id)).toEqual(script.nodes.map((_, k) => `step-${k + 1}`));
      const links = [...doc.querySelectorAll('a[href^="#step-"]')];
      expect(links.length).toBeGreaterThan(0);
      for (const a of links) {
        const target = a.getAttribute("href")?.slice(1) ?? "";
        expect(doc.getElementById(target), `${a.textContent} → ${target}`).not.toBeNull();
        expect(a.textContent).toBe(`go to step ${target.slice("step-".length)}`);
      }
      expect(doc.body.textContent).not.toContain("not connected");
    },
  );

  it("starts with the start step and lists each answer of a question with where it goes", async () => {
    const { script, doc } = await render(0);
    expect(doc.querySelector("li.step h2")?.textContent).toContain("Start");
    const question = script.nodes.find((n) => n.kind === "question" && n.questionType === "single");
    if (question?.kind !== "question") throw new Error("the template has no single-choice question");
    const text = doc.body.textContent ?? "";
    for (const option of question.options)
      expect(text).toMatch(
        new RegExp(`${option.label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: go to step \\d+`),
      );
  });

  it("puts the objections in an appendix that starts on a new printed page", async () => {
    const { script, html, doc } = await render(1);
    const appendix = doc.querySelector("section.appendix");
    expect(appendix?.querySelector("h2")?.textContent).toBe("Appendix: objections");
    for (const o of script.objections) expect(appendix?.textContent).toContain(o.label);
    expect(html).toMatch(/@media print \{[^}]*\{[^}]*\}[^@]*section\.appendix \{ break-before: page/);
  });
});

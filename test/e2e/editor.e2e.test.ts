// The visual script editor, driven in Chromium the way a writer uses it: by roles, labels, the mouse and
// the keyboard. Nothing here reaches into the editor's state; what is checked is what a person sees.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect, it } from "vitest";
import {
  canvas,
  canvasEdges,
  canvasNode,
  createFromTemplate,
  dragMouse,
  editorToolbar,
  eventually,
  failedLoad,
  gone,
  inspector,
  inspectorHeading,
  openEditor,
  openTab,
  palette,
  problemTexts,
  saveStatus,
  scriptIdFrom,
  selectNode,
  shownOption,
  visible,
  waitForEditor,
  waitUntilSaved,
} from "./editor-helpers";
import { CARD, CARD_TEXT_LINES, cardHandles, cardSize } from "~/domain/node-card";
import { nodeOutputs } from "~/domain/node-outputs";
import {
  callbackNode,
  checkpointNode,
  conditionNode,
  edge,
  endNode,
  makeScript,
  questionNode,
  referralNode,
  rule,
  sayNode,
  startNode,
  variable,
} from "../factories/script-factory";
import {
  collectPageErrors,
  csrfTokenOf,
  describeE2E,
  newSignedInContext,
  type PageErrorLog,
  type ServerHandle,
  STEP_TIMEOUT_MS,
  useE2EApp,
} from "./harness";

/** Longer than the autosave's wait after an edit (800 ms). */
const AUTOSAVE_PAUSE_MS = 1_000;

/** Where to click a step so that the click lands on its header, clear of its handles. */
const NODE_HEADER = { x: 16, y: 12 };

describeE2E("script editor", () => {
  let server: ServerHandle;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: PageErrorLog;

  useE2EApp("editor", { viewport: { width: 1400, height: 900 } }, (app) => ({ server, browser, context, page, errors } = app));

  it("builds a small survey from scratch by mouse and keyboard", async () => {
    const survey = await buildSurvey(page);

    // The canvas shows the question with its three answers, each connected, and the start leading to it.
    const question = canvasNode(page, survey.questionName);
    for (const label of ["Yes", "Maybe", "No"]) {
      await visible(question.getByLabel(`Output ${label}`, { exact: true }));
    }
    await eventually(() => canvasEdges(page).count(), "every connection is drawn on the canvas").toBe(4);
    await visible(canvasNode(page, "End: Completed"));
    await visible(canvasNode(page, "End: Not interested"));

    // Each answer leads where it was connected: two by the lists, one by dragging.
    await selectNode(page, survey.questionName);
    await expectAnswerTargets(page, {
      Yes: "Completed (End)",
      Maybe: "Not interested (End)",
      No: "Not interested (End)",
    });

    // No errors are left (survey opener advice may remain as warnings).
    const problems = await problemTexts(page);
    expect(
      problems.filter((p) => p.startsWith("Error")),
      problems.join("\n"),
    ).toEqual([]);

    errors.assertNone();
  });

  it("shows a dead end while an answer is not connected, and drops it once it is", async () => {
    const id = await createFromTemplate(page.request);
    await openEditor(page, id);
    expect(await problemTexts(page)).toEqual([]);

    const questionName = "Question: Will you attend?";
    await selectNode(page, questionName);
    const goesTo = inspector(page).getByLabel("No, thank you goes to", { exact: true });
    expect(await shownOption(goesTo)).toBe("Declined (End)");

    await goesTo.selectOption({ label: "(not connected)" });
    await eventually(() => canvasNode(page, questionName).getAttribute("aria-label")).toBe(
      `${questionName} (has problems)`,
    );
    await eventually(() => page.locator('.sp-node[data-problem="error"]').count()).toBe(1);
    expect(
      await canvasNode(page, questionName).locator('[data-problem="error"]').count(),
      "the question is the step marked with an error",
    ).toBe(1);

    const broken = await problemTexts(page);
    const deadEnd = broken.find((p) => p.includes("“No, thank you”"));
    expect(deadEnd, broken.join("\n")).toMatch(/^Error/);
    expect(deadEnd).toContain("Will you attend?");

    // Choosing the finding selects its step, so the writer can fix it right there.
    await page.getByRole("button", { name: deadEnd!.replace(/^Error\s*/, ""), exact: true }).click();
    await openTab(page, "Step");
    await visible(inspectorHeading(page, "Question Will you attend?"));
    await inspector(page)
      .getByLabel("No, thank you goes to", { exact: true })
      .selectOption({ label: "Declined (End)" });

    await eventually(() => canvasNode(page, questionName).getAttribute("aria-label")).toBe(questionName);
    await eventually(() => page.locator('.sp-node[data-problem="error"]').count()).toBe(0);
    expect(await problemTexts(page)).toEqual([]);

    errors.assertNone();
  });

  it("undoes and redoes from the keyboard and the toolbar; text fields keep their own keys", async () => {
    const id = await createFromTemplate(page.request);
    await openEditor(page, id);
    const oldName = "Say: Invitation pitch";
    const newName = "Say: Gala pitch";
    await selectNode(page, oldName);
    const title = inspector(page).getByLabel("Title", { exact: true });
    await title.fill("Gala pitch");
    await visible(canvasNode(page, newName));

    // Back on the canvas, Ctrl+Z and Ctrl+Shift+Z.
    await canvasNode(page, newName).click({ position: NODE_HEADER });
    await page.keyboard.press("Control+z");
    await visible(canvasNode(page, oldName));
    await eventually(() => title.inputValue()).toBe("Invitation pitch");
    expect(await canvasNode(page, newName).count()).toBe(0);
    await page.keyboard.press("Control+Shift+z");
    await visible(canvasNode(page, newName));
    await eventually(() => title.inputValue()).toBe("Gala pitch");

    // The toolbar's buttons do the same.
    const undo = editorToolbar(page).getByRole("button", { name: "Undo", exact: true });
    const redo = editorToolbar(page).getByRole("button", { name: "Redo", exact: true });
    await undo.click();
    await visible(canvasNode(page, oldName));
    await eventually(() => title.inputValue()).toBe("Invitation pitch");
    await redo.click();
    await visible(canvasNode(page, newName));
    await eventually(() => title.inputValue()).toBe("Gala pitch");
    expect(await redo.isDisabled(), "nothing left to redo").toBe(true);

    // A canvas edit: a new step from the palette (the pitch's only output is taken, so it stands alone).
    const says = canvas(page).getByRole("group", { name: /^Say: / });
    expect(await says.count()).toBe(3);
    await palette(page).getByRole("button", { name: "Add Say", exact: true }).click();
    await eventually(() => says.count()).toBe(4);
    const heading = inspector(page).getByRole("heading", { level: 2, name: /^Say Say / });
    await visible(heading);
    const newSay = canvasNode(page, (await heading.textContent())!.replace(/^\s*Say\s+/, "Say: ").trim());
    await visible(newSay);

    // Ctrl+Z in the rich text undoes the typing, not the new step.
    const text = inspector(page).getByRole("textbox", { name: "Text", exact: true });
    await text.click();
    await page.keyboard.type("Welcome to the gala");
    await visible(canvasNode(page, "Say: Welcome to the gala"));
    await page.keyboard.press("Control+z");
    await eventually(() => text.innerText().then((t) => t.trim())).toBe("");
    await visible(newSay);
    expect(await says.count()).toBe(4);
    expect(await canvasNode(page, newName).count(), "the rename is not undone either").toBe(1);

    // The same in a plain text field: the title. Once its own typing is undone, Ctrl+Z there still
    // leaves the canvas alone.
    await title.click();
    await page.keyboard.type("Toast");
    await visible(canvasNode(page, "Say: Toast"));
    await page.keyboard.press("Control+z");
    await eventually(() => title.inputValue()).toBe("");
    await visible(newSay);
    await page.keyboard.press("Control+z");
    expect(await title.inputValue()).toBe("");
    expect(await says.count()).toBe(4);
    await visible(heading);

    // And in a multi-line one. (Chromium undoes a React-controlled textarea one character at a time,
    // because React rewrites its defaultValue on every change; what matters here is where the key goes.)
    const note = inspector(page).getByLabel("Note for writers", { exact: true });
    await note.click();
    await page.keyboard.type("Check the date");
    await eventually(() => note.inputValue()).toBe("Check the date");
    await page.keyboard.press("Control+z");
    await eventually(() => note.inputValue()).not.toBe("Check the date");
    expect("Check the date".startsWith(await note.inputValue())).toBe(true);
    expect(await says.count()).toBe(4);
    await visible(heading);

    // Delete and Backspace in a text field edit the text; the selected step stays.
    await title.click();
    await page.keyboard.type("Toast");
    await visible(canvasNode(page, "Say: Toast"));
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Home");
    await page.keyboard.press("Delete");
    await eventually(() => title.inputValue()).toBe("oas");
    await text.click();
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Delete");
    await visible(canvasNode(page, "Say: oas"));
    await visible(inspectorHeading(page, "Say oas"));
    expect(await says.count()).toBe(4);

    errors.assertNone();
  });

  it("keeps every step, text, answer, merge field and connection after a reload", async () => {
    // Drawing while building is the first flow's business; here what counts is what comes back.
    const survey = await buildSurvey(page, { checkDrawing: false });
    await waitUntilSaved(page);

    await page.reload();
    await waitForEditor(page);
    await visible(editorToolbar(page).getByRole("heading", { level: 1, name: survey.title }));
    await visible(saveStatus(page).filter({ hasText: /^All changes saved$/ }));
    await visible(canvasNode(page, survey.questionName));
    await visible(canvasNode(page, "End: Completed"));
    await visible(canvasNode(page, "End: Not interested"));
    await eventually(() => canvasEdges(page).count(), "every connection is drawn after the reload").toBe(4);
    expect(
      await canvas(page)
        .getByRole("group", { name: /^(?!Edge from )/ })
        .count(),
      "four steps",
    ).toBe(4);

    await selectNode(page, "Start: Start");
    expect(await shownOption(inspector(page).getByLabel("Next goes to", { exact: true }))).toMatch(
      /^Hello \{\{firstName\}\}, did you enjoy.*\(Question\)$/,
    );

    await selectNode(page, survey.questionName);
    const text = inspector(page).getByRole("textbox", { name: "Text", exact: true });
    await eventually(() => text.innerText()).toBe(`${QUESTION_TEXT_BEFORE}First name${QUESTION_TEXT_AFTER}`);
    const chip = text.getByText("First name", { exact: true });
    await visible(chip);
    expect(await chip.getAttribute("data-merge-field")).toBe("firstName");
    expect(await shownOption(inspector(page).getByLabel("Question type", { exact: true }))).toBe(
      "Single choice",
    );
    const answers = inspector(page).getByRole("group", { name: "Answers" });
    expect(await answers.getByLabel("Option 1 label", { exact: true }).inputValue()).toBe("Yes");
    expect(await answers.getByLabel("Option 2 label", { exact: true }).inputValue()).toBe("Maybe");
    expect(await answers.getByLabel("Option 3 label", { exact: true }).inputValue()).toBe("No");
    await expectAnswerTargets(page, {
      Yes: "Completed (End)",
      Maybe: "Not interested (End)",
      No: "Not interested (End)",
    });

    const fields = await openTab(page, "Merge fields");
    expect(await fields.getByLabel("Merge field 1 key", { exact: true }).inputValue()).toBe("firstName");
    expect(await fields.getByLabel("Merge field 1 label", { exact: true }).inputValue()).toBe("First name");

    const problems = await problemTexts(page);
    expect(
      problems.filter((p) => p.startsWith("Error")),
      problems.join("\n"),
    ).toEqual([]);
    expect(problems.join("\n"), "the merge field counts as used").not.toMatch(/declared but no step/);

    errors.assertNone();
  });

  it("offers to keep a copy when another tab saved first", async () => {
    const id = await createFromTemplate(page.request);
    const tabA = page;
    const tabB = await context.newPage();
    await openEditor(tabA, id);
    await openEditor(tabB, id);

    // A person switches between the tabs; a background tab is throttled (and saves when hidden).
    await tabA.bringToFront();
    await renameStep(tabA, "Say: Invitation pitch", "Pitch from A");
    await waitUntilSaved(tabA);
    await tabB.bringToFront();
    await renameStep(tabB, "Say: Register", "Register from B");

    const dialog = tabB.getByRole("dialog", { name: "Someone else saved this script" });
    await visible(dialog);
    await visible(saveStatus(tabB).filter({ hasText: /^Changed elsewhere$/ }));
    await dialog.getByRole("button", { name: "Keep mine as a copy", exact: true }).click();
    await tabB.waitForURL(
      (url) => /^\/scripts\/[^/]+$/.test(url.pathname) && url.pathname !== `/scripts/${id}`,
    );
    const copyId = scriptIdFrom(tabB.url());
    await waitForEditor(tabB);
    await gone(dialog);
    await visible(editorToolbar(tabB).getByRole("heading", { level: 1, name: "Event invitation (my copy)" }));
    await visible(canvasNode(tabB, "Say: Register from B"));
    await visible(canvasNode(tabB, "Say: Invitation pitch"));
    await waitUntilSaved(tabB);

    // The copy was stored, and the original kept A's change and not B's.
    await tabB.reload();
    await waitForEditor(tabB);
    expect(scriptIdFrom(tabB.url())).toBe(copyId);
    await visible(canvasNode(tabB, "Say: Register from B"));
    await tabA.bringToFront();
    await tabA.reload();
    await waitForEditor(tabA);
    await visible(canvasNode(tabA, "Say: Pitch from A"));
    await visible(canvasNode(tabA, "Say: Register"));
    expect(await canvasNode(tabA, "Say: Register from B").count()).toBe(0);

    errors.assertNone({ allowConsole: [refusedSave(id)] });
  });

  it("loads the other tab's version when asked", async () => {
    const id = await createFromTemplate(page.request);
    const tabA = page;
    const tabB = await context.newPage();
    await openEditor(tabA, id);
    await openEditor(tabB, id);

    // A person switches between the tabs; a background tab is throttled (and saves when hidden).
    await tabA.bringToFront();
    await renameStep(tabA, "Say: Invitation pitch", "Pitch from A");
    await waitUntilSaved(tabA);
    await tabB.bringToFront();
    await renameStep(tabB, "Say: Register", "Register from B");

    const dialog = tabB.getByRole("dialog", { name: "Someone else saved this script" });
    await visible(dialog);
    await dialog.getByRole("button", { name: "Load their version", exact: true }).click();
    await gone(dialog);
    await visible(canvasNode(tabB, "Say: Pitch from A"));
    await visible(canvasNode(tabB, "Say: Register"));
    expect(await canvasNode(tabB, "Say: Register from B").count()).toBe(0);
    expect(scriptIdFrom(tabB.url())).toBe(id);
    await visible(saveStatus(tabB).filter({ hasText: /^All changes saved$/ }));

    // B goes on from their version, and saves without a conflict.
    await renameStep(tabB, "Say: Confirm email", "Confirm from B");
    await waitUntilSaved(tabB);
    await tabA.bringToFront();
    await tabA.reload();
    await waitForEditor(tabA);
    await visible(canvasNode(tabA, "Say: Pitch from A"));
    await visible(canvasNode(tabA, "Say: Confirm from B"));

    errors.assertNone({ allowConsole: [refusedSave(id)] });
  });

  it("saves edits made during a slow save without mistaking it for someone else's", async () => {
    const id = await createFromTemplate(page.request);
    // The page's timers run on a clock the test moves, so the autosave's short wait passes on cue.
    await page.clock.install();
    await openEditor(page, id);

    // The network holds the first save until the writer has made two more edits, each followed by a
    // pause long enough for the autosave to want to save again.
    const baseRevisions: number[] = [];
    let releaseFirst!: () => void;
    const firstReleased = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstArrived!: () => void;
    const firstHeld = new Promise<void>((resolve) => (firstArrived = resolve));
    await page.route(`**/scripts/${id}/document`, async (route) => {
      const body = route.request().postData();
      if (route.request().method() === "PUT" && body) {
        baseRevisions.push((JSON.parse(body) as { baseRevision: number }).baseRevision);
        if (baseRevisions.length === 1) {
          firstArrived();
          await firstReleased;
        }
      }
      await route.continue();
    });
    await page.clock.pauseAt(Date.now() + 5_000);

    await selectNode(page, "Say: Invitation pitch");
    const note = inspector(page).getByLabel("Note for writers", { exact: true });
    await note.click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type(" Mention the lunch.");
    await page.clock.runFor(AUTOSAVE_PAUSE_MS);
    await firstHeld;
    await visible(saveStatus(page).filter({ hasText: /^Saving…$/ }));
    await page.keyboard.type(" And the parking.");
    await page.clock.runFor(AUTOSAVE_PAUSE_MS);
    await page.keyboard.type(" And the agenda.");
    await page.clock.runFor(AUTOSAVE_PAUSE_MS);
    releaseFirst();

    await visible(saveStatus(page).filter({ hasText: /^(All changes saved|Changed elsewhere)$/ }));
    expect(await saveStatus(page).innerText(), "nobody else saved: no conflict").toBe("All changes saved");
    expect(await page.getByRole("dialog", { name: "Someone else saved this script" }).isVisible()).toBe(
      false,
    );
    expect(baseRevisions, "each save builds on the one before").toEqual([1, 2]);
    await page.reload();
    await waitForEditor(page);
    await selectNode(page, "Say: Invitation pitch");
    expect(await note.inputValue()).toMatch(/ Mention the lunch\. And the parking\. And the agenda\.$/);

    errors.assertNone();
  });

  it("works from the keyboard: focus, select, clear, delete, undo and find", async () => {
    const id = await createFromTemplate(page.request);
    await openEditor(page, id);

    // Tab from the palette into the canvas reaches the steps.
    await palette(page).getByRole("button", { name: "Add Start", exact: true }).focus();
    const focusedStep = page.locator(".react-flow__node:focus");
    for (let i = 0; i < 40 && (await focusedStep.count()) === 0; i++) await page.keyboard.press("Tab");
    expect(await focusedStep.getAttribute("aria-label")).toBe("Start: Start");
    await page.keyboard.press("Enter");
    await visible(inspectorHeading(page, "Start Start"));

    await page.keyboard.press("Tab");
    expect(await focusedStep.getAttribute("aria-label")).toBe("Question: Opening");
    await page.keyboard.press("Enter");
    await visible(inspectorHeading(page, "Question Opening"));

    // Escape clears the selection.
    await page.keyboard.press("Escape");
    await visible(inspectorHeading(page, "No step selected"));

    // Delete removes the selected step with its connections; Ctrl+Z brings both back.
    await page.keyboard.press("Tab");
    expect(await focusedStep.getAttribute("aria-label")).toBe("Say: Invitation pitch");
    await page.keyboard.press("Enter");
    await visible(inspectorHeading(page, "Say Invitation pitch"));
    const edges = await canvasEdges(page).count();
    await page.keyboard.press("Delete");
    await eventually(() => canvasNode(page, "Say: Invitation pitch").count()).toBe(0);
    await eventually(() => canvasEdges(page).count()).toBe(edges - 2);
    await visible(inspectorHeading(page, "No step selected"));
    await page.keyboard.press("Control+z");
    await visible(canvasNode(page, "Say: Invitation pitch"));
    await eventually(() => canvasEdges(page).count(), "the step's connections are drawn again").toBe(edges);

    // Ctrl+F finds text; Enter jumps from match to match and selects the step.
    await page.keyboard.press("Control+f");
    const find = page.getByRole("searchbox", { name: "Find in script" });
    await visible(find);
    await eventually(() => find.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type("address");
    const findBar = page.getByRole("search", { name: "Find in script" });
    await visible(findBar.getByText("0 of 2", { exact: true }));
    await page.keyboard.press("Enter");
    await visible(findBar.getByText("1 of 2", { exact: true }));
    await visible(inspectorHeading(page, "Say Register"));
    await page.keyboard.press("Enter");
    await visible(findBar.getByText("2 of 2", { exact: true }));
    await visible(inspectorHeading(page, "Say Confirm email"));
    await page.keyboard.press("Escape");
    await gone(findBar);

    errors.assertNone();
  });

  it("draws every kind of card at the size and handle positions React Flow was given up front", async () => {
    // The canvas tells React Flow each card's size and handles before drawing it (domain/node-card.ts);
    // if editor.css drew a card any other size, edges would meet cards beside their handles.
    const long = "A long line of script text that wraps over more lines than the card has room for. ".repeat(4);
    const kinds = [
      startNode(),
      sayNode("say", long),
      sayNode("empty-say", ""),
      questionNode("single", "Which suits you?", "single", ["Morning", "Afternoon", "Evening"], {
        allowDontKnow: true,
      }),
      questionNode("scale", "How likely?", "scale"),
      conditionNode("condition", [rule("r1", "variable", "owner"), rule("r2", "variable", "tenant")]),
      checkpointNode("checkpoint"),
      callbackNode("callback", "When suits you better?"),
      referralNode("referral", "Who should we speak to?"),
      endNode("end", "Completed with a long outcome label that needs two lines on its card"),
    ];
    const script = makeScript({
      id: "card-sizes",
      title: "Card sizes",
      nodes: kinds.map((n, i) => ({ ...n, position: { x: (i % 4) * 700, y: Math.floor(i / 4) * 320 } })),
      variables: [variable("owner"), variable("tenant")],
      // A chain through every output, so the script passes the import's checks.
      edges: kinds.flatMap((n, i) => nodeOutputs(n).map((h) => edge(n.id, h, kinds[i + 1]?.id ?? "end", `${n.id}-${h.replace(":", "-")}`))),
    });
    const csrf = await csrfTokenOf(page.request);
    const imported = await page.request.post("/scripts/import", {
      multipart: {
        csrf,
        file: { name: "cards.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(script)) },
      },
      maxRedirects: 0,
    });
    expect(imported.status(), await imported.text()).toBe(302);
    await page.goto(new URL(imported.headers()["location"], server.url).pathname);
    await waitForEditor(page);
    await eventually(() => canvas(page).locator(".react-flow__node").count()).toBe(kinds.length);

    const drawn = await page.evaluate(() => {
      const viewport = document.querySelector<HTMLElement>(".react-flow__viewport");
      const zoom = Number(/scale\(([^)]+)\)/.exec(viewport?.style.transform ?? "")?.[1]);
      return [...document.querySelectorAll<HTMLElement>(".react-flow__node")].map((el) => {
        const box = el.getBoundingClientRect();
        // Everything on the card fits inside it (text is clamped, not spilled); handles stick out by design.
        const card = el.querySelector<HTMLElement>(".sp-node");
        const innerBottom = box.bottom - zoom; // the 1 px bottom border
        const parts = card ? [...card.children].filter((c) => !c.classList.contains("react-flow__handle")) : [];
        const spill = Math.max(0, ...parts.map((c) => (c.getBoundingClientRect().bottom - innerBottom) / zoom));
        return {
          id: el.dataset["id"] ?? "",
          width: el.offsetWidth,
          height: el.offsetHeight,
          overflow: card ? Math.round(spill) : NaN,
          textHeight: el.querySelector<HTMLElement>(".sp-text")?.offsetHeight ?? 0,
          handles: [...el.querySelectorAll<HTMLElement>(".react-flow__handle")].map((h) => {
            const r = h.getBoundingClientRect();
            return { id: h.dataset["handleid"] ?? "", x: (r.left - box.left) / zoom, y: (r.top - box.top) / zoom };
          }),
        };
      });
    });
    for (const card of drawn) {
      const node = kinds.find((n) => n.id === card.id);
      if (!node) throw new Error(`unexpected card ${card.id}`);
      const lines = CARD_TEXT_LINES[node.kind];
      expect({
        id: card.id,
        ...cardSize(node),
        overflow: 0,
        textHeight: lines > 0 ? lines * CARD.line + CARD.textPadding : 0,
      }).toEqual({
        id: card.id,
        width: card.width,
        height: card.height,
        overflow: card.overflow,
        textHeight: card.textHeight,
      });
      const given = cardHandles(node);
      expect(card.handles.map((h) => h.id), `handles of ${card.id}`).toEqual(given.map((h) => h.id));
      for (const [i, h] of card.handles.entries()) {
        expect(Math.abs(h.x - given[i].x), `${card.id}/${h.id} x`).toBeLessThan(0.75);
        expect(Math.abs(h.y - given[i].y), `${card.id}/${h.id} y`).toBeLessThan(0.75);
      }
    }
    errors.assertNone();
  });

  it("shows the script as a readable outline without JavaScript", async () => {
    const noScript = await newSignedInContext(browser, server, { javaScriptEnabled: false });
    try {
      noScript.setDefaultTimeout(STEP_TIMEOUT_MS);
      const noScriptErrors = collectPageErrors(noScript);
      const plain = await noScript.newPage();
      const id = await createFromTemplate(plain.request);
      await plain.goto(`/scripts/${id}`);
      await visible(plain.getByRole("heading", { level: 1, name: "Event invitation" }));

      const outline = plain.getByRole("list", { name: "Script outline" });
      await visible(outline);
      const steps = outline.getByRole("heading", { level: 3 });
      const names = (await steps.allTextContents()).map((t) => t.replace(/\s+/g, " ").trim());
      expect([...names].sort()).toEqual([
        "Callback Ask for a callback",
        "Checkpoint Pitch delivered",
        "End Callback scheduled",
        "End Declined",
        "End Registered",
        "End Send details",
        "Question Opening",
        "Question Will you attend?",
        "Say Confirm email",
        "Say Invitation pitch",
        "Say Register",
        "Start Start",
      ]);
      expect(names[0], "the outline reads from the start").toBe("Start Start");
      await visible(outline.getByText("Would you like to join us on", { exact: false }));
      const attendLeads = outline.getByRole("list", { name: "Where “Will you attend?” leads" });
      expect(await attendLeads.getByRole("listitem").allInnerTexts()).toEqual([
        "Yes, register me → Register",
        "Maybe – send me the details → Confirm email",
        "No, thank you → Declined",
      ]);

      const checks = plain.getByRole("region", { name: "Checks" });
      await visible(checks.getByText("No problems found.", { exact: true }));
      expect(await editorToolbar(plain).count(), "no editor without JavaScript").toBe(0);
      noScriptErrors.assertNone();
    } finally {
      await noScript.close();
    }
    errors.assertNone();
  });
});

// ---------------------------------------------------------------------------------------------
// Building a survey, shared by the flows that need one.

interface BuiltSurvey {
  id: string;
  title: string;
  /** The question's name on the canvas. */
  questionName: string;
}

const QUESTION_TEXT_BEFORE = "Hello ";
const QUESTION_TEXT_AFTER = ", did you enjoy your visit?";

/**
 * New blank survey → merge field firstName → the start's connection to the end removed → a question added
 * below the start from the palette → its text typed with a {{firstName}} chip → single choice with the
 * answers Yes, Maybe, No → Yes connected by keyboard to the end → an end "Not interested" added from the
 * palette → tidy layout → Maybe connected to it through its list, No by dragging from its handle.
 */
async function buildSurvey(page: Page, { checkDrawing = true } = {}): Promise<BuiltSurvey> {
  /** Checks how many connections the canvas draws while the survey is being built. */
  const expectDrawn = async (count: number, message: string) => {
    if (checkDrawing) await eventually(() => canvasEdges(page).count(), message).toBe(count);
  };
  const title = `Visit follow-up ${Date.now()}`;
  await page.goto("/scripts/new");
  await page.getByRole("textbox", { name: "Title", exact: true }).fill(title);
  await page.getByRole("radio", { name: "Survey", exact: true }).check();
  await page.getByRole("button", { name: "Create blank script", exact: true }).click();
  await page.waitForURL((url) => /^\/scripts\/[^/]+$/.test(url.pathname) && url.pathname !== "/scripts/new");
  const id = scriptIdFrom(page.url());
  await waitForEditor(page);
  await visible(editorToolbar(page).getByRole("heading", { level: 1, name: title }));
  await visible(canvasNode(page, "End: Completed"));
  await eventually(() => canvasEdges(page).count(), "the start leads to the end").toBe(1);

  // A merge field to use in the question.
  const fields = await openTab(page, "Merge fields");
  await fields.getByLabel("New merge field key", { exact: true }).fill("firstName");
  await fields.getByRole("button", { name: "Add merge field", exact: true }).click();
  await eventually(() => fields.getByLabel("Merge field 1 key", { exact: true }).inputValue()).toBe(
    "firstName",
  );
  await eventually(() => fields.getByLabel("Merge field 1 label", { exact: true }).inputValue()).toBe(
    "First name",
  );

  // The start leads straight to the end: disconnect it, then add the question below the start.
  await selectNode(page, "Start: Start");
  await inspector(page)
    .getByLabel("Next goes to", { exact: true })
    .selectOption({ label: "(not connected)" });
  await eventually(() => canvasEdges(page).count(), "the start's connection is gone").toBe(0);
  await visible(inspectorHeading(page, "Start Start"));
  await palette(page).getByRole("button", { name: "Add Question", exact: true }).click();
  await visible(inspector(page).getByRole("heading", { level: 2, name: /^Question / }));
  await expectDrawn(1, "the canvas draws the start's connection to the new question");

  // The question's text, with a merge field chosen from the {{ list.
  const text = inspector(page).getByRole("textbox", { name: "Text", exact: true });
  await text.click();
  await page.keyboard.type(QUESTION_TEXT_BEFORE);
  await page.keyboard.type("{{");
  const suggestions = page.getByRole("listbox", { name: "Merge fields" });
  await visible(suggestions);
  await suggestions.getByRole("option", { name: /First name/ }).click();
  await gone(suggestions);
  await page.keyboard.type(QUESTION_TEXT_AFTER);
  await visible(text.getByText("First name", { exact: true }));
  await eventually(() => text.innerText()).toBe(`${QUESTION_TEXT_BEFORE}First name${QUESTION_TEXT_AFTER}`);
  const questionName = `Question: ${QUESTION_TEXT_BEFORE}{{firstName}}${QUESTION_TEXT_AFTER}`;
  await visible(canvasNode(page, questionName));

  // Single choice with three answers.
  await inspector(page).getByLabel("Question type", { exact: true }).selectOption({ label: "Single choice" });
  const answers = inspector(page).getByRole("group", { name: "Answers" });
  await answers.getByLabel("Option 1 label", { exact: true }).fill("Yes");
  await answers.getByLabel("Option 2 label", { exact: true }).fill("Maybe");
  await answers.getByRole("button", { name: "Add option", exact: true }).click();
  const third = answers.getByLabel("Option 3 label", { exact: true });
  await eventually(() => third.evaluate((el) => el === document.activeElement)).toBe(true);
  await third.fill("No");

  // Yes → the end, by keyboard: the first step in its list is the end "Completed".
  const yesGoesTo = inspector(page).getByLabel("Yes goes to", { exact: true });
  await yesGoesTo.focus();
  await page.keyboard.press("ArrowDown");
  await eventually(() => shownOption(yesGoesTo)).toBe("Completed (End)");
  await expectDrawn(2, "the canvas draws Yes's connection");

  // A second end from the palette, with nothing selected: it is placed on the canvas unconnected.
  await canvasNode(page, questionName).click({ position: NODE_HEADER });
  await page.keyboard.press("Escape");
  await visible(inspectorHeading(page, "No step selected"));
  await palette(page).getByRole("button", { name: "Add End", exact: true }).click();
  await visible(inspectorHeading(page, "End Completed"));
  const outcome = inspector(page).getByLabel("Outcome", { exact: true });
  await outcome.fill("Not interested");
  await visible(canvasNode(page, "End: Not interested"));
  await expectDrawn(2, "the new end stands alone");

  // Lay the steps out so that none hides another (the new end sits where it was dropped).
  await editorToolbar(page).getByRole("button", { name: "Tidy layout", exact: true }).click();
  await visible(editorToolbar(page).getByRole("button", { name: "Tidy layout", exact: true }));

  // Maybe → that end, through the list.
  await selectNode(page, questionName);
  await inspector(page)
    .getByLabel("Maybe goes to", { exact: true })
    .selectOption({ label: "Not interested (End)" });
  await eventually(() => shownOption(inspector(page).getByLabel("Maybe goes to", { exact: true }))).toBe(
    "Not interested (End)",
  );
  await expectDrawn(3, "the canvas draws Maybe's connection to the new end");

  // No → the same end, by dragging from No's handle to the end's input.
  const noHandle = canvasNode(page, questionName).getByLabel("Output No", { exact: true });
  expect(await noHandle.getAttribute("data-handleid")).toMatch(/^option:/);
  const target = canvasNode(page, "End: Not interested");
  await dragMouse(page, noHandle, target.locator('.react-flow__handle[data-handleid="in"]'));
  await eventually(() => shownOption(inspector(page).getByLabel("No goes to", { exact: true }))).toBe(
    "Not interested (End)",
  );
  await expectDrawn(4, "the canvas draws the dragged connection");

  return { id, title, questionName };
}

async function expectAnswerTargets(page: Page, targets: Record<string, string>): Promise<void> {
  for (const [answer, target] of Object.entries(targets)) {
    const select = inspector(page).getByLabel(`${answer} goes to`, { exact: true });
    await eventually(() => shownOption(select)).toBe(target);
  }
}

/** Selects a step on the canvas and gives it a new title in the inspector. */
async function renameStep(page: Page, name: string, title: string): Promise<void> {
  await selectNode(page, name);
  await inspector(page).getByLabel("Title", { exact: true }).fill(title);
  await visible(canvasNode(page, `${name.replace(/:.*/, "")}: ${title}`));
}

/** Chromium logs the 409 of a save refused because of a conflict as a failed load; nothing else may fail. */
function refusedSave(id: string) {
  return failedLoad(/^409$/, (url) => url.pathname === `/scripts/${id}/document`);
}

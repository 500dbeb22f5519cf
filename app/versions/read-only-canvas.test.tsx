// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { diffScripts } from "~/domain/versions/diff";
import { edge, endNode, makeScript, sayNode, startNode } from "../../test/factories/script-factory";
import { CommentCanvas, DiffCanvas } from "./read-only-canvas";
import { installReactFlowJsdomShims } from "../../test/support/react-flow-jsdom";

installReactFlowJsdomShims();
afterEach(cleanup);

const before = makeScript({
  nodes: [startNode(), sayNode("hello", "Hello."), sayNode("old", "A step we drop."), endNode("end", "Done")],
  edges: [edge("start", "next", "hello"), edge("hello", "next", "old"), edge("old", "next", "end")],
});
const after = makeScript({
  nodes: [startNode(), sayNode("hello", "Hello, about solar."), sayNode("fresh", "New step."), endNode("end", "Done")],
  edges: [edge("start", "next", "hello"), edge("hello", "next", "fresh"), edge("fresh", "next", "end")],
});

function nodeElement(id: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${id}"]`);
  if (!el) throw new Error(`no node ${id} on the canvas`);
  return el;
}

describe("the diff canvas", () => {
  function renderDiff(onShowChange = vi.fn()) {
    render(
      <div style={{ width: 1000, height: 800 }}>
        <DiffCanvas from={before} to={after} diff={diffScripts(before, after)} label="Changes" onShowChange={onShowChange} />
      </div>,
    );
    return onShowChange;
  }

  it("labels added, changed and removed steps in words, and leaves unchanged ones unlabelled", () => {
    renderDiff();
    expect(within(nodeElement("fresh")).getByRole("button", { name: /^Added: show “New step\.”/ })).toBeTruthy();
    expect(within(nodeElement("hello")).getByRole("button", { name: /^Changed: show “Hello, about solar\.”/ })).toBeTruthy();
    expect(within(nodeElement("old")).getByText("Removed")).toBeTruthy();
    expect(nodeElement("old").getAttribute("aria-label")).toBe("Say: A step we drop. (removed)");
    expect(within(nodeElement("end")).queryByRole("button")).toBeNull();
    expect(nodeElement("end").querySelector(".ro-node")?.getAttribute("data-mark")).toBe("unchanged");
  });

  it("asks for the step's entry in the change list when its mark or the step is chosen", () => {
    const onShowChange = renderDiff();
    fireEvent.click(within(nodeElement("hello")).getByRole("button", { name: /^Changed/ }));
    expect(onShowChange).toHaveBeenLastCalledWith("hello");
    fireEvent.click(nodeElement("fresh"));
    expect(onShowChange).toHaveBeenLastCalledWith("fresh");
    onShowChange.mockClear();
    fireEvent.click(nodeElement("end"));
    expect(onShowChange).not.toHaveBeenCalled();
  });

  it("explains every mark in a legend, in words", () => {
    renderDiff();
    const items = within(screen.getByRole("list", { name: "Legend" }))
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(items).toEqual([
      "+Added step",
      "✎Changed step",
      "−Removed step, faded where it used to be",
      "Unchanged step, muted",
      "Added connection (solid)",
      "Removed connection (dashed)",
      "Branch moved: where it leads now",
      "Branch moved: where it used to lead (dashed)",
    ]);
  });
});

describe("the comment canvas", () => {
  it("puts a count badge on steps with threads that opens the first thread", () => {
    const onOpenThread = vi.fn();
    render(
      <div style={{ width: 1000, height: 800 }}>
        <CommentCanvas
          script={after}
          threads={[
            { id: "t1", nodeId: "hello", resolved: false },
            { id: "t2", nodeId: "hello", resolved: true },
            { id: "t3", resolved: false },
          ]}
          label="Version 1"
          onOpenThread={onOpenThread}
        />
      </div>,
    );
    const badge = within(nodeElement("hello")).getByRole("button", {
      name: "2 comments, 1 open on “Hello, about solar.”: open in the comments panel",
    });
    expect(badge.textContent).toContain("2");
    fireEvent.click(badge);
    expect(onOpenThread).toHaveBeenCalledWith("t1");
    expect(within(nodeElement("fresh")).queryByRole("button")).toBeNull();
    // No diff marks on a single version.
    expect(screen.queryByText("Changed")).toBeNull();
  });
});

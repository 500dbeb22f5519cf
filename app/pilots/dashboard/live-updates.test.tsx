// @vitest-environment jsdom
import { act, cleanup, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const revalidate = vi.fn();
vi.mock("@remix-run/react", () => ({ useRevalidator: () => ({ revalidate, state: "idle" }) }));

const { UpdatedAt, useLiveRevalidation } = await import("./live-updates");

function Probe({ active }: { active: boolean }) {
  useLiveRevalidation(active, 5000);
  return null;
}

let visibility: DocumentVisibilityState = "visible";
function setVisibility(state: DocumentVisibilityState) {
  visibility = state;
  document.dispatchEvent(new Event("visibilitychange"));
}

beforeEach(() => {
  vi.useFakeTimers();
  revalidate.mockClear();
  visibility = "visible";
  vi.spyOn(document, "visibilityState", "get").mockImplementation(() => visibility);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("useLiveRevalidation", () => {
  it("reloads the data every interval while the pilot runs and the tab is visible", () => {
    render(<Probe active />);
    act(() => vi.advanceTimersByTime(15_000));
    expect(revalidate).toHaveBeenCalledTimes(3);
  });

  it("pauses while the tab is hidden and reloads at once when it is back", () => {
    render(<Probe active />);
    act(() => setVisibility("hidden"));
    act(() => vi.advanceTimersByTime(20_000));
    expect(revalidate).not.toHaveBeenCalled();
    act(() => setVisibility("visible"));
    expect(revalidate).toHaveBeenCalledTimes(1);
  });

  it("does nothing for a pilot that is not running", () => {
    render(<Probe active={false} />);
    act(() => vi.advanceTimersByTime(20_000));
    expect(revalidate).not.toHaveBeenCalled();
  });
});

describe("UpdatedAt", () => {
  it("shows the time of the numbers in UTC", () => {
    render(<UpdatedAt at="2026-11-26T09:41:05.123Z" live refreshing={false} />);
    expect(screen.getByText("09:41:05 UTC").getAttribute("datetime")).toBe("2026-11-26T09:41:05.123Z");
  });
});

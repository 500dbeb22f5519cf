// @vitest-environment jsdom
// The dashboard page as a lead sees it, with the loader's data as the real loader returns it.
import { cleanup, render, screen, within } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { B_MUCH_BETTER, simulatedPilot } from "~/pilots/dashboard/dashboard.testing";
import { variantScripts } from "~/domain/pilots/testing/pilot-fixtures";

const loaderData = vi.hoisted(() => ({ current: undefined as unknown }));
vi.mock("@remix-run/react", () => ({
  useLoaderData: () => loaderData.current,
  useRevalidator: () => ({ revalidate: () => {}, state: "idle" }),
  Link: ({ to, children, ...rest }: { to: string; children: ReactNode }) => (
    <a href={to} {...rest}>
      {children}
    </a>
  ),
  NavLink: ({ to, children }: { to: string; children: ReactNode }) => <a href={to}>{children}</a>,
}));

const { default: Page } = await import("~/routes/pilots.$id._index");

afterEach(cleanup);

function show(status: string, contacts: number) {
  const { report } = simulatedPilot(contacts, B_MUCH_BETTER);
  loaderData.current = {
    pilot: { id: "p1", name: "Openings", status },
    report,
    scripts: variantScripts(),
    nodeNames: { intro: "Opening" },
    updatedAt: "2026-11-26T09:41:05.000Z",
  };
  render(<Page />);
  return report;
}

describe("the pilot dashboard page", () => {
  it("heads the page with the pilot, its status, when the numbers are from, and the exports", () => {
    show("running", 600);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Openings Running");
    expect(screen.getByText(/Updated at/).textContent).toContain("09:41:05 UTC");
    expect(screen.getByText(/refreshes every few seconds/)).toBeTruthy();
    expect(screen.getByRole("link", { name: "Download report (HTML)" }).getAttribute("href")).toBe(
      "/pilots/p1/report.html",
    );
    expect(screen.getByRole("link", { name: /Download calls \(CSV/ }).getAttribute("href")).toBe(
      "/pilots/p1/calls.csv",
    );
    expect(screen.getByRole("link", { name: "Planner" }).getAttribute("href")).toBe("/pilots/plan");
  });

  it("shows the counts e2e tests can read by table caption and row name", () => {
    const report = show("stopped", 600);
    expect(screen.queryByText(/refreshes every few seconds/)).toBeNull();
    const table = screen.getByRole("table", { name: "Calls per variant" });
    const row = within(table).getByRole("row", { name: /Variant B \(Short\)/ });
    const [attempted, connected] = within(row)
      .getAllByRole("cell")
      .map((c) => c.textContent);
    expect([attempted, connected]).toEqual([
      String(report.variants[1].attempted),
      String(report.variants[1].connected),
    ]);
    expect(screen.getByRole("heading", { name: "Where people drop, on the script" })).toBeTruthy();
  });

  it("shows the empty state and no overlay before the first call", () => {
    show("running", 0);
    expect(screen.getByRole("heading", { name: "No calls yet" })).toBeTruthy();
    expect(screen.queryByRole("heading", { name: "Where people drop, on the script" })).toBeNull();
  });
});

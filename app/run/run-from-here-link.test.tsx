// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router-dom";
import { afterEach, describe, expect, it } from "vitest";
import { RunFromHereLink } from "./run-from-here-link";

afterEach(cleanup);

describe("RunFromHereLink", () => {
  it("links to a preview starting at the step, inside the app and outside it", () => {
    render(<RunFromHereLink scriptId="s 1" nodeId="q-2" />);
    expect(screen.getByRole("link", { name: "Run from here" }).getAttribute("href")).toBe("/scripts/s%201/run?from=q-2");
    cleanup();
    const router = createMemoryRouter([{ path: "/", element: <RunFromHereLink scriptId="s1" nodeId="n3" /> }]);
    render(<RouterProvider router={router} />);
    expect(screen.getByRole("link", { name: "Run from here" }).getAttribute("href")).toBe("/scripts/s1/run?from=n3");
  });
});

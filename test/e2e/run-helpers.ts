// Steps on the run screen shared by the run-mode and pilot end-to-end tests.
import type { Page } from "playwright-core";
import { expect } from "vitest";

/** Waits until the run screen says every event of the call has reached the server ("All saved"). */
export async function allSaved(page: Page): Promise<void> {
  await expect
    .poll(() =>
      page
        .getByRole("status")
        .filter({ hasText: /All saved/ })
        .count(),
    )
    .toBe(1);
}

/**
 * Runs `task` when the browser is next idle, or after `timeout` ms at the latest; returns a cancel
 * function. Where requestIdleCallback is missing (Safari, jsdom) it runs in the next task.
 */
export function whenIdle(task: () => void, timeout = 2000): () => void {
  if (typeof requestIdleCallback === "function") {
    const handle = requestIdleCallback(task, { timeout });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(task, 0);
  return () => clearTimeout(handle);
}

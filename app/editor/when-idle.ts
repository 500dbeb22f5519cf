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

/**
 * Runs `task` in the first idle moment after the next `frames` animation frames have been drawn (so after
 * what the current render put on screen); returns a cancel function.
 */
export function afterPaint(task: () => void, frames = 2): () => void {
  if (typeof requestAnimationFrame !== "function") return whenIdle(task);
  let cancelIdle: (() => void) | null = null;
  let frame = 0;
  const next = () => {
    if (--frames > 0) frame = requestAnimationFrame(next);
    else cancelIdle = whenIdle(task);
  };
  frame = requestAnimationFrame(next);
  return () => {
    cancelAnimationFrame(frame);
    cancelIdle?.();
  };
}

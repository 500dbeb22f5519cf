/** Scrolls a page element into view and moves keyboard focus to it (it needs tabIndex -1 if not a control). */
export function focusElement(id: string): boolean {
  const el = document.getElementById(id);
  if (!el) return false;
  el.scrollIntoView({ block: "center", behavior: "smooth" });
  el.focus({ preventScroll: true });
  return true;
}

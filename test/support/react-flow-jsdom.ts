import { beforeAll } from "vitest";

/**
 * What React Flow asks of the browser and jsdom lacks (no layout): a ResizeObserver, DOMMatrixReadOnly for
 * the viewport's zoom, and SVG getBBox for edge labels. Call at the top of a jsdom test file.
 */
export function installReactFlowJsdomShims(): void {
  beforeAll(() => {
    globalThis.ResizeObserver ??= class {
      observe() {}
      unobserve() {}
      disconnect() {}
    };
    (globalThis as unknown as { DOMMatrixReadOnly: unknown }).DOMMatrixReadOnly ??= class {
      m22 = 1;
      constructor(_: string) {}
    };
    const svg = globalThis.SVGElement?.prototype as (SVGElement & { getBBox?: () => DOMRect }) | undefined;
    if (svg && !svg.getBBox) svg.getBBox = () => ({ x: 0, y: 0, width: 0, height: 0 }) as DOMRect;
  });
}

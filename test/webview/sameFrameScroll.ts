// A person's scroll that lands in the same frame as a pane's own scroll. The browser sends one
// scroll event per element per frame, so the pane sees a single event for both: a test scrolling
// between frames (`scrollTo`, then waiting) never reaches that case.
import type { Locator } from "playwright-core";

/**
 * The next time the pane writes `el.scrollTop`, a microtask right after it scrolls `el` to the top,
 * before the browser dispatches that frame's scroll event. Returns a check that it happened.
 */
export async function scrollToTopWithPanesNextScroll(el: Locator): Promise<() => Promise<boolean>> {
  await el.evaluate((node) => {
    let proto = Object.getPrototypeOf(node);
    while (!Object.getOwnPropertyDescriptor(proto, "scrollTop")) proto = Object.getPrototypeOf(proto);
    const own = Object.getOwnPropertyDescriptor(proto, "scrollTop")!;
    const armed = node as typeof node & { sameFrameScrolled?: boolean };
    armed.sameFrameScrolled = false;
    Object.defineProperty(node, "scrollTop", {
      configurable: true,
      get: () => own.get!.call(node),
      set: (top: number) => {
        own.set!.call(node, top);
        delete (armed as { scrollTop?: number }).scrollTop;
        queueMicrotask(() => {
          node.scrollTo({ top: 0 });
          armed.sameFrameScrolled = true;
        });
      },
    });
  });
  return () => el.evaluate((node) => (node as typeof node & { sameFrameScrolled?: boolean }).sameFrameScrolled === true);
}

/** The Store view (a native tree under Threads in the LangGraph Debugger side bar): its rows by level, their text, expanding them. */
import { expect } from "vitest";
import type { Workbench } from "./workbench";

export class StorePane {
  constructor(private readonly workbench: Workbench) {}

  /** The pane whose header is "Store" (the view starts collapsed). */
  pane() {
    const page = this.workbench.page;
    return page.locator(".sidebar .pane", { has: page.locator(".pane-header", { hasText: /^Store/ }) });
  }

  /** Expands the view as a person would (a click on its header), when it is collapsed. */
  async open(): Promise<void> {
    const header = this.workbench.page.locator(".sidebar .pane-header", { hasText: /^Store/ });
    await header.waitFor();
    if ((await header.getAttribute("aria-expanded")) !== "true") await header.click();
  }

  /** The rows at a depth of the tree (1: the top namespaces or a note). */
  rows(level: number) {
    return this.pane().locator(`.monaco-list-row[aria-level="${level}"]`);
  }

  /** Each row of a level as "label description". */
  rowTexts(level: number): Promise<string[]> {
    return this.rows(level).evaluateAll((list) => list.map((row) => [...row.querySelectorAll(".label-name, .label-description")].map((e) => (e.textContent ?? "").replace(/\s+/g, " ").trim()).filter(Boolean).join(" ")));
  }

  /** Expands a row with its twistie (a click on an item row opens it instead). */
  async expand(row: ReturnType<StorePane["rows"]>): Promise<void> {
    if ((await row.getAttribute("aria-expanded")) === "false") await row.locator(".monaco-tl-twistie").click();
    await expect.poll(() => row.getAttribute("aria-expanded")).toBe("true");
  }
}

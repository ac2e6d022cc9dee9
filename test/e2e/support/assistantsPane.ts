/** The Assistants view (a native tree in the LangGraph Debugger side bar): its rows by level, their text, opening it. */
import type { Workbench } from "./workbench";

export class AssistantsPane {
  constructor(private readonly workbench: Workbench) {}

  /** The pane whose header is "Assistants". */
  pane() {
    const page = this.workbench.page;
    return page.locator(".sidebar .pane", { has: page.locator(".pane-header", { hasText: /^Assistants/ }) });
  }

  /** Expands the view (it starts collapsed) with a click on its header, as a person would, then gives it `grow` more pixels. */
  async open(grow: number): Promise<void> {
    const header = this.workbench.page.locator(".sidebar .pane-header", { hasText: /^Assistants/ });
    await header.waitFor();
    if ((await header.getAttribute("aria-expanded")) !== "true") await header.click();
    await this.workbench.dragPaneHeader("Assistants", -grow);
  }

  /** The rows at a depth of the tree (1: assistants, 2: an assistant's versions). */
  rows(level: number) {
    return this.pane().locator(`.monaco-list-row[aria-level="${level}"]`);
  }

  /** Each row of a level as "label description". */
  rowTexts(level: number): Promise<string[]> {
    return this.rows(level).evaluateAll((list) => list.map((row) => [...row.querySelectorAll(".label-name, .label-description")].map((e) => (e.textContent ?? "").replace(/\s+/g, " ").trim()).filter(Boolean).join(" ")));
  }

  /** The first top-level row that holds `text`. */
  row(text: string) {
    return this.rows(1).filter({ hasText: text }).first();
  }

  /** Hovers `row` and clicks its inline action whose label starts with `label`. */
  async rowAction(row: ReturnType<AssistantsPane["rows"]>, label: string): Promise<void> {
    await row.hover();
    await row.locator(`.actions .action-label[aria-label^="${label}"]`).click();
  }
}

/** VS Code's own debugging UI (VS Code 1.139): the debug toolbar, Run and Debug's Call Stack and Variables, starting a launch configuration. */
import { expect } from "vitest";
import { leaveActivityBar, normalizeSpaces, type Workbench } from "./workbench";

export class DebugPane {
  constructor(private readonly workbench: Workbench) {}

  private get page() {
    return this.workbench.page;
  }

  /** The floating debug toolbar, shown while a session runs. */
  toolbar() {
    return this.page.locator(".debug-toolbar");
  }

  toolbarButton(label: string) {
    return this.toolbar().locator(`.action-label[aria-label^="${label}"]`).first();
  }

  /** The Call Stack's frame rows, as their text. */
  async frames(): Promise<string[]> {
    return (await this.page.locator(".debug-call-stack .monaco-list-row .stack-frame").allInnerTexts()).map(normalizeSpaces);
  }

  /** Opens Run and Debug from the activity bar (the palette's key press may land in a focused webview), Watch collapsed so Variables has room. */
  async open(): Promise<void> {
    const icon = this.page.locator('.activitybar a.action-label[aria-label^="Run and Debug"]').first();
    if (!(await this.page.locator(".debug-variables, .debug-call-stack").first().isVisible())) {
      await icon.click({ force: true }); // its badge animates while a session runs
      await leaveActivityBar(this.page);
    }
    await this.page.locator(".debug-variables, .debug-call-stack").first().waitFor({ timeout: 15_000 });
    const watch = this.page.locator(".pane-header", { hasText: "Watch" }).first();
    if ((await watch.getAttribute("aria-expanded")) === "true") await watch.click();
  }

  /** "Debug: Select and Start Debugging" on the configuration `name` (F5 then starts it again). */
  async selectAndStart(name: string): Promise<void> {
    await this.workbench.runCommand("Debug: Select and Start Debugging");
    const picker = this.page.locator(".quick-input-widget");
    await picker.locator(".quick-input-box input").fill(`debug ${name}`);
    await picker.locator(".monaco-list-row", { hasText: name }).first().click();
  }

  /** Waits until the session stopped with a frame whose text contains `frame`. */
  async stoppedAt(frame: string): Promise<void> {
    await expect.poll(async () => (await this.frames()).join(" | "), { timeout: 60_000 }).toContain(frame);
  }

  /** Waits until no debug session runs (the toolbar is gone). */
  async ended(timeout = 60_000): Promise<void> {
    await this.toolbar().waitFor({ state: "hidden", timeout });
  }

  /** Texts of the Variables rows at tree depth `level` (1: the scopes). */
  async variables(level: number): Promise<string[]> {
    return (await this.page.locator(`.debug-variables .monaco-list-row[aria-level="${level}"]`).allInnerTexts()).map(normalizeSpaces);
  }

  /** Waits until a session runs (the toolbar shows). */
  async started(timeout = 60_000): Promise<void> {
    await this.toolbar().waitFor({ timeout });
  }

  /** F5: starts the configuration started last; returns once the session runs. */
  async pressF5(): Promise<void> {
    await this.page.keyboard.press("F5");
    await this.started();
  }

  /** The Variables row named `name` (a scope's name, or a variable's `name =`) at depth `level`, scrolling the virtual list until it is drawn. */
  async variable(name: string, level: number) {
    const row = this.page
      .locator(`.debug-variables .monaco-list-row[aria-level="${level}"]`)
      .filter({ has: this.page.locator(".name, .scope").getByText(new RegExp(`^${name}( =)?$`)) })
      .first();
    // Rows show once the adapter answered, and a virtual list draws only the rows in view: scroll from
    // the top down a bit at a time, and from the top again every ten steps (for a row that came late).
    const deadline = Date.now() + 15_000;
    for (let scrolls = 0; !(await row.isVisible()); scrolls++) {
      if (Date.now() > deadline) {
        const rows = await this.page.locator(".debug-variables .monaco-list-row").allInnerTexts();
        throw new Error(`no Variables row named ${name} at level ${level}; rows shown:\n${rows.join("\n")}`);
      }
      await this.page.locator(".debug-variables .monaco-list").first().hover();
      await this.page.mouse.wheel(0, scrolls % 10 === 0 ? -100_000 : 120);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    return row;
  }

  /** The text of the Variables row named `name` at depth `level`. */
  async variableText(name: string, level: number): Promise<string> {
    return normalizeSpaces(await (await this.variable(name, level)).innerText());
  }

  /** Expands the Variables row named `name` at depth `level`. */
  async expand(name: string, level: number): Promise<void> {
    const row = await this.variable(name, level);
    // Clicked again while it stays closed, a second apart (a row opens in well under that): a click
    // while VS Code re-renders the tree after a stop is dropped (one CI run: `messages` never opened
    // after the stop before tools).
    await expect
      .poll(
        async () => {
          const expanded = await row.getAttribute("aria-expanded");
          if (expanded !== "true") await row.click();
          return expanded;
        },
        { interval: 1_000, timeout: 10_000 },
      )
      .toBe("true");
  }

  /** Expands the path `names` from a scope down (State → messages → 1 → …). */
  async expandPath(...names: string[]): Promise<void> {
    for (const [i, name] of names.entries()) await this.expand(name, i + 1);
  }
}

/** A small page object over the VS Code workbench (code-server 4.139 / VS Code 1.139) for the e2e tests. */
import fs from "node:fs";
import path from "node:path";
import type { FrameLocator, Page } from "playwright-core";
import { expect } from "vitest";
import { extensionId, repoRoot } from "./codeServer";

/**
 * How long a prompt that follows a read from the sample server may take to show: a JS dev server
 * extracting a graph's schemas (20–30 s the first time, more with two e2e files running) answers
 * other requests late. A wait, not a check of speed.
 */
const SERVER_READ_TIMEOUT = 90_000;

/**
 * Moves the mouse off the activity bar after clicking one of its icons: left there, the icon's hover
 * ("LangGraph Debugger") opens over the side bar and, with the mouse then moving onto it, stays
 * open and takes a later click meant for the graph under it (seen on a graph breakpoint's button).
 */
export async function leaveActivityBar(page: Page): Promise<void> {
  const size = page.viewportSize();
  await page.mouse.move((size?.width ?? 1400) - 40, (size?.height ?? 900) / 2);
}

/** The title of the extension's activity-bar view container. */
export const viewContainerTitle = "LangGraph Debugger";
/** Screenshots of the e2e tests (git-ignored). */
export const screenshotDir = path.join(repoRoot, "screenshots", "e2e");

/** Drives one VS Code workbench page. */
export class Workbench {
  constructor(
    readonly page: Page,
    /** code-server's --user-data-dir, whose logs/ the output channels are written to. */
    private readonly userDataDir: string,
  ) {}

  /** Loads the workbench and waits until the extension's contributions are registered. */
  async open(workbenchUrl: string): Promise<void> {
    await this.page.goto(workbenchUrl, { waitUntil: "domcontentloaded" });
    await this.page.locator(".monaco-workbench").waitFor({ state: "visible", timeout: 60_000 });
    await this.waitReady();
  }

  /** The activity-bar icon appears only once the remote extension host has scanned the extensions. */
  async waitReady(): Promise<void> {
    await this.activityBarIcon().waitFor({ timeout: 60_000 });
    await this.page.locator(".explorer-folders-view .monaco-list-row").first().waitFor({ timeout: 60_000 });
  }

  /**
   * Runs a command by its palette title, e.g. "LangGraph: Show graph". The palette closes when focus
   * moves, and on two loaded cores a webview's late focus (a click or a load just before) has closed it
   * between opening and the row's click, in CI runs: then it is opened again, and said on the console.
   */
  async runCommand(title: string): Promise<void> {
    const widget = this.quickInput();
    for (let attempt = 1; ; attempt++) {
      await this.openPalette();
      const row = widget.locator(".monaco-list-row", { hasText: title }).first();
      // Whichever comes first: the row, or the palette closing. The other wait ends on its own (settled, never thrown).
      const outcome = await widget
        .locator(".quick-input-box input")
        .fill(`>${title}`, { timeout: 5_000 })
        .then(() =>
          Promise.race([
            row.waitFor().then(() => "row" as const, (error: unknown) => error),
            widget.waitFor({ state: "hidden" }).then(() => "closed" as const, (error: unknown) => error),
          ]),
        )
        .catch((error: unknown) => error);
      if (outcome === "row") {
        await row.click();
        return;
      }
      const closed = !(await widget.isVisible());
      if (!closed || attempt >= 3) throw outcome === "closed" ? new Error(`the command palette closed before "${title}" could be picked (${attempt} tries)`) : outcome;
      console.warn(`runCommand("${title}"): the command palette closed before its row was picked (focus moved); opening it again`);
    }
  }

  /** Opens the command palette. A key press that lands before the keybinding service is ready is lost: retried. */
  async openPalette(): Promise<void> {
    const widget = this.quickInput();
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press(attempt % 2 ? "F1" : "Control+Shift+P");
      try {
        await widget.waitFor({ state: "visible", timeout: 5_000 });
        return;
      } catch (error) {
        if (attempt >= 4) throw error;
      }
    }
  }

  /** Opens a workspace file in an editor through Quick Open (the palette without `>`), by its name. */
  async openFile(name: string): Promise<void> {
    await this.runCommand("Go to File...");
    await this.pickQuickItem(name);
    await this.page.locator(".tabs-container .tab", { hasText: name }).first().waitFor();
  }

  /**
   * Types `text` into the open quick pick's filter and picks the first row that contains it.
   * `timeout`: how long the quick pick may take to open (a pick that follows a server read is slower:
   * a JS dev server busy extracting a graph's schemas answers late, the more so with two e2e files running).
   */
  async pickQuickItem(text: string, timeout = 30_000): Promise<void> {
    const widget = this.quickInput();
    await widget.waitFor({ state: "visible", timeout });
    await widget.locator(".quick-input-box input").fill(text);
    const row = widget.locator(".monaco-list-row", { hasText: text }).first();
    await row.waitFor();
    await row.click();
  }

  /** Types into an open input box (showInputBox) and accepts it with Enter. */
  async typeInput(text: string): Promise<void> {
    const widget = this.quickInput();
    await widget.waitFor({ state: "visible" });
    const input = widget.locator(".quick-input-box input");
    await input.fill(text);
    await input.press("Enter");
  }

  /** The prompt/title line of the open quick input, for checking what is being asked. */
  async quickInputText(): Promise<string> {
    const widget = this.quickInput();
    await widget.waitFor({ state: "visible" });
    return normalizeSpaces(await widget.innerText());
  }

  /** Whether a quick input (pick or input box) is open now. */
  async quickInputOpen(): Promise<boolean> {
    return this.quickInput().isVisible();
  }

  /** Waits until the open quick input (pick or input box) shows `text`, e.g. its title. */
  async waitForQuickInput(text: string, timeout = 30_000): Promise<void> {
    await this.page.locator(".quick-input-widget", { hasText: text }).waitFor({ state: "visible", timeout });
  }

  /** In the active text editor: Find/Replace (Ctrl+H), replace every `find` with `replace`. */
  async replaceAllInEditor(find: string, replace: string): Promise<void> {
    const editor = this.page.locator(".editor-group-container.active .monaco-editor").first();
    await editor.click();
    await this.page.keyboard.press("Control+H");
    const widget = editor.locator(".find-widget.visible");
    await widget.waitFor();
    await widget.locator(".find-part textarea").fill(find);
    const replaceBox = widget.locator(".replace-part textarea");
    await replaceBox.fill(replace);
    await replaceBox.press("Control+Alt+Enter");
    await widget.locator(".matchesCount", { hasText: "No results" }).waitFor();
    await this.page.keyboard.press("Escape");
  }

  /** Saves the active editor with Ctrl+S. */
  async saveActiveEditor(): Promise<void> {
    await this.page.locator(".editor-group-container.active .monaco-editor").first().click();
    await this.page.keyboard.press("Control+S");
  }

  /** The whole text of every log file VS Code wrote (output channels, extension host, …). */
  allLogs(): string {
    return findFiles(path.join(this.userDataDir, "logs"), (file) => file.endsWith(".log"))
      .map((file) => fs.readFileSync(file, "utf8"))
      .join("\n");
  }

  /** "LangGraph: Switch deployment" to `url`; returns once the extension uses it and (unless `expectReachable` is false) the status bar finds it reachable. */
  async switchDeployment(url: string, expectReachable = true): Promise<void> {
    await this.runCommand("LangGraph: Switch deployment");
    await this.waitForQuickInput("deployment URL");
    await this.typeInput(url);
    await waitUntil(async () => this.outputChannelLog("LangGraph Debugger").includes(`Deployment is now ${url}`), `the extension to switch to ${url}`);
    if (expectReachable) await waitUntil(async () => !(await this.page.locator(".statusbar").innerText()).includes("unreachable"), `the status bar to find ${url} reachable`);
  }

  /** "LangGraph: Show graph" for `graphId` (picked from the deployment's assistants); waits until `nodeId` of it is drawn. */
  async showGraph(graphId: string, nodeId: string): Promise<FrameLocator> {
    await this.runCommand("LangGraph: Show graph");
    await this.pickQuickItem(graphId, SERVER_READ_TIMEOUT);
    const graph = this.graphFrame();
    await graph.locator(`.graph [data-node-id="${nodeId}"]`).first().waitFor({ timeout: 60_000 });
    return graph;
  }

  /** "LangGraph: Stream run" from the palette: picks `graphId`, a new thread when asked, and types `input`. */
  async streamRun(graphId: string, input: string): Promise<void> {
    await this.runCommand("LangGraph: Stream run");
    await this.pickQuickItem(graphId, SERVER_READ_TIMEOUT);
    await this.answerRun(graphId, input);
  }

  /** Answers what Stream run asks once the assistant is known (named `name` in its prompts): a new thread when asked, then `input`. */
  async answerRun(name: string, input: string): Promise<void> {
    await this.newThreadIfAsked();
    await this.waitForQuickInput(`input for ${name}`, SERVER_READ_TIMEOUT);
    await this.typeInput(input);
  }

  /**
   * After Stream run's assistant: "New thread" when the thread pick offers threads. A thread pick still
   * reading (busy, "Reading threads from …") is waited for: on a server with no threads it closes
   * again and the input box follows.
   */
  async newThreadIfAsked(): Promise<void> {
    const asked = async () => {
      const text = await this.quickInputText();
      if (text.includes("input for")) return "input";
      return text.includes("pick a thread") && !(await this.quickPickReading()) ? "thread" : "";
    };
    await expect.poll(asked, { timeout: SERVER_READ_TIMEOUT }).not.toBe("");
    if ((await asked()) === "thread") await this.pickQuickItem("New thread");
  }

  /** Whether the open quick pick is still reading its items from the server (its placeholder says so). */
  async quickPickReading(): Promise<boolean> {
    const placeholder = await this.quickInput().locator(".quick-input-box input").getAttribute("placeholder");
    return placeholder?.startsWith("Reading ") ?? false;
  }

  /** Opens the LangGraph Debugger side bar (without toggling it closed) and waits for the Graph webview. */
  async openGraphView(): Promise<FrameLocator> {
    const icon = this.activityBarIcon();
    const item = this.page.locator(`.activitybar .action-item:has(${this.activityBarIconSelector()})`);
    // Clicking the icon of the container already shown would close the side bar.
    const isOpen = (await item.getAttribute("class"))?.split(/\s+/).includes("checked") ?? false;
    if (!isOpen) {
      await icon.click();
      await leaveActivityBar(this.page);
    }
    await this.graphIframe().waitFor({ timeout: 60_000 });
    return this.graphFrame();
  }

  /** The Graph webview's own document: outer webview host iframe → inner iframe#active-frame. */
  graphFrame(): FrameLocator {
    return this.page.frameLocator(this.graphIframeSelector()).frameLocator("iframe#active-frame");
  }

  /** Texts of the notification toasts now on screen. */
  async notifications(): Promise<string[]> {
    const texts = await this.page.locator(".notifications-toasts .notification-list-item-message").allInnerTexts();
    return texts.map(normalizeSpaces);
  }

  /** Waits for a toast that contains `text`. */
  async waitForNotification(text: string, timeout = 20_000): Promise<void> {
    await this.page.locator(".notifications-toasts .notification-list-item-message", { hasText: text }).waitFor({ timeout });
  }

  /**
   * The newest log file of the output channel `name`, read on the server side: plain channels
   * are written as `output_logging_<ts>/<n>-<name>.log`, log channels as `<extension id>/<name>.log`.
   */
  outputChannelLog(name: string): string {
    const matches = findFiles(path.join(this.userDataDir, "logs"), (file) => {
      const base = path.basename(file);
      return base === `${name}.log` || new RegExp(`^\\d+-${escapeRegExp(name)}\\.log$`).test(base);
    });
    const newest = matches.at(-1);
    return newest ? fs.readFileSync(newest, "utf8") : "";
  }

  /** The remote extension host's log (activation, uncaught errors), all sessions joined. */
  extensionHostLog(): string {
    return findFiles(path.join(this.userDataDir, "logs"), (file) => file.endsWith("remoteexthost.log"))
      .map((file) => fs.readFileSync(file, "utf8"))
      .join("\n");
  }

  /** Drags the side bar's right edge to `x` (as a person widens it). */
  async dragSideBarEdge(x: number): Promise<void> {
    const box = await this.page.locator(".part.sidebar").boundingBox();
    if (!box) throw new Error("the side bar is not shown");
    await this.drag(box.x + box.width + 1, box.y + box.height / 2, x, box.y + box.height / 2);
  }

  /** Drags the sash above the side bar pane titled `title` by `dy` pixels (negative: up, so the pane grows). */
  async dragPaneHeader(title: string, dy: number): Promise<void> {
    const box = await this.page.locator(".sidebar .pane-header", { hasText: title }).first().boundingBox();
    if (!box) throw new Error(`no pane "${title}" in the side bar`);
    await this.drag(box.x + box.width / 2, box.y + 1, box.x + box.width / 2, box.y + 1 + dy);
  }

  private async drag(fromX: number, fromY: number, toX: number, toY: number): Promise<void> {
    await this.page.mouse.move(fromX, fromY);
    await this.page.mouse.down();
    await this.page.mouse.move(toX, toY, { steps: 10 });
    await this.page.mouse.up();
  }

  /** Saves a screenshot of the whole window to screenshots/e2e/<name>.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(screenshotDir, { recursive: true });
    const file = path.join(screenshotDir, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  private quickInput() {
    return this.page.locator(".quick-input-widget");
  }

  private activityBarIconSelector(): string {
    return `a.action-label[aria-label^="${viewContainerTitle}"]`;
  }

  private activityBarIcon() {
    return this.page.locator(`.activitybar ${this.activityBarIconSelector()}`);
  }

  private graphIframeSelector(): string {
    return `iframe.webview.ready[src*="extensionId=${extensionId}"]`;
  }

  private graphIframe() {
    return this.page.locator(this.graphIframeSelector());
  }
}

/** Polls outside a test (expect.poll works only inside one). */
export async function waitUntil(condition: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  for (const started = Date.now(); !(await condition()); await new Promise((resolve) => setTimeout(resolve, 250))) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
  }
}

/** Monaco renders spaces as U+00A0. */
export function normalizeSpaces(text: string): string {
  return text.replace(/\u00a0/g, " ");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Files below `dir` accepted by `accept`, oldest first by modification time. */
function findFiles(dir: string, accept: (file: string) => boolean, found: string[] = []): string[] {
  if (!fs.existsSync(dir)) return found;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findFiles(full, accept, found);
    else if (accept(full)) found.push(full);
  }
  return found.sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs);
}

/** Headless Debian Chromium for the e2e tests, driven by playwright-core, fresh profile each time. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type ConsoleMessage, type Page } from "playwright-core";
import { killProcessesMarkedWith } from "./processGroup";

import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../support/chromium";

/** A launched browser with one page, and what the page printed. */
export interface E2eBrowser {
  context: BrowserContext;
  page: Page;
  /** Every console line of the page (the extension host's console.* arrives as "[Extension Host] …"). */
  consoleLines: string[];
  /** Uncaught errors of the page. */
  pageErrors: string[];
  /** Closes the browser and kills anything left that used its profile folder. */
  close(): Promise<void>;
}

/** Launches /usr/bin/chromium with a fresh profile and a 1400×900 viewport. */
export async function launchBrowser(): Promise<E2eBrowser> {
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), "lgd-e2e-chromium-"));
  // playwright-core starts Chromium in its own process group and kills that group on close.
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  const consoleLines: string[] = [];
  const pageErrors: string[] = [];
  page.on("console", (message: ConsoleMessage) => consoleLines.push(`[${message.type()}] ${cleanConsoleText(message.text())}`));
  page.on("pageerror", (error) => pageErrors.push(error.message));
  return {
    context,
    page,
    consoleLines,
    pageErrors,
    async close() {
      await context.close().catch(() => undefined);
      killProcessesMarkedWith(profileDir);
      fs.rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/** VS Code styles forwarded extension-host lines with %c; drop the styling. */
function cleanConsoleText(text: string): string {
  return text.replace(/%c/g, "").replace(/\s*color:\s*[^\s;]*;?/g, "").trim();
}

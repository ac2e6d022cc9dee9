// Serves the built webview and the HTML from webviewHtml.ts the way VS Code does (resources on
// another origin than the page, strict CSP), opens it in real headless Chromium with a stub
// `acquireVsCodeApi`, and lets a test post host messages and read what the webview posted.
import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type Page, chromium } from "playwright-core";
import { createNonce, webviewHtml, type WebviewMode } from "../../src/host/webviewHtml";
import type { WebviewToHost } from "../../src/shared/protocol";
import { type HostDraft, HostStatuses } from "./hostStatuses";
import { type ThemeName, themeOf } from "./themes";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../support/chromium";

/** The repo root, found from this file (only when the caller gives none: bundled copies have no import.meta). */
const defaultRoot = () => resolve(dirname(fileURLToPath(import.meta.url)), "../..");

const CHROMIUM_FLAGS = ["--headless=new", ...CHROMIUM_ARGS, "--remote-debugging-port=0"];

const TYPES: Record<string, string> = {
  ".js": "text/javascript",
  ".css": "text/css",
  ".ttf": "font/ttf",
  ".map": "application/json",
  ".html": "text/html",
};

/** A running Chromium plus the two local servers (page origin and resource origin). */
export interface HarnessBrowser {
  browser: Browser;
  /** Opens a fresh page with the webview loaded and mounted (it has posted `ready`). */
  /** `mode: "recording"` opens the run viewer's page (as a `.lgrun` custom editor does). */
  open(options?: { theme?: ThemeName; width?: number; height?: number; savedState?: unknown; mode?: WebviewMode }): Promise<WebviewPage>;
  /** Serves `body` at `<resource origin>/extra/<name>` (a page may fetch it: CSP connect-src), e.g. a large host message. */
  serve(name: string, body: string | Uint8Array): string;
  close(): Promise<void>;
}

/** One loaded webview page and the test's handles on it. */
export interface WebviewPage {
  page: Page;
  /**
   * Posts host messages, with the node statuses the host's driver would add (hostStatuses.ts, one
   * thread per page), and waits until they are applied and rendered (two frames without a DOM change, at most 40 frames).
   */
  post(...messages: HostDraft[]): Promise<void>;
  /**
   * Messages the webview posted to the host so far, but `layoutKept`: a layout the worker made is
   * given to the host whenever it lands, so it would come between a test's messages at random.
   */
  posted(): Promise<WebviewToHost[]>;
  /** The layouts the webview gave the host (`layoutKept`) so far. */
  layoutsKept(): Promise<Extract<WebviewToHost, { type: "layoutKept" }>["layout"][]>;
  clearPosted(): Promise<void>;
  /** CSP violations reported by the page so far. */
  violations(): Promise<{ directive: string; blocked: string; sample: string }[]>;
  setTheme(theme: ThemeName): Promise<void>;
  /** Polls a page expression until it is truthy (Playwright's waitForFunction needs eval, which the CSP forbids). */
  until(expression: string, timeoutMs?: number): Promise<void>;
  /** Waits for the next two animation frames. */
  frames(): Promise<void>;
  /** Waits until the page stops changing: two frames without a DOM change, at most 40 frames (e.g. a fit that follows a layout). */
  settled(): Promise<void>;
}

const BUILD_FILES = ["webview.js", "webview.css", "layout-worker.js", "codicon.css", "codicon.ttf"];

/** Copies the built webview, waiting (up to 60 s) while a concurrent build has it half written. */
async function snapshotBuild(from: string, to: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const missing = BUILD_FILES.filter((f) => !existsSync(join(from, f)));
    if (missing.length === 0) {
      try {
        const sizes = BUILD_FILES.map((f) => statSync(join(from, f)).size);
        cpSync(from, to, { recursive: true });
        if (BUILD_FILES.every((f, i) => statSync(join(to, f)).size === sizes[i] && sizes[i] > 0)) return;
      } catch {
        // changed under us; try again
      }
    } else if (Date.now() > deadline) {
      throw new Error(`The webview is not built (${from} lacks ${missing.join(", ")}): run \`npm run build\` first.`);
    }
    if (Date.now() > deadline) throw new Error(`Could not copy a stable build from ${from}`);
    await new Promise((ok) => setTimeout(ok, 500));
  }
}

/** Polls `expression` in the page (over CDP, so the page's CSP does not apply) until truthy. */
async function pollPage(page: Page, expression: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${expression}`);
    await new Promise((ok) => setTimeout(ok, 25));
  }
}

function listen(server: Server): Promise<number> {
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => ok((server.address() as AddressInfo).port));
  });
}

function serveFile(root: string, urlPath: string, res: import("node:http").ServerResponse): void {
  const file = normalize(join(root, decodeURIComponent(urlPath)));
  if (!file.startsWith(root) || !existsSync(file)) {
    res.writeHead(404).end("not found");
    return;
  }
  res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "access-control-allow-origin": "*" });
  res.end(readFileSync(file));
}

function startChromium(userDataDir: string): Promise<{ child: ChildProcess; wsUrl: string }> {
  const child = spawn(CHROMIUM_PATH, [...CHROMIUM_FLAGS, `--user-data-dir=${userDataDir}`, "about:blank"], {
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
  });
  // A test process killed before its teardown must not leave Chromium behind.
  const killGroup = () => {
    try {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  };
  process.once("exit", killGroup);
  child.once("exit", () => process.off("exit", killGroup));
  return new Promise((ok, fail) => {
    let stderr = "";
    const timer = setTimeout(() => fail(new Error(`Chromium did not start in 30 s:\n${stderr}`)), 30_000);
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        ok({ child, wsUrl: match[1] });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`Chromium exited (${code}) before it listened:\n${stderr}`));
    });
  });
}

/** Where the harness finds the repo and the built webview (the benchmark serves a production build). */
export interface HarnessOptions {
  root?: string;
  /** Folder holding webview.js, webview.css, layout-worker.js, codicon.css/ttf; default dist/webview. */
  dist?: string;
}

/** Starts the servers and Chromium. Call `close()` in teardown whatever happens. */
export async function startHarness(options: HarnessOptions = {}): Promise<HarnessBrowser> {
  const root = options.root ?? defaultRoot();
  const STUB = readFileSync(join(root, "test/webview/page/vscodeStub.js"), "utf8");
  const work = mkdtempSync(join(tmpdir(), "lgd-webview-harness-"));
  const userDataDir = join(work, "profile");
  // Serve a copy: other work in the checkout may rebuild dist/ while the tests run.
  const dist = join(work, "webview");
  try {
    await snapshotBuild(options.dist ?? join(root, "dist/webview"), dist);
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
  const extra = new Map<string, string | Uint8Array>();
  const resources = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const served = path.startsWith("/extra/") ? extra.get(path.slice("/extra/".length)) : undefined;
    if (served !== undefined) res.writeHead(200, { "content-type": "application/json", "access-control-allow-origin": "*" }).end(served);
    else if (path.startsWith("/dist/webview/")) serveFile(dist, path.slice("/dist/webview/".length), res);
    else res.writeHead(404).end("not found");
  });
  const resourcePort = await listen(resources);
  const cspSource = `http://127.0.0.1:${resourcePort}`;
  const pages = createServer((req, res) => {
    const mode = new URL(req.url ?? "/", "http://x").searchParams.get("mode") === "recording" ? "recording" : "live";
    const html = webviewHtml({
      mode,
      cspSource,
      nonce: createNonce(),
      scriptUri: `${cspSource}/dist/webview/webview.js`,
      styleUri: `${cspSource}/dist/webview/webview.css`,
      workerUri: `${cspSource}/dist/webview/layout-worker.js`,
      codiconsUri: `${cspSource}/dist/webview/codicon.css`,
    });
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
  });
  const pagePort = await listen(pages);

  let child: ChildProcess | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    if (child?.pid) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    await new Promise<void>((ok) => pages.close(() => ok()));
    await new Promise<void>((ok) => resources.close(() => ok()));
    rmSync(work, { recursive: true, force: true });
  };
  try {
    const started = await startChromium(userDataDir);
    child = started.child;
    browser = await chromium.connectOverCDP(started.wsUrl);
  } catch (error) {
    await close();
    throw error;
  }
  const connected = browser;

  const open: HarnessBrowser["open"] = async (options = {}) => {
    const context = await connected.newContext({ viewport: { width: options.width ?? 420, height: options.height ?? 760 } });
    const page = await context.newPage();
    const theme = themeOf(options.theme ?? "dark");
    if (options.savedState !== undefined) {
      await page.addInitScript(`window.__initialVsCodeState = ${JSON.stringify(options.savedState)};`);
    }
    await page.addInitScript(STUB);
    await page.addInitScript(`window.__harness.setTheme(${JSON.stringify(theme.vars)}, ${JSON.stringify(theme.bodyClass)});`);
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") pageErrors.push(`console: ${m.text()}`);
    });
    page.on("requestfailed", (r) => pageErrors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    await page.goto(`http://127.0.0.1:${pagePort}/${options.mode === "recording" ? "?mode=recording" : ""}`);
    await pollPage(page, "window.__harness.posted.some((m) => m.type === 'ready')", 15_000).catch((e) => {
      throw new Error(`The webview never posted "ready" (${e}); page errors: ${pageErrors.join(" | ")}`);
    });
    const frames = () => page.evaluate("new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => ok(undefined))))") as Promise<void>;
    const settled = async () => {
      for (let i = 0, before = -1; i < 20; i++) {
        const now = (await page.evaluate("window.__harness.mutations()")) as number;
        if (now === before) break;
        before = now;
        await frames();
      }
    };
    const host = new HostStatuses();
    return {
      page,
      frames,
      settled,
      async post(...messages) {
        for (const m of messages) await page.evaluate(`window.__harness.post(${JSON.stringify(host.complete(m))})`);
        // The webview applies a node's status changes one frame at a time: wait until it is done.
        await settled();
      },
      until: (expression, timeoutMs = 10_000) => pollPage(page, expression, timeoutMs),
      posted: () => page.evaluate("window.__harness.posted.filter((m) => m.type !== 'layoutKept')") as Promise<WebviewToHost[]>,
      layoutsKept: () => page.evaluate("window.__harness.posted.flatMap((m) => (m.type === 'layoutKept' ? [m.layout] : []))") as never,
      clearPosted: () => page.evaluate("window.__harness.clearPosted()") as Promise<void>,
      violations: () => page.evaluate("window.__harness.violations.slice()") as Promise<{ directive: string; blocked: string; sample: string }[]>,
      async setTheme(name) {
        const t = themeOf(name);
        await page.evaluate(`window.__harness.setTheme(${JSON.stringify(t.vars)}, ${JSON.stringify(t.bodyClass)})`);
        await frames();
      },
    };
  };
  const serve = (name: string, body: string | Uint8Array) => {
    extra.set(name, body);
    return `${cspSource}/extra/${name}`;
  };
  return { browser: connected, open, serve, close };
}

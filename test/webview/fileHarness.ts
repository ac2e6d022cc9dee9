// One webview harness per test file, for the vitest files (kept apart from harness.ts, which the
// webview benchmark bundles without vitest).
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { type HarnessBrowser, startHarness } from "./harness";

/** Where webview tests put screenshots and exported files, for a person to look at (git-ignored). */
export const SCREENSHOTS = resolve(process.cwd(), "screenshots/webview");

/**
 * One harness for a whole test file: started before its tests (with the screenshots folder made),
 * closed after them. The object forwards to it, so tests call `harness.open(...)` as usual.
 */
export function fileHarness(): HarnessBrowser {
  let started: HarnessBrowser | undefined;
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    started = await startHarness();
  });
  afterAll(async () => {
    await started?.close();
  });
  const get = (): HarnessBrowser => {
    if (!started) throw new Error("The webview harness starts in beforeAll: use it inside a test.");
    return started;
  };
  return {
    get browser() {
      return get().browser;
    },
    open: (options) => get().open(options),
    serve: (name, body) => get().serve(name, body),
    close: () => get().close(),
  };
}

// Who owns which thread when editor tabs run their own. The main driver (the debugger's, the side
// panel's) owns the debug session's thread; a graph tab's own driver owns only the runs started from
// that tab; never do two drivers watch one thread. A run a tab starts on the main driver's thread is
// the main driver's; when the main driver moves onto a thread a tab holds, or starts a run of the
// tab's assistant while the tab's own run is not going, the tab lets go (its run is not cancelled: it
// is the main driver's to follow now, or simply left) and follows the main driver again.
// No `vscode` import: tested against the real servers (test/integration/runOwners.test.ts).
import type { DriverEvent, DriverTarget } from "../engine/driver/driverTypes";

/** What the owners read of a driver: its thread, and a way to stop watching it. */
export interface OwnedDriver {
  readonly target: DriverTarget | undefined;
  onEvent(listener: (event: DriverEvent) => void): { dispose(): void };
  /** Stops following its thread without cancelling the run on the server. */
  forget(): void;
}

/** A tab's own run: its driver, and whatever else lives as long (the tab's ViewStore). */
export interface TabRun {
  readonly driver: OwnedDriver;
  dispose(): void;
}

type TabListener<R extends TabRun> = (assistantId: string, run: R | undefined) => void;

/** The main driver and each tab's own driver (one per pinned assistant, made on its first run). */
export class RunOwners<R extends TabRun> {
  private readonly tabs = new Map<string, R>();
  private readonly listeners = new Set<TabListener<R>>();
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly main: OwnedDriver,
    /** Makes the own run of the tab pinned to an assistant. */
    private readonly create: (assistantId: string) => R,
  ) {
    this.subscription = main.onEvent((event) => this.onMain(event));
  }

  /** Called when a tab gets its own run or lets it go (undefined). */
  onTabRun(listener: TabListener<R>): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The own run of the tab pinned to `assistantId`, while it has one. */
  of(assistantId: string): R | undefined {
    return this.tabs.get(assistantId);
  }

  /** Every tab's own run, keyed by its assistant. */
  all(): ReadonlyMap<string, R> {
    return this.tabs;
  }

  /**
   * Who runs what the tab pinned to `assistantId` asked for on `threadId` (undefined: a new thread):
   * "main" for the main driver's thread (the tab lets go of its own and follows the main driver),
   * else the tab's own driver (made now if the tab has none; another tab holding the thread lets go).
   */
  ownerFor(assistantId: string, threadId: string | undefined): R | "main" {
    if (threadId !== undefined && threadId === this.main.target?.threadId) {
      this.release(assistantId);
      return "main";
    }
    for (const [other, run] of this.tabs) if (other !== assistantId && threadId !== undefined && run.driver.target?.threadId === threadId) this.release(other);
    let run = this.tabs.get(assistantId);
    if (!run) {
      run = this.create(assistantId);
      this.tabs.set(assistantId, run);
      this.tell(assistantId, run);
    }
    return run;
  }

  /** The tab stops running its own thread (it closed, or the main driver took over): stop watching, never cancel. */
  release(assistantId: string): void {
    const run = this.tabs.get(assistantId);
    if (!run) return;
    this.tabs.delete(assistantId);
    // The tab switches back to the main driver before the driver it showed goes quiet.
    this.tell(assistantId, undefined);
    run.driver.forget();
    run.dispose();
  }

  /** Another deployment: every tab lets go. */
  releaseAll(): void {
    for (const assistantId of [...this.tabs.keys()]) this.release(assistantId);
  }

  private onMain(event: DriverEvent): void {
    if (event.type === "runStarted") {
      // The debugger runs this tab's assistant: the tab follows it, unless its own run is going on.
      const run = this.tabs.get(event.assistantId);
      if (run && !run.driver.target?.running) this.release(event.assistantId);
    }
    if (event.type !== "target" || !event.target) return;
    const threadId = event.target.threadId;
    for (const [assistantId, run] of [...this.tabs]) if (run.driver.target?.threadId === threadId) this.release(assistantId);
  }

  private tell(assistantId: string, run: R | undefined): void {
    for (const listener of this.listeners) listener(assistantId, run);
  }

  dispose(): void {
    this.subscription.dispose();
    this.releaseAll();
    this.listeners.clear();
  }
}

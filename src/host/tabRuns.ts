// Runs started from a graph tab's banner run its assistant on the tab's own thread (a ThreadDriver
// and a ViewStore of the tab's own), while the side panel keeps following the debugger's driver.
// Who owns which thread is decided in runOwners.ts; this file makes a tab's own run and answers a
// tab's banner buttons.
import { ThreadDriver, type DriverDeps, type StartRequest } from "../engine/driver/threadDriver";
import type { RunAction } from "../shared/protocol";
import { askResume } from "./resumePrompt";
import type { RunController, StreamRunArgs } from "./runController";
import type { RunOwners, TabRun } from "./runOwners";
import { openStateDocument } from "./stateEditor";
import { ViewStore, type BreakpointSource } from "./viewStore";

/** A tab's own run: a driver and a store of its own. */
export interface OwnRun extends TabRun {
  readonly driver: ThreadDriver;
  readonly store: ViewStore;
}

/** Makes a tab's own driver and store; `watch` hears the driver's events (the Threads view's spinner, the assistant's name for the banner). */
export function makeOwnRun(deps: DriverDeps, breakpoints: BreakpointSource, watch: (driver: ThreadDriver, store: ViewStore) => { dispose(): void }): OwnRun {
  const driver = new ThreadDriver(deps);
  const store = new ViewStore(driver, breakpoints);
  const watching = watch(driver, store);
  return {
    driver,
    store,
    dispose: () => {
      watching.dispose();
      store.dispose();
      driver.dispose();
    },
  };
}

/** The banner of a tab pinned to an assistant, when the tab acts on its own (see `actsOnItsOwn`). */
export class TabActions {
  constructor(
    private readonly owners: RunOwners<OwnRun>,
    private readonly main: ThreadDriver,
    private readonly runs: RunController,
  ) {}

  /**
   * What a tab opened (or restored) on an assistant shows: the debugger's driver when it shows that
   * assistant, or shows nothing yet and is idle (it loads the graph, as Show graph would); otherwise
   * the graph on the tab's own driver, and the side panel stays where it is.
   */
  async show(assistantId: string): Promise<void> {
    if (this.main.graph?.assistantId === assistantId) return;
    if (!this.main.graph && this.main.status !== "running") return this.runs.loadGraph(assistantId);
    const owner = this.owners.ownerFor(assistantId, undefined);
    if (owner !== "main") await owner.driver.showGraph(assistantId);
  }

  /** Whether the tab pinned to `assistantId` acts on a thread of its own: it has one, or the debugger is on another assistant. */
  actsOnItsOwn(assistantId: string, shownAssistant: string | undefined): boolean {
    return this.owners.of(assistantId) !== undefined || shownAssistant !== assistantId;
  }

  /** The driver whose thread the tab pinned to `assistantId` shows when it acts on its own (undefined: none yet). */
  ownDriver(assistantId: string): ThreadDriver | undefined {
    return this.owners.of(assistantId)?.driver;
  }

  /** The driver that runs what the tab pinned to `assistantId` starts on `threadId` (undefined: a new thread); see `RunOwners.ownerFor`. */
  runnerFor(assistantId: string, threadId: string | undefined): ThreadDriver {
    const owner = this.owners.ownerFor(assistantId, threadId);
    return owner === "main" ? this.main : owner.driver;
  }

  /** One banner button of the tab pinned to `assistantId`. */
  async act(assistantId: string, action: RunAction): Promise<unknown> {
    const own = this.owners.of(assistantId)?.driver;
    if (action === "streamRun") {
      // "Run again" on the tab's thread asks only for the input; with none, the thread is picked.
      const target = own?.target;
      return this.run(assistantId, target && !target.running ? { threadId: target.threadId } : {});
    }
    if (!own) throw new Error("This tab has no run of its own: start one with Run.");
    switch (action) {
      case "continue":
        return own.continue();
      case "step":
        return own.step();
      case "cancel":
        return own.cancel();
      case "resume":
        return this.resume(own);
      case "editState": {
        if (!own.target) throw new Error("This tab's thread has not run yet.");
        // As the debugger's Edit state: written as the node of the last step when one node ran it.
        const lastStep = own.supersteps().findLast((s) => s.ns.length === 0 && s.nodes.length > 0);
        return openStateDocument({ threadId: own.target.threadId, asNode: lastStep?.nodes.length === 1 ? lastStep.nodes[0].node : undefined });
      }
    }
  }

  /** Stream run from the tab: its assistant, on its own driver, unless the thread picked is the debugger's (then the debugger's driver runs it). */
  async run(assistantId: string, args: StreamRunArgs): Promise<unknown> {
    const request = await this.runs.askRun({ ...args, assistantId });
    return request ? this.start(request) : undefined;
  }

  /** Starts a request made for the tab (its banner's Run, its run form) on whoever owns its thread. */
  async start(request: StartRequest): Promise<unknown> {
    const owner = this.owners.ownerFor(request.assistantId, request.threadId);
    return owner === "main" ? this.main.start(request) : owner.driver.start(request);
  }

  private async resume(driver: ThreadDriver): Promise<unknown> {
    const outcome = driver.target?.outcome;
    const request = await askResume(outcome?.status === "waiting" ? outcome.interrupts : []);
    return request ? driver.answer(request) : undefined;
  }
}

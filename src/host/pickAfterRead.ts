// A quick pick whose items come from a server read. A JS dev server extracting a graph's schemas
// answers 30 s and more late: without this, a command that asks for an assistant showed nothing
// until then. A slow read opens the pick busy, saying what it reads from where; a fast one opens it
// filled, or not at all when the answer leaves nothing to choose (one assistant, no threads).
import * as vscode from "vscode";
import { isAccessRefused, LangGraphNetworkError } from "../engine/client/httpError";
import { describeError } from "./errors";

/**
 * How long a read may take before the pick opens busy: a fast answer (most local servers answer in
 * tens of milliseconds) then opens it filled, or skips it, instead of flashing an empty busy pick.
 */
const SHOW_BUSY_AFTER_MS = 300;

/** How the pick reads once its items are in. */
export interface PickOptions {
  placeholder: string;
  matchOnDescription?: boolean;
  matchOnDetail?: boolean;
}

/** One pick: `read` the data, then `choose` among the items made of it; dispose when done, also when no choice was needed or the read failed. */
export class PickAfterRead<T extends vscode.QuickPickItem> implements vscode.Disposable {
  private readonly pick = vscode.window.createQuickPick<T>();
  private readonly abort = new AbortController();
  private readonly showBusy: NodeJS.Timeout;
  /** Settles when the person closes the pick (Escape, or focus elsewhere), loading or not. */
  private readonly closed: Promise<undefined>;

  constructor(
    title: string,
    /** What is read, for the placeholder and the error: "assistants". */
    private readonly what: string,
    private readonly deploymentUrl: string,
  ) {
    this.pick.title = title;
    this.pick.placeholder = `Reading ${what} from ${deploymentUrl}…`;
    this.pick.busy = true;
    // A step of a command (Stream run asks assistant, thread, then input) is not dropped when focus
    // moves: a click elsewhere while a JS server reads for 30 s, or focus handed back late to the
    // webview the palette was opened from, closed the pick and silently ended the command. Escape closes it.
    this.pick.ignoreFocusOut = true;
    this.closed = new Promise((resolve) =>
      this.pick.onDidHide(() => {
        this.abort.abort();
        resolve(undefined);
      }),
    );
    this.showBusy = setTimeout(() => this.pick.show(), SHOW_BUSY_AFTER_MS);
  }

  /**
   * `read`'s answer, or undefined when the pick was closed first (the read is then aborted and its
   * outcome ignored). A failure is thrown naming the deployment.
   */
  async read<R>(read: (signal: AbortSignal) => Promise<R>): Promise<R | undefined> {
    const reading = read(this.abort.signal);
    reading.catch(() => undefined);
    try {
      return await Promise.race([reading, this.closed]);
    } catch (error) {
      // A refusal or an unreachable server already names the deployment, and reportErrors offers its fix.
      if (isAccessRefused(error) || error instanceof LangGraphNetworkError) throw error;
      throw new Error(`Cannot read the ${this.what} of the deployment at ${this.deploymentUrl}: ${describeError(error)}`, { cause: error });
    }
  }

  /** Offers `items` (opening the pick now if it is not open yet); the one accepted, or undefined when closed. */
  async choose(items: readonly T[], options: PickOptions): Promise<T | undefined> {
    clearTimeout(this.showBusy);
    const pick = this.pick;
    pick.items = items;
    pick.placeholder = options.placeholder;
    pick.matchOnDescription = options.matchOnDescription ?? false;
    pick.matchOnDetail = options.matchOnDetail ?? false;
    pick.busy = false;
    const accepted = new Promise<T>((resolve) =>
      pick.onDidAccept(() => {
        const [item] = pick.selectedItems;
        if (item) resolve(item);
      }),
    );
    pick.show();
    return Promise.race([accepted, this.closed]);
  }

  /** Closes the pick and aborts a read still running (a pick never shown fires no hide): the caller's, in a `finally`. */
  dispose(): void {
    clearTimeout(this.showBusy);
    this.abort.abort();
    this.pick.dispose();
  }
}

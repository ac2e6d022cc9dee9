// What one graph webview is sent of the ViewStores: the side panel follows whatever the debugger
// shows; an editor tab pinned to one assistant gets that assistant's part only, keeping its last
// run on screen while the debugger is on another assistant, and shows its own run instead while it
// has one (a run started from the tab, on the tab's own driver: runOwners.ts). No `vscode` import:
// unit-testable.
import type { HostToWebview, Pin, PinnedMessage } from "../shared/protocol";
import type { ViewStore } from "./viewStore";

/** What a feed reads of the store. */
export type FeedSource = Pick<ViewStore, "assistantId" | "snapshot" | "onDelta" | "deploymentShown">;

type Post = (messages: HostToWebview[]) => void;

/** The messages one webview gets: all of them after `ready`, then per store delta. */
export interface ViewFeed {
  /** The tab's pinned assistant; undefined for a view that follows the debugger. */
  readonly pin: Pin | undefined;
  /** What to post when the webview says `ready`. */
  ready(): HostToWebview[];
  /** Posts what the webview is to be sent as the stores change; returns a disposable. */
  listen(post: Post): { dispose(): void };
}

/** Follows the debugger, whatever assistant it shows. */
export function followingFeed(store: FeedSource): ViewFeed {
  return {
    pin: undefined,
    ready: () => [{ type: "snapshot", snapshot: store.snapshot() }],
    listen: (post) => store.onDelta((message) => post([message])),
  };
}

/** Pinned to one assistant: its deltas while the debugger is on it, a snapshot when it comes back, a `pinned` note when it leaves or returns. */
export class PinnedFeed implements ViewFeed {
  private following: boolean;

  constructor(
    readonly pin: Pin,
    private readonly store: FeedSource,
  ) {
    this.following = this.onPin();
  }

  ready(): HostToWebview[] {
    this.following = this.onPin();
    return this.following ? [this.snapshot(), this.note()] : [this.note()];
  }

  listen(post: Post): { dispose(): void } {
    return this.store.onDelta((message) => post(this.delta(message)));
  }

  /** What to post for one delta of the store (nothing, the delta, or a snapshot instead). */
  delta(message: HostToWebview): HostToWebview[] {
    const now = this.onPin();
    if (now !== this.following) {
      this.following = now;
      // Coming back: one snapshot covers the delta and whatever the tab missed.
      return now ? [this.snapshot(), this.note()] : [this.note()];
    }
    if (now) return [message];
    // Away, the pinned assistant's breakpoints still change (toggled from this very tab).
    return message.type === "breakpoints" && message.assistantId === this.pin.assistantId ? [message] : [];
  }

  private onPin(): boolean {
    return this.store.assistantId === this.pin.assistantId;
  }

  private snapshot(): HostToWebview {
    return { type: "snapshot", snapshot: this.store.snapshot() };
  }

  private note(): PinnedMessage {
    return { type: "pinned", pin: this.pin, following: this.following };
  }
}

/**
 * An editor tab: its own run while it has one (its own store, fed by the tab's own driver), else
 * the main store pinned to its assistant. While on its own run it still hears its assistant's
 * breakpoints and the deployment from the main store.
 */
export class TabFeed implements ViewFeed {
  private readonly pinned: PinnedFeed;
  private own: FeedSource | undefined;
  private ownSubscription: { dispose(): void } | undefined;
  private post: Post | undefined;

  constructor(
    readonly pin: Pin,
    private readonly main: FeedSource,
  ) {
    this.pinned = new PinnedFeed(pin, main);
  }

  ready(): HostToWebview[] {
    const own = this.own;
    if (!own) return this.pinned.ready();
    return [
      { type: "snapshot", snapshot: { ...own.snapshot(), deployment: this.main.deploymentShown } },
      this.ownNote(),
    ];
  }

  private ownNote(): PinnedMessage {
    return { type: "pinned", pin: this.pin, following: true, own: true };
  }

  listen(post: Post): { dispose(): void } {
    this.post = post;
    const subscription = this.main.onDelta((message) => post(this.own ? this.fromMainWhileOwn(message) : this.pinned.delta(message)));
    return {
      dispose: () => {
        subscription.dispose();
        this.ownSubscription?.dispose();
        this.post = undefined;
      },
    };
  }

  /** The tab shows a run of its own (its store), or goes back to the main store (undefined). */
  useOwn(own: FeedSource | undefined): void {
    this.ownSubscription?.dispose();
    this.own = own;
    this.ownSubscription = own?.onDelta((message) => this.post?.([message]));
    // A driver just made has no graph yet: the tab keeps drawing its graph until the run's own arrives.
    this.post?.(own && own.assistantId === undefined ? [this.ownNote()] : this.ready());
  }

  private fromMainWhileOwn(message: HostToWebview): HostToWebview[] {
    if (message.type === "deployment") return [message];
    if (message.type === "assistant") return message.assistant.assistantId === this.pin.assistantId ? [message] : [];
    return message.type === "breakpoints" && message.assistantId === this.pin.assistantId ? [message] : [];
  }
}

// What one graph webview is sent of the ViewStore: the side panel follows whatever the debugger
// shows; an editor tab pinned to one assistant gets that assistant's part only, keeping its last
// run on screen while the debugger is on another assistant. No `vscode` import: unit-testable.
import type { HostToWebview, Pin, PinnedMessage } from "../shared/protocol";
import type { ViewStore } from "./viewStore";

/** What a feed reads of the store. */
export type FeedSource = Pick<ViewStore, "assistantId" | "snapshot">;

/** The messages one webview gets: all of them after `ready`, then per store delta. */
export interface ViewFeed {
  /** The tab's pinned assistant; undefined for a view that follows the debugger. */
  readonly pin: Pin | undefined;
  /** What to post when the webview says `ready`. */
  ready(): HostToWebview[];
  /** What to post for one delta of the store (nothing, the delta, or a snapshot instead). */
  delta(message: HostToWebview): HostToWebview[];
}

/** Follows the debugger, whatever assistant it shows. */
export function followingFeed(store: FeedSource): ViewFeed {
  return {
    pin: undefined,
    ready: () => [{ type: "snapshot", snapshot: store.snapshot() }],
    delta: (message) => [message],
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

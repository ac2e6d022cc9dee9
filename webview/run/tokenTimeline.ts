// The token pane at any position of a recording: going forward adds the events in between; going
// back restores the nearest snapshot taken on the way (one every CHECKPOINT_EVERY token events) and
// adds forward from there, so a jump costs at most that many events whatever the recording's size.
import type { Namespace } from "../../src/engine/model";
import { countBelow, tokenEvent, type ViewTokens } from "../../src/engine/recording/storyView";
import type { TokenLog, TokenLogSnapshot } from "./tokenLog";

/** Token events between two snapshots. */
export const CHECKPOINT_EVERY = 2000;

/** Moves a TokenLog to positions of one recording. */
export class TokenTimeline {
  /** Snapshots by how many token events they hold: `snapshots[k]` holds (k + 1) × CHECKPOINT_EVERY. */
  private readonly snapshots: TokenLogSnapshot[] = [];
  /** Token events the log holds now. */
  private applied = 0;

  constructor(
    private readonly tokens: ViewTokens,
    private readonly resolve: (ns: Namespace, node: string) => string,
    private readonly every = CHECKPOINT_EVERY,
  ) {}

  /** Brings `log` to position `p`: the token events among the first `p` events. */
  seek(log: TokenLog, p: number): void {
    const target = countBelow(this.tokens.at, p);
    if (target < this.applied) {
      const k = Math.min(Math.floor(target / this.every), this.snapshots.length);
      if (k > 0) log.restore(this.snapshots[k - 1]);
      else log.clear();
      this.applied = k * this.every;
    }
    for (; this.applied < target; ) {
      const event = tokenEvent(this.tokens, this.applied);
      log.add(this.resolve(event.ns, event.node), event);
      this.applied++;
      if (this.applied % this.every === 0 && this.snapshots.length < this.applied / this.every) this.snapshots.push(log.snapshot());
    }
  }
}

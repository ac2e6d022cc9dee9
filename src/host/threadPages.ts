// The Threads view's pages: threads page by page (offset paging, newest update first) and a
// thread's checkpoints page by page (history, newest first, `before` the oldest loaded). No `vscode`
// import: unit-tested on scripted servers, and run against both real servers in
// test/integration/threadsScale.test.ts.
import type { Thread, ThreadState } from "@langchain/langgraph-sdk";

/** One page of threads from the server, in its order (`offset`, `limit`). */
export type FetchThreads = (offset: number, limit: number) => Promise<Thread[]>;

/**
 * The threads listed so far, a prefix of the server's order. Offsets shift when threads are created
 * or updated between two pages (sorted by `updated_at`, an updated thread moves to the top): a
 * thread seen already is not listed twice, and a refresh reads from the top until it meets a
 * thread unchanged since it was listed; everything after that one is unchanged too (nothing that
 * changed can sort below a thread that did not), so nothing is lost between the pages.
 */
export class ThreadPages {
  private list: Thread[] = [];
  private ended = false;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly fetch: FetchThreads,
    readonly pageSize = 50,
  ) {}

  /** The threads listed, in the server's order. */
  get threads(): readonly Thread[] {
    return this.list;
  }

  /** Whether the server has no thread past those listed (as of the last page read). */
  get complete(): boolean {
    return this.ended;
  }

  /** Whether any page was read. */
  get started(): boolean {
    return this.list.length > 0 || this.ended;
  }

  /** Reads the next page (one read at a time: a second call while one runs waits for it). */
  loadMore(): Promise<void> {
    this.loading ??= this.readNext().finally(() => (this.loading = undefined));
    return this.loading;
  }

  /** Reads pages until every thread is listed (tests, and the integration's whole-list timing). */
  async loadAll(): Promise<void> {
    while (!this.ended) await this.loadMore();
  }

  /** Reads again from the top: new and updated threads first, the rest as they were. */
  async refresh(): Promise<void> {
    await this.loading;
    if (!this.started) return this.loadMore();
    await this.readTop();
  }

  private async readTop(): Promise<void> {
    const known = new Map(this.list.map((t) => [t.thread_id, t.updated_at]));
    const fresh: Thread[] = [];
    const seen = new Set<string>();
    let anchored = false;
    let ended = false;
    for (let offset = 0; !anchored && !ended; ) {
      const page = await this.fetch(offset, this.pageSize);
      offset += page.length;
      ended = page.length < this.pageSize;
      for (const thread of page) {
        if (seen.has(thread.thread_id)) continue;
        seen.add(thread.thread_id);
        fresh.push(thread);
        if (known.get(thread.thread_id) === thread.updated_at) anchored = true;
      }
    }
    const rest = this.list.filter((t) => !seen.has(t.thread_id));
    this.list = [...fresh, ...(ended ? [] : rest)];
    this.ended = ended || this.ended;
  }

  private async readNext(): Promise<void> {
    if (this.ended) return;
    const page = await this.fetch(this.list.length, this.pageSize);
    const listed = new Set(this.list.map((t) => t.thread_id));
    const fresh = page.filter((t) => !listed.has(t.thread_id));
    this.list = [...this.list, ...fresh];
    this.ended = page.length < this.pageSize;
    // A thread listed already came again: threads were created or updated since, at the top, where only a read from the top finds them.
    if (fresh.length < page.length) await this.readTop();
  }
}

/** One page of a thread's history: newest first, older than `before` when given. */
export type FetchHistory = (limit: number, before: string | undefined) => Promise<ThreadState[]>;

const idOf = (state: ThreadState) => state.checkpoint.checkpoint_id ?? "";

/**
 * A thread's checkpoints loaded so far: the newest, then older pages on request. Each page is read
 * one longer than it is kept, so "more exist" is known, never guessed; a refresh reads from the top
 * until it meets a checkpoint it has (checkpoint ids grow with time on both servers, and the history
 * is ordered by them over all branches), so new checkpoints are added and none is dropped.
 */
export class CheckpointPages {
  private list: ThreadState[] = [];
  private more = false;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly fetch: FetchHistory,
    readonly pageSize = 200,
  ) {}

  /** The checkpoints loaded, newest first. */
  get checkpoints(): readonly ThreadState[] {
    return this.list;
  }

  /** Whether the server holds checkpoints older than the oldest loaded. */
  get hasOlder(): boolean {
    return this.more;
  }

  /** Reads the newest page, or the page before the oldest loaded. */
  loadOlder(): Promise<void> {
    this.loading ??= this.inTurn(this.readOlder());
    return this.loading;
  }

  /** Reads every page (the integration test's whole-history timing). */
  async loadAll(): Promise<void> {
    do await this.loadOlder();
    while (this.more);
  }

  /**
   * Adds the checkpoints written since the last read (a run went on, a state edit, a fork). Reads
   * take turns with each other and with loadOlder: two at once would both add what neither had.
   */
  refresh(): Promise<void> {
    const before = this.loading?.catch(() => undefined) ?? Promise.resolve();
    this.loading = this.inTurn(before.then(() => this.readNewer()));
    return this.loading;
  }

  /** The read under way until `read` settles, unless another was queued after it. */
  private inTurn(read: Promise<void>): Promise<void> {
    const mine: Promise<void> = read.finally(() => {
      if (this.loading === mine) this.loading = undefined;
    });
    return mine;
  }

  private async readNewer(): Promise<void> {
    if (!this.list.length) return this.readOlder();
    const have = new Set(this.list.map(idOf));
    const added: ThreadState[] = [];
    for (let before: string | undefined; ; ) {
      const page = await this.fetch(this.pageSize, before);
      const fresh = page.filter((s) => !have.has(idOf(s)));
      added.push(...fresh);
      if (fresh.length < page.length || page.length < this.pageSize) break;
      before = idOf(page[page.length - 1]);
    }
    this.list = [...added, ...this.list];
  }

  private async readOlder(): Promise<void> {
    const before = this.list.length ? idOf(this.list[this.list.length - 1]) : undefined;
    if (before !== undefined && !this.more) return;
    const page = await this.fetch(this.pageSize + 1, before);
    const have = new Set(this.list.map(idOf));
    const kept = page.slice(0, this.pageSize).filter((s) => !have.has(idOf(s)));
    this.list = [...this.list, ...kept];
    this.more = page.length > this.pageSize;
  }
}

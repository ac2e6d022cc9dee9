// The debug session's graph and its code: the graph read at launch or attach and replaced when the
// deployment's code is reloaded (every breakpoint checked again then), where its nodes are written
// (read again when a file of it changes or the code is reloaded), and the gutter breakpoints placed on
// it. No `vscode` import.
import type { DebugProtocol } from "@vscode/debugprotocol";
import path from "node:path";
import type { LangGraphApi } from "../engine/client";
import type { CodeReload } from "../engine/driver/codeReload";
import type { ThreadDriver } from "../engine/driver/threadDriver";
import { messageOf } from "../engine/errorMessage";
import type { GraphData } from "../engine/model";
import type { BreakpointTable } from "./breakpoints";
import type { ConsoleWriter } from "./consoleWriter";
import { frameLocation, readGraphSources, SourceBreakpoints, watchFiles, type GraphSources } from "./sourceBreakpoints";

/** What GraphCode needs from its session. */
export interface GraphCodeDeps {
  breakpoints: BreakpointTable;
  console: ConsoleWriter;
  driver(): ThreadDriver;
  /** A breakpoint's verification changed: the session sends a `breakpoint` changed event. */
  changed(breakpoint: DebugProtocol.Breakpoint): void;
}

/** The graph of one session, its source map and the source breakpoints on it. */
export class GraphCode {
  /**
   * The session's assistant's graph: breakpoints are checked against it, not against the graph the
   * shared driver shows now (a view may show another assistant meanwhile).
   */
  get graph(): GraphData | undefined {
    return this.graphValue;
  }
  private graphValue: GraphData | undefined;
  private assistantId: string | undefined;
  private readonly lines: SourceBreakpoints;
  /** The launch's (or attach's) reading of the graph's code: source breakpoints wait for it. */
  private reading: Promise<void> | undefined;
  /** Where the code was found, to read it again (kept when a later read fails: a half-saved langgraph.json). */
  private place: { root: string; graphId: string } | undefined;
  private watch: { close(): void } | undefined;
  /** Loads started: only the newest one's map is used (a save and a reload may both start one). */
  private loads = 0;
  /** The map's reading after the graph changed: going on waits for it, so the run's interrupts include the lines it places. */
  private rereading: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly deps: GraphCodeDeps) {
    this.lines = new SourceBreakpoints(deps.breakpoints, () => this.graph);
  }

  /** Marks the reading of the graph's code as under way (source breakpoints wait for it); call done when it is over. */
  started(): { done: () => void } {
    let done!: () => void;
    this.reading = new Promise<void>((resolve) => (done = resolve));
    return { done };
  }

  /**
   * Reads the assistant's graph (breakpoints set meanwhile are checked against it) and where its nodes
   * are written (`project`: a folder or a langgraph.json, default the adapter's folder), places the
   * source breakpoints set so far, and reads the code again when it changes.
   */
  async open(client: LangGraphApi, assistantId: string, project: string | undefined): Promise<void> {
    this.assistantId = assistantId;
    this.graphValue = await this.deps.driver().showGraph(assistantId).catch(() => undefined);
    this.graphChanged();
    const graphId = await client.assistants.get(assistantId).then((a) => a.graph_id, () => undefined);
    if (!graphId || !this.graph) {
      this.use({ why: `The graph of assistant ${assistantId} could not be read, so no line can be placed.` });
      return;
    }
    const sources = await this.load(path.resolve(project ?? process.cwd()), graphId);
    if (sources?.map) {
      const found = sources.map.nodes.filter((n) => n.source).length;
      this.deps.console.line(`Graph ${graphId}'s code: ${sources.map.langgraphJson} (${found} of ${sources.map.nodes.length} nodes placed).`);
    } else if (sources && project !== undefined) {
      // In the Debug Console only: VS Code names the workspace folder as `project` for every session, and
      // a workspace without the graph's code (a remote deployment) is no mistake to notify about each F5.
      this.deps.console.line(sources.why);
    }
  }

  /** Gutter breakpoints of one file: a line of a node's code (its add line or its function) breaks before that node. */
  async setLines(file: string | undefined, list: readonly DebugProtocol.SourceBreakpoint[]): Promise<DebugProtocol.Breakpoint[]> {
    await this.reading;
    if (!file) return list.map(() => ({ verified: false, message: "Only breakpoints in files of the graph's code can be placed." }));
    return this.lines.set(file, list);
  }

  /** `langgraph/childAttached` { language, attached = true }: a debugger of the graphs' code attached (or went); source breakpoints are placed again. */
  childAttached(args: unknown): void {
    const { language, attached = true } = (args ?? {}) as { language?: unknown; attached?: unknown };
    if (language !== "js" && language !== "python") throw new Error(`langgraph/childAttached: "language" is "js" or "python".`);
    for (const breakpoint of this.lines.child(language, attached !== false)) this.deps.changed(breakpoint);
  }

  /** A node's place for a stack frame, when its code was found. */
  frame(node: string): ReturnType<typeof frameLocation> {
    return frameLocation(this.lines.map, node);
  }

  /**
   * Going on from a stop, first: a graph that changed since the last look means the deployment's code
   * was reloaded. This is how the standalone adapter (no editor, no file watching) learns of a reload,
   * once per continue rather than by polling while stopped: the new code matters only once the run
   * goes on. In VS Code the host's ReloadWatcher has usually told the shared driver already, and this
   * look finds nothing new. A reload that leaves the graph as it was shows only to the watcher.
   */
  async lookForReload(): Promise<void> {
    const assistantId = this.assistantId;
    if (assistantId) await this.deps.driver().reloadCode({ assistantId }).catch((error: unknown) => this.deps.console.line(`Could not read the graph again: ${messageOf(error)}`, "stderr"));
    await this.rereading;
  }

  /** The driver's `codeReloaded`: says so in the Debug Console and checks the breakpoints against the new graph. */
  reloaded(reload: CodeReload, stopped: boolean): void {
    if (this.closed || reload.assistantId !== this.assistantId) return;
    this.graphValue = reload.graph;
    const list = (ids: string[]) => (ids.length ? ids.join(", ") : "none");
    const what = reload.files.length ? reload.files.map((f) => f.split(/[\\/]/).pop()).join(", ") : "the graph changed";
    this.deps.console.line(`Code reloaded: ${what}, nodes added ${list(reload.added)}, removed ${list(reload.removed)}.${stopped ? " Continue runs the new code." : ""}`, "important");
    this.graphChanged();
  }

  /**
   * The graph was read or changed (a reload): breakpoints set before are checked against it, and a
   * map read before is read again with the new graph's nodes (a node added by the reload gets its lines).
   */
  private graphChanged(): void {
    const graph = this.graph;
    if (!graph) return;
    for (const breakpoint of this.deps.breakpoints.revalidate(graph)) this.deps.changed(breakpoint);
    if (this.place) this.rereading = this.load(this.place.root, this.place.graphId).catch(() => undefined);
  }

  /** Stops watching the code. */
  close(): void {
    this.closed = true;
    this.watch?.close();
  }

  /** Reads the map (with the graph's nodes now), places every source breakpoint again (ids kept), and watches its files. */
  private async load(root: string, graphId: string): Promise<GraphSources | undefined> {
    const mine = ++this.loads;
    const nodes = (this.graph?.nodes ?? []).map((n) => n.id).filter((id) => !id.startsWith("__"));
    const sources = await readGraphSources(root, graphId, nodes);
    if (mine !== this.loads || this.closed) return undefined;
    this.use(sources);
    if (sources.map) this.place = { root, graphId };
    this.watch?.close();
    this.watch = sources.map ? watchFiles(sources.map.files, () => void this.load(root, graphId)) : undefined;
    return sources;
  }

  private use(sources: GraphSources): void {
    for (const breakpoint of this.lines.use(sources)) this.deps.changed(breakpoint);
  }
}

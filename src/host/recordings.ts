// Runs kept as files: "Save run…" (the story the graph view shows), "Save thread as run…" (a thread's
// whole history, from the Threads view), recording every run when the setting says so (a folder with
// a size cap), and "Compare runs…" (two recordings or two threads). The recorder listens to the
// driver like every other view; the files are read and written through VS Code's file system.
import * as vscode from "vscode";
import path from "node:path";
import type { ThreadState } from "@langchain/langgraph-sdk";
import type { DriverEvent, ThreadDriver } from "../engine/driver/threadDriver";
import { autoFileName } from "../engine/recording/autoFileName";
import { compareMarkdown, compareRuns, type RunSide } from "../engine/recording/compareRuns";
import type { Recording } from "../engine/recording/format";
import { readRecording } from "../engine/recording/readRecording";
import { recordThread, RunRecorder, type StorySnapshot } from "../engine/recording/recorder";
import { encodeRecording } from "../engine/recording/writeRecording";
import { overCap } from "../engine/recording/folderCap";
import type { Deployment } from "./deployment";
import { describeError } from "./errors";
import type { ReplayTarget } from "./replayTarget";
import { PickAfterRead } from "./pickAfterRead";
import { threadSubject } from "./threadLabels";

const SECTION = "langgraphDebugger.recording";
const COMPARE_SCHEME = "langgraph-compare";
const FILTERS = { "LangGraph run": ["lgrun", "gz"] };

export class Recordings implements vscode.Disposable {
  private readonly recorder = new RunRecorder();
  private readonly subscriptions: { dispose(): void }[];
  /** Comparisons shown, by document URI (read by the content provider; kept: a closed one can be reopened from history). */
  private readonly compared = new Map<string, string>();
  private comparisons = 0;
  /** The file the current story is kept in when every run is recorded. */
  private autoFile: { story: number; name: string } | undefined;
  /** The automatic recordings being written, one after another (see onDriverEvent). */
  private keeping: Promise<void> = Promise.resolve();

  constructor(
    private readonly driver: ThreadDriver,
    private readonly deployment: Deployment,
    private readonly replays: ReplayTarget,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions = [
      driver.onEvent((event) => this.onDriverEvent(event)),
      vscode.workspace.registerTextDocumentContentProvider(COMPARE_SCHEME, { provideTextDocumentContent: (uri) => this.compared.get(uri.toString()) ?? "" }),
    ];
  }

  /** Saves the story shown (every run of the thread since it was picked) where the person says. */
  async saveRun(): Promise<vscode.Uri | undefined> {
    const recorded = this.recorder.thread;
    if (!recorded) throw new Error('Nothing to save yet: stream a run first ("LangGraph: Stream run").');
    if (this.driver.target?.running) throw new Error("The run is still going: save it once it pauses or ends.");
    return this.saveAs(recorded, "run", () => this.record());
  }

  /** Saves a thread's whole history (no stream events: those are kept only for runs watched here). */
  async saveThread(threadId: string, assistantId?: string): Promise<vscode.Uri | undefined> {
    const client = await this.replays.client();
    const assistant = assistantId ?? (await client.threads.get(threadId)).metadata?.assistant_id;
    if (typeof assistant !== "string") throw new Error(`Thread ${threadId} names no assistant: it has never run.`);
    const recorded = this.recorder.thread;
    const record = async () => (recorded?.threadId === threadId ? this.record() : recordThread(client, assistant, threadId, { schemas: (id) => this.driver.schemas(id), secrets: await this.deployment.secretValues() }));
    return this.saveAs({ assistantId: assistant, threadId }, "thread", record);
  }

  /** Compares two recordings picked from disk, or two threads of the deployment. */
  async compare(): Promise<void> {
    const how = await vscode.window.showQuickPick(
      [
        { label: "Two recordings…", description: ".lgrun files", value: "files" as const },
        { label: "Two threads of the deployment…", description: this.deployment.url, value: "threads" as const },
      ],
      { title: "LangGraph: compare runs" },
    );
    if (!how) return;
    const sides = how.value === "files" ? await this.pickRecordings() : await this.pickThreads();
    if (!sides) return;
    // A read-only document of its own scheme: nothing to save, no prompt when it is closed.
    const uri = vscode.Uri.from({ scheme: COMPARE_SCHEME, path: "/Runs compared.md", query: String(++this.comparisons) });
    this.compared.set(uri.toString(), compareMarkdown(compareRuns(sides[0], sides[1])));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
    // Rendered in the same editor group (the Markdown text stays one tab away).
    await vscode.commands.executeCommand("markdown.showPreview", uri).then(undefined, () => undefined);
  }

  /** A recording of `story` (the story shown, unless given). */
  private async record(story = this.recorder.snapshot()): Promise<Recording> {
    const client = await this.replays.client();
    // The graph shown is the recorded assistant's only when no view has moved on to another one; else it is read again.
    const shown = this.driver.graph;
    const graph = shown && shown.assistantId === story?.assistantId ? shown.graph : undefined;
    // The driver's schemas: read once per deployment, likely in hand already (the view asked on the graph shown).
    return this.recorder.recording(client, { graph, schemas: (assistantId) => this.driver.schemas(assistantId), secrets: await this.deployment.secretValues() }, story);
  }

  /** Asks where first (reading the history and schemas can take seconds), then records and writes. */
  private async saveAs(thread: { assistantId: string; threadId: string }, what: "run" | "thread", record: () => Promise<Recording>): Promise<vscode.Uri | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const client = await this.replays.client();
    // The graph's name reads better than an assistant's uuid (one quick request; the id if it fails).
    const graph = await client.assistants.get(thread.assistantId, { signal: AbortSignal.timeout(3000) }).then((a) => a.graph_id, () => undefined);
    const name = `${graph ?? thread.assistantId.slice(0, 8)}-${thread.threadId.slice(0, 8)}-${stamp(new Date().toISOString())}.lgrun`;
    const uri = await vscode.window.showSaveDialog({ title: `LangGraph: save ${what}`, defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined, filters: FILTERS, saveLabel: "Save" });
    if (!uri) return undefined;
    const recording = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `LangGraph: saving ${path.basename(uri.fsPath)}…` }, record);
    await vscode.workspace.fs.writeFile(uri, encodeRecording(recording, { gzip: uri.path.endsWith(".gz") }));
    this.log.info(`Saved ${recording.runs.length} run(s) of thread ${recording.threadId} to ${uri.fsPath}`);
    void vscode.window.showInformationMessage(`Saved ${path.basename(uri.fsPath)}.`, "Open").then((choice) => {
      if (choice) void vscode.commands.executeCommand("vscode.open", uri);
    });
    return uri;
  }

  private onDriverEvent(event: DriverEvent): void {
    this.recorder.onDriverEvent(event);
    // A thread picked in the Threads view ends a story too, but no run: recording it would read its whole history for nothing.
    if (event.type !== "runEnded" || event.fromHistory || !this.settings().enabled) return;
    // The story as this run left it, written after any write still going: a write that ends late (a JS
    // server reads schemas for seconds) never replaces a later run's, nor records a story begun since.
    const story = this.recorder.snapshot();
    if (!story) return;
    this.keeping = this.keeping.then(() => this.keep(story)).catch((error: unknown) => this.log.warn(`Could not record the run: ${describeError(error)}`));
  }

  /** Recording every run: the story's file is rewritten after each run, then the folder is cut to its cap (oldest first). */
  private async keep(story: StorySnapshot): Promise<void> {
    const { folder, maxMegabytes } = this.settings();
    if (!folder) return;
    this.autoFile = { story: story.story, name: autoFileName(this.autoFile, story, stamp(new Date().toISOString())) };
    const uri = vscode.Uri.joinPath(folder, this.autoFile.name);
    await vscode.workspace.fs.createDirectory(folder);
    await vscode.workspace.fs.writeFile(uri, encodeRecording(await this.record(story), { gzip: true }));
    this.log.info(`Recorded thread ${story.threadId} to ${uri.fsPath}`);
    await capFolder(folder, maxMegabytes * 1024 * 1024, uri, this.log);
  }

  private settings(): { enabled: boolean; folder: vscode.Uri | undefined; maxMegabytes: number } {
    const config = vscode.workspace.getConfiguration(SECTION);
    const configured = config.get<string>("folder")?.trim() || ".langgraph/runs";
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    const folder = path.isAbsolute(configured) ? vscode.Uri.file(configured) : root ? vscode.Uri.joinPath(root, configured) : undefined;
    return { enabled: config.get<boolean>("enabled") === true, folder, maxMegabytes: Math.max(1, config.get<number>("maxMegabytes") ?? 200) };
  }

  /** Two recordings, one open dialog each (code-server's dialog picks one file). */
  private async pickRecordings(): Promise<[RunSide, RunSide] | undefined> {
    const sides: RunSide[] = [];
    for (const which of ["first", "second"]) {
      const [uri] = (await vscode.window.showOpenDialog({ title: `LangGraph: the ${which} recording to compare`, filters: FILTERS, defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri })) ?? [];
      if (!uri) return undefined;
      const { recording } = readRecording(await vscode.workspace.fs.readFile(uri), uri.fsPath);
      sides.push({ name: `${path.basename(uri.fsPath)} (thread ${recording.threadId})`, history: recording.history as RunSide["history"] });
    }
    return [sides[0], sides[1]];
  }

  /** Two threads of the deployment, one pick each (the second list leaves out the first). */
  private async pickThreads(): Promise<[RunSide, RunSide] | undefined> {
    const client = await this.replays.client();
    // Opens busy while a slow server reads its threads.
    const pick = new PickAfterRead<ThreadRow>("LangGraph: compare runs (1/2): the first thread", "threads", client.apiUrl);
    let rows: ThreadRow[];
    let first: ThreadRow | undefined;
    try {
      const threads = await pick.read((signal) => client.threads.search({ limit: 50 }, { signal }));
      if (!threads) return undefined;
      if (threads.length < 2) throw new Error(`Comparing needs two threads; ${client.apiUrl} has ${threads.length}.`);
      rows = threads.map((t) => ({ label: threadSubject(t) ?? t.thread_id, description: `${String(t.metadata?.graph_id ?? "")} · ${t.status} · ${t.updated_at}`, detail: t.thread_id, id: t.thread_id }));
      first = await pick.choose(rows, { placeholder: "The first thread", matchOnDetail: true });
    } finally {
      pick.dispose();
    }
    if (!first) return undefined;
    const second = await vscode.window.showQuickPick(rows.filter((r) => r.id !== first.id), { title: "LangGraph: compare runs (2/2): the second thread", matchOnDetail: true });
    if (!second) return undefined;
    const side = async (row: ThreadRow): Promise<RunSide> => ({ name: `${row.label} (thread ${row.id})`, history: (await client.threads.history(row.id, { limit: 1000 })) as ThreadState[] as RunSide["history"] });
    return [await side(first), await side(second)];
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

/** A thread offered for comparing. */
type ThreadRow = vscode.QuickPickItem & { id: string };

/** Deletes the oldest recordings in `folder` until it holds at most `maxBytes` (never `keep`). */
async function capFolder(folder: vscode.Uri, maxBytes: number, keep: vscode.Uri, log: vscode.LogOutputChannel): Promise<void> {
  const entries = await vscode.workspace.fs.readDirectory(folder);
  const files = await Promise.all(
    entries
      .filter(([name, type]) => type === vscode.FileType.File && /\.lgrun(\.gz)?$/.test(name))
      .map(async ([name]) => ({ name, ...(await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder, name))) })),
  );
  for (const name of overCap(files, maxBytes, path.basename(keep.path))) {
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, name));
    log.info(`Recordings folder over its cap: deleted ${name}`);
  }
}

function stamp(iso: string): string {
  return iso.replace(/[-:]/g, "").replace(/\.\d+Z$/, "").replace("T", "-");
}

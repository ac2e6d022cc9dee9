// What a debug session does before its first run: start its own dev server when the launch asks for
// one (`"server": "start"`), resolve the deployment and the thread (launch or attach), read the graph
// and its code, and set the launch's breakpoints. Held by LangGraphDebugSession; no `vscode` import.
import { Event, OutputEvent } from "@vscode/debugadapter";
import type { DebugProtocol } from "@vscode/debugprotocol";
import type { GraphSchema } from "@langchain/langgraph-sdk";
import type { LangGraphApi } from "../engine/client";
import type { LangGraphHttpError } from "../engine/client/httpError";
import type { DevServer } from "../engine/devServer";
import { ThreadDriver, type DriverDeps } from "../engine/driver/threadDriver";
import { messageOf } from "../engine/errorMessage";
import type { BreakpointTable } from "./breakpoints";
import type { ConsoleWriter } from "./consoleWriter";
import type { GraphCode } from "./graphCode";
import { resolveAttach, resolveLaunch, unknownInputNote, type AttachArguments, type LaunchArguments, type OpenRecording, type Resolved } from "./launch";
import { SERVER_STARTED_EVENT, serverForLaunch, startedInfo, stopServer, type ServerReporter, type ServerStarted } from "./sessionServer";

/** How the session gets its client and driver (the extension passes its shared driver). */
export interface LangGraphSessionOptions {
  /** The client of a deployment URL (API key from the host or the environment). */
  createClient(apiUrl: string): LangGraphApi;
  /** A shared driver, or a factory given the session's deps; default a new ThreadDriver of its own. */
  driver?: ThreadDriver | ((deps: DriverDeps) => ThreadDriver);
  /**
   * Asks the person for the answer to an interrupt (VS Code: an input box), so Continue on a node
   * waiting in interrupt() can resume it. Without it, Continue there says to send `resume`.
   */
  askResumeValue?(question: string): Promise<{ value: unknown } | undefined>;
  /** Opens a `launch` `replay` recording (default: read from disk). */
  openRecording?: OpenRecording;
  /**
   * The session started its own dev server (`"server": "start"`), which answers now; the launch goes on
   * once this resolves (VS Code attaches the debugger of the graphs' code here, before the first run).
   */
  onServerStarted?(server: ServerStarted): Promise<void>;
  /** Where a started server's output goes (default: the Debug Console). */
  serverOutput?(text: string): void;
  /** The Python interpreter for a started Python server whose project has no .venv. */
  python?: string;
  /**
   * The deployment refused the session's credentials (401 / 403). Returns true when the host said so
   * itself (VS Code: the one "Set API key" notification), so the client shows no second message.
   */
  onRefused?(error: LangGraphHttpError): boolean;
}

/** What SessionLaunch needs from its session. */
export interface SessionLaunchDeps {
  options: LangGraphSessionOptions;
  console: ConsoleWriter;
  code: GraphCode;
  breakpoints: BreakpointTable;
  sendEvent(event: DebugProtocol.Event): void;
  /**
   * An assistant's schemas, read through the session's driver: once per deployment and assistant,
   * shared with the graph view's reads in VS Code. A JS server extracts them again (a TypeScript
   * compile, seconds of CPU) for every request that comes while its first extraction runs.
   */
  schemas(client: LangGraphApi, assistantId: string): Promise<GraphSchema>;
  /** The session has ended (a server started meanwhile is stopped at once). */
  ended(): boolean;
}

/** The session's deployment, thread and own dev server, as launch or attach found them. */
export class SessionLaunch {
  client: LangGraphApi | undefined;
  resolved: Resolved | undefined;
  /** The dev server this session started, stopped when it ends. */
  private server: DevServer | undefined;
  private readonly report: ServerReporter;
  /**
   * Launch or attach has done all it does before a run may start (the graph's code read, `launch`'s
   * breakpoints set): `resolved` is set earlier, and configurationDone may come in between.
   */
  private launched = false;
  private configured = false;
  private started = false;

  constructor(private readonly deps: SessionLaunchDeps) {
    this.report = {
      say: (text, category) => deps.console.line(text, category),
      output: (text) => (deps.options.serverOutput ? deps.options.serverOutput(text) : deps.sendEvent(new OutputEvent(text, "stdout"))),
    };
  }

  /** `launch`: its own server if asked, the deployment and run resolved, the graph's code read, its breakpoints set. */
  async launch(args: LaunchArguments): Promise<void> {
    const read = this.deps.code.started();
    try {
      await this.launchWith(await this.startServer(args));
      this.launched = true;
    } finally {
      read.done();
    }
  }

  /** `attach`: the deployment and thread resolved, the graph's code read. */
  async attach(args: AttachArguments): Promise<void> {
    const read = this.deps.code.started();
    try {
      const { client, resolved } = await resolveAttach(args, this.deps.options.createClient);
      this.client = client;
      this.resolved = resolved;
      this.sayUnknownInputKeys(client, resolved);
      await this.deps.code.open(client, resolved.assistantId, args.project);
      this.launched = true;
    } finally {
      read.done();
    }
  }

  /** The client has sent its breakpoints (configurationDone). */
  configurationDone(): void {
    this.configured = true;
  }

  /** Once launch (or attach) is done and the client configured, the first time only: what to run (a restart asks again). */
  takeStart(again = false): Resolved | undefined {
    if (again) this.started = false;
    if (!this.resolved || !this.launched || !this.configured || this.started) return undefined;
    this.started = true;
    return this.resolved;
  }

  /** Keys of the input its schema does not name, said on the console when the schemas come (the JS server's first read takes seconds; the launch does not wait). */
  private sayUnknownInputKeys(client: LangGraphApi, resolved: Resolved): void {
    if (!resolved.input) return;
    void this.deps.schemas(client, resolved.assistantId).then(
      (schemas) => {
        const note = unknownInputNote(schemas.input_schema, resolved.input);
        if (note) this.deps.console.line(note, "important");
      },
      () => undefined,
    );
  }

  private async launchWith(args: LaunchArguments): Promise<void> {
    const { client, resolved } = await resolveLaunch(args, this.deps.options.createClient, this.deps.options.openRecording);
    this.client = client;
    this.resolved = resolved;
    if (resolved.replay) {
      this.deps.console.line(`Replaying ${resolved.replay.file}: ${resolved.replay.about}. Offline: runs go as recorded, interrupt() gets the recorded answer, state cannot be edited.`, "important");
      for (const warning of resolved.replay.warnings) this.deps.console.line(warning, "important");
    }
    this.sayUnknownInputKeys(client, resolved);
    await this.deps.code.open(client, resolved.assistantId, args.project);
    // Breakpoints given at launch, for clients with no UI for function breakpoints (nvim-dap).
    const launchBreakpoints = (args.breakpoints ?? []).map((b) => (typeof b === "string" ? { name: b } : b));
    const refused = this.deps.breakpoints.setFunctionBreakpointsOf("launch", launchBreakpoints, this.deps.code.graph).filter((b) => !b.verified);
    if (refused.length > 0) throw new Error(`"breakpoints": ${refused.map((b) => b.message).join(" ")}`);
  }

  /** The session's driver: the options' shared one, or one of its own on the session's client. */
  driver(breakpoints: DriverDeps["breakpoints"]): ThreadDriver {
    const deps: DriverDeps = {
      client: async () => {
        if (!this.client) throw new Error("No deployment: launch or attach first.");
        return this.client;
      },
      breakpoints,
      log: { info: (m) => this.deps.console.line(m), warn: (m) => this.deps.console.line(m, "important") },
    };
    const given = this.deps.options.driver;
    return given instanceof ThreadDriver ? given : given ? given(deps) : new ThreadDriver(deps);
  }

  /** Stops the session's own server, if it started one. */
  stopServer(): Promise<void> {
    return stopServer(this.server, this.report);
  }

  /** Starts the launch's own dev server when it asks for one; the launch then debugs it. */
  private async startServer(args: LaunchArguments): Promise<LaunchArguments> {
    const server = await serverForLaunch(args, this.report, this.deps.options.python);
    if (!server) return args;
    this.server = server;
    if (this.deps.ended()) {
      await stopServer(server, this.report);
      throw new Error("The session ended while its server started.");
    }
    const info = startedInfo(server);
    this.deps.sendEvent(new Event(SERVER_STARTED_EVENT, info));
    await this.deps.options.onServerStarted?.(info).catch((error: unknown) => this.deps.console.line(`Could not attach the debugger of the graphs' code: ${messageOf(error)}`, "important"));
    return { ...args, deploymentUrl: server.url };
  }
}

// A launch's own dev server (`"server": "start"`, or `"auto"` when nothing answers at the deployment
// URL and the project has a langgraph.json): started before the launch is checked, stopped when the
// session ends. What a client needs to attach a line-level debugger goes out as a custom DAP event.
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { startDevServer, type DevServer } from "../engine/devServer";
import { messageOf } from "../engine/errorMessage";
import { DEFAULT_URL, type LaunchArguments } from "./launch";

/** The custom event sent once the session's server answers (body: ServerStarted). */
export const SERVER_STARTED_EVENT = "langgraph/serverStarted";

/**
 * The custom request a client sends when a debugger of the graphs' code is attached to the server
 * (args: { language: "js" | "python", attached?: boolean }, attached by default), or detached: while
 * attached, a line inside a node's function is that debugger's, not "before the node".
 */
export const CHILD_ATTACHED_REQUEST = "langgraph/childAttached";

/** What a client needs to attach to the started server's code. */
export interface ServerStarted {
  url: string;
  kind: "js" | "python";
  /** The project folder (holds langgraph.json). */
  project: string;
  /** JS: the Node inspector's port in the process that runs the graphs; Python: debugpy's port. */
  debugPort?: number;
  /** Why there is no debug port. */
  debugProblem?: string;
  /** The server's process group. */
  pid: number;
}

/** How the session reports on its server. */
export interface ServerReporter {
  /** A line for the Debug Console. */
  say(text: string, category?: "console" | "important" | "stderr"): void;
  /** The server's own output. */
  output(text: string): void;
}

const MODES = ["start", "attach", "auto"] as const;
/** Servers the session stopped on purpose (one that exits by itself is reported). */
const stopped = new WeakSet<DevServer>();

/** Starts the launch's server when it asks for one (or `auto` finds none running); undefined: use `deploymentUrl`. */
export async function serverForLaunch(args: LaunchArguments, report: ServerReporter, python?: string): Promise<DevServer | undefined> {
  const mode = args.server ?? "auto";
  if (!MODES.includes(mode)) throw new Error(`"server" must be "start", "attach" or "auto", not ${JSON.stringify(mode)}.`);
  if (mode === "attach" || args.replay !== undefined) return undefined;
  const project = path.resolve(args.project ?? process.cwd());
  if (mode === "auto") {
    if (!hasConfig(project)) return undefined;
    const url = args.deploymentUrl ?? DEFAULT_URL;
    if (await answers(url)) {
      report.say(`A server answers at ${url}: debugging it ("server": "start" starts one for this project instead).`);
      return undefined;
    }
  }
  report.say(`Starting langgraph dev for ${project}…`);
  const started = Date.now();
  const server = await startDevServer({ project, debug: true, python, onOutput: (text) => report.output(text) });
  report.say(`langgraph dev (${server.project.kind}) is up at ${server.url} after ${((Date.now() - started) / 1000).toFixed(1)} s; it stops with the session.`);
  if (server.debugProblem) report.say(`No line-level debugging of the graphs' code: ${server.debugProblem}.`, "important");
  void server.exited.then(() => {
    // Stopping it says nothing; a server that goes away by itself is worth a line.
    if (!stopped.has(server)) report.say(`langgraph dev exited by itself. Its last output:\n${server.output().slice(-2_000).trimEnd()}`, "stderr");
  });
  return server;
}

/** Stops the session's server; resolves once its process group is gone (idempotent, said once). */
export async function stopServer(server: DevServer | undefined, report: ServerReporter): Promise<void> {
  if (!server) return;
  const first = !stopped.has(server);
  stopped.add(server);
  try {
    await server.stop();
    if (first) report.say(`Stopped langgraph dev at ${server.url}.`);
  } catch (error) {
    if (first) report.say(`Could not stop langgraph dev (process group ${server.pid}): ${messageOf(error)}`, "stderr");
  }
}

/** The custom event's body. */
export function startedInfo(server: DevServer): ServerStarted {
  const info: ServerStarted = { url: server.url, kind: server.project.kind, project: server.project.folder, pid: server.pid };
  if (server.debugPort !== undefined) info.debugPort = server.debugPort;
  if (server.debugProblem) info.debugProblem = server.debugProblem;
  return info;
}

function hasConfig(project: string): boolean {
  if (!existsSync(project)) return false;
  return statSync(project).isDirectory() ? existsSync(path.join(project, "langgraph.json")) : true;
}

/** Whether anything answers HTTP at the URL (a deployment that wants a key still answers). */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(`${url.replace(/\/+$/, "")}/ok`, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

// `npm run demo` stopped with SIGTERM cleans up as Ctrl-C does: the sample server, VS Code and
// every other child exit, and the temp folders (the demo's workspace, the server's state folder)
// are gone, also when the stop comes while the server is still starting. The real script runs with
// a stand-in for VS Code's `code` CLI on PATH (it waits like `code --wait` until killed), so the
// demo takes its desktop path without opening a window, on a .code-workspace file of the sample project.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
let fakeBin: string;

beforeAll(() => {
  // The demo installs what is missing; a test must never install (node_modules may be shared).
  for (const check of [["scripts/ensure-root-deps.mjs", "--check"], ["scripts/ensure-examples.mjs", "--check"]]) {
    const result = spawnSync(process.execPath, check, { cwd: root, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${check[0]} says an install is needed; install first:\n${result.stdout}${result.stderr}`);
  }
  fakeBin = mkdtempSync(path.join(tmpdir(), "lgd-demo-test-bin-"));
  writeFileSync(path.join(fakeBin, "code"), '#!/bin/sh\n# Stands in for `code --wait`: lives until killed.\nexec sleep 600\n');
  chmodSync(path.join(fakeBin, "code"), 0o755);
});

afterAll(() => {
  rmSync(fakeBin, { recursive: true, force: true });
});

interface Proc {
  pid: number;
  cmd: string;
}

/** Every process below `pid`, read from /proc. */
function descendants(pid: number): Proc[] {
  const children = new Map<number, Proc[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const cmd = readFileSync(`/proc/${name}/cmdline`, "utf8").replace(/\0/g, " ").trim();
      children.set(ppid, [...(children.get(ppid) ?? []), { pid: Number(name), cmd }]);
    } catch {
      // gone meanwhile
    }
  }
  const found: Proc[] = [];
  for (let queue = [pid]; queue.length; ) {
    const next = children.get(queue.shift()!) ?? [];
    found.push(...next);
    queue.push(...next.map((p) => p.pid));
  }
  return found;
}

/** Still running (not a zombie) with the same command line: not a new process that reused the pid. */
function alive(proc: Proc): boolean {
  try {
    const stat = readFileSync(`/proc/${proc.pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
    return state !== "Z" && readFileSync(`/proc/${proc.pid}/cmdline`, "utf8").replace(/\0/g, " ").trim() === proc.cmd;
  } catch {
    return false;
  }
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  for (const started = Date.now(); ; await new Promise((r) => setTimeout(r, 50))) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
  }
}

/** Starts `node scripts/demo.mjs` with the stand-in `code` first on PATH. */
function startDemo() {
  const child = spawn(process.execPath, ["scripts/demo.mjs"], { cwd: root, env: { ...process.env, PATH: `${fakeBin}${path.delimiter}${process.env.PATH}` }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** The sample server's state folder, from its command line (`--config <folder>`). */
const serverFolder = (procs: Proc[]) => procs.map((p) => /langgraph-cli\S* dev .*--config (\S+)/.exec(p.cmd)?.[1]).find(Boolean);

describe("npm run demo stopped with SIGTERM", () => {
  it("once running: VS Code, the sample server and every child exit, and the temp folders are gone", async () => {
    const demo = startDemo();
    const pid = demo.child.pid!;
    const workspace = await until("the demo to open VS Code", () => /VS Code opened on (\S+);/.exec(demo.output())?.[1]);
    const url = /sample deployment \(js\) at (\S+)/.exec(demo.output())?.[1];
    expect(existsSync(workspace)).toBe(true);
    // The sample project itself is the workspace; the demo's settings live in the temp .code-workspace file.
    expect(JSON.parse(readFileSync(workspace, "utf8"))).toEqual({ folders: [{ path: path.join(root, "examples", "js") }], settings: { "langgraphDebugger.deploymentUrl": url } });
    // The stand-in `code` is a shell that execs `sleep`: on a loaded machine the exec can come after the demo's line.
    const children = await until("the stand-in for VS Code to run", () => {
      const procs = descendants(pid);
      return procs.some((p) => p.cmd.startsWith("sleep 600")) ? procs : undefined;
    });
    const folder = serverFolder(children);
    expect(folder && existsSync(folder)).toBe(true);
    expect((await fetch(`${url}/ok`)).status).toBe(200);

    process.kill(pid, "SIGTERM");
    expect(await demo.exited).toBe(143);
    expect(demo.output()).toContain("stopped");
    expect(existsSync(workspace)).toBe(false);
    expect(existsSync(folder!)).toBe(false);
    expect(children.filter(alive)).toEqual([]);
    await expect(fetch(`${url}/ok`)).rejects.toThrow();
  });

  it("while the sample server starts: the server is stopped once up, its folder removed, VS Code never opened", async () => {
    const demo = startDemo();
    const pid = demo.child.pid!;
    const folder = await until("the sample server to be spawned", () => serverFolder(descendants(pid)), 90_000);
    expect(demo.output()).not.toContain("sample deployment (js) at");
    const children = descendants(pid);

    process.kill(pid, "SIGTERM");
    expect(await demo.exited).toBe(143);
    expect(demo.output()).not.toContain("VS Code opened");
    expect(existsSync(folder)).toBe(false);
    expect([...children, ...descendants(pid)].filter(alive)).toEqual([]);
  });
});

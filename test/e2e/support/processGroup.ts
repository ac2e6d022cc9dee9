/** Stopping the process trees that e2e tests and the demo start: by process group, then by marker. */
import fs from "node:fs";

/** Groups started and not stopped yet, with their leftover markers: killed if this process exits first. */
const liveGroups = new Map<number, string>();
process.once("exit", () => {
  for (const [pgid, marker] of liveGroups) {
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      // already gone
    }
    killProcessesMarkedWith(marker);
  }
});

/** Remembers a started group so that it dies with this process even if its stop() never runs. */
export function trackProcessGroup(pgid: number, leftoverMarker: string): void {
  liveGroups.set(pgid, leftoverMarker);
}

/** True while any process of the group `pgid` is alive. */
export function isProcessGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM the whole group, wait up to `graceMs`, then SIGKILL what is left. */
export async function stopProcessGroup(pgid: number, graceMs = 10_000): Promise<void> {
  liveGroups.delete(pgid);
  if (!isProcessGroupAlive(pgid)) return;
  try {
    process.kill(-pgid, "SIGTERM");
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && isProcessGroupAlive(pgid)) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  try {
    process.kill(-pgid, "SIGKILL");
  } catch {
    // already gone
  }
}

/**
 * SIGKILLs every process whose command line or environment holds `marker` (a scratch path
 * unique to one run). Catches what escaped its process group, e.g. an extension host that
 * outlives code-server and would hold `vscode.lock` for hours. Returns the pids killed.
 */
export function killProcessesMarkedWith(marker: string): number[] {
  const killed: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    if (!procFileIncludes(pid, "cmdline", marker) && !procFileIncludes(pid, "environ", marker)) continue;
    try {
      process.kill(pid, "SIGKILL");
      killed.push(pid);
    } catch {
      // exited meanwhile
    }
  }
  return killed;
}

function procFileIncludes(pid: number, file: "cmdline" | "environ", marker: string): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`).includes(marker);
  } catch {
    return false;
  }
}

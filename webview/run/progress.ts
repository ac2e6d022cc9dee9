// Custom stream events (a node's `config.writer` / `get_stream_writer()` output): which node wrote
// one, and how it reads. The stream says only the namespace a custom event came from, so the
// node is the one task running in that namespace (as the superstep assembler decides it).
import type { Namespace, RunEvent } from "../../src/engine/model";

/** Follows which tasks run in each namespace, to name the node a custom event came from. */
export class CustomEventSource {
  private running = new Map<string, Map<string, string>>();

  /** Notes a task starting or finishing. */
  follow(event: RunEvent): void {
    if (event.kind === "taskStart") this.tasks(event.ns).set(event.taskId, event.node);
    else if (event.kind === "taskResult") this.tasks(event.ns).delete(event.taskId);
  }

  /** The node that wrote a custom event from `ns`: the only task running there, else none. */
  nodeOf(ns: Namespace): string | undefined {
    const tasks = this.running.get(ns.join("|"));
    return tasks?.size === 1 ? [...tasks.values()][0] : undefined;
  }

  clear(): void {
    this.running.clear();
  }

  private tasks(ns: Namespace): Map<string, string> {
    const key = ns.join("|");
    let tasks = this.running.get(key);
    if (!tasks) this.running.set(key, (tasks = new Map()));
    return tasks;
  }
}

/** A custom event as one line: a string as is; `{progress, of}` as "1/3" and the other fields as `key: value`. */
export function customText(data: unknown): string {
  if (typeof data === "string") return data;
  if (data === null || typeof data !== "object" || Array.isArray(data)) return JSON.stringify(data) ?? String(data);
  const fraction = progressFraction(data);
  const rest = Object.entries(data)
    .filter(([k]) => fraction === undefined || (k !== "progress" && k !== "of" && k !== "total"))
    .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
  const head = fraction === undefined ? [] : [`${(data as { progress: number }).progress}/${total(data)}`];
  return [...head, ...rest].join(" · ");
}

/** How far along `{progress, of | total}` says the work is (0–1), when it says. */
export function progressFraction(data: unknown): number | undefined {
  if (data === null || typeof data !== "object") return undefined;
  const progress = (data as { progress?: unknown }).progress;
  const of = total(data);
  if (typeof progress !== "number" || typeof of !== "number" || !(of > 0)) return undefined;
  return Math.min(1, Math.max(0, progress / of));
}

function total(data: object): unknown {
  const d = data as { of?: unknown; total?: unknown };
  return d.of ?? d.total;
}

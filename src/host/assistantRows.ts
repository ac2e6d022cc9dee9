// What the Assistants view says about each assistant and version. No `vscode` import: the tree items
// are built from these rows and unit-tested.
import type { Assistant, AssistantVersion } from "@langchain/langgraph-sdk";
import { shortTime, type TimeFormat } from "./threadLabels";

/** A graph's default assistant: the one each server makes for every graph it hosts (`created_by: system`). */
export function isSystemAssistant(assistant: Pick<Assistant, "metadata">): boolean {
  return (assistant.metadata as Record<string, unknown> | undefined)?.created_by === "system";
}

/** `configurable` (and context) on one line: `tokens=3, delay_ms=0`; "default config" when empty. */
export function configSummary(config: Assistant["config"] | undefined, context?: unknown, max = 60): string {
  const configurable = (config?.configurable ?? {}) as Record<string, unknown>;
  // The Python server copies `configurable` into `context` (and back): each key is said once.
  const extra = context && typeof context === "object" ? Object.entries(context as Record<string, unknown>).filter(([k]) => !(k in configurable)) : [];
  const rest = Object.entries(config ?? {}).filter(([k, v]) => k !== "configurable" && v !== undefined && !(Array.isArray(v) && v.length === 0));
  const parts = [...Object.entries(configurable), ...extra, ...rest].map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
  if (parts.length === 0) return "default config";
  const text = parts.join(", ");
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** An assistant as a row of the Assistants view. */
export interface AssistantTreeRow {
  label: string;
  description: string;
  tooltip: string;
  /** `assistant`, or `systemAssistant` (a graph's default: it cannot be deleted here). */
  contextValue: "assistant" | "systemAssistant";
  icon: "robot" | "pass-filled";
}

/** Name, graph, version, whether it is its graph's default and whether runs use it now. */
export function assistantTreeRow(assistant: Assistant, usedForRuns: boolean, format: TimeFormat = {}): AssistantTreeRow {
  const system = isSystemAssistant(assistant);
  const name = assistant.name || assistant.graph_id;
  const parts = [
    name !== assistant.graph_id ? assistant.graph_id : undefined,
    system ? "default" : undefined,
    `v${assistant.version}`,
    system ? undefined : configSummary(assistant.config, assistant.context, 40),
    usedForRuns ? "used for runs" : undefined,
  ].filter(Boolean);
  const tooltip = [
    `${name} (graph ${assistant.graph_id})${system ? ": the graph's default assistant" : ""}`,
    `id ${assistant.assistant_id}`,
    `version ${assistant.version}, updated ${shortTime(assistant.updated_at, format)}`,
    `config: ${JSON.stringify(assistant.config ?? {})}`,
    ...(assistant.context && Object.keys(assistant.context).length ? [`context: ${JSON.stringify(assistant.context)}`] : []),
    ...(assistant.metadata && Object.keys(assistant.metadata).length ? [`metadata: ${JSON.stringify(assistant.metadata)}`] : []),
    ...(usedForRuns ? ["Stream run and the graph view use this assistant."] : []),
  ].join("\n");
  return { label: name, description: parts.join(" · "), tooltip, contextValue: system ? "systemAssistant" : "assistant", icon: usedForRuns ? "pass-filled" : "robot" };
}

/** A version as a row under its assistant. */
export interface VersionTreeRow {
  label: string;
  description: string;
  tooltip: string;
  /** `activeVersion` for the one runs use (nothing to set), else `assistantVersion`. */
  contextValue: "activeVersion" | "assistantVersion";
  icon: "circle-filled" | "circle-outline";
}

/** `v2`, then active / latest, when it was made, its name when it differs, its config. */
export function versionTreeRow(version: AssistantVersion, active: number, latest: number, currentName: string, format: TimeFormat = {}): VersionTreeRow {
  const isActive = version.version === active;
  const marks = [isActive ? "active" : undefined, version.version === latest ? "latest" : undefined].filter(Boolean).join(", ");
  const name = version.name && version.name !== currentName ? `“${version.name}”` : undefined;
  const parts = [marks || undefined, shortTime(version.created_at, format), name, configSummary(version.config, version.context, 50)].filter(Boolean);
  const tooltip = [
    `Version ${version.version}${marks ? ` (${marks})` : ""}, made ${version.created_at}`,
    `name: ${version.name ?? ""}`,
    `config: ${JSON.stringify(version.config ?? {})}`,
    ...(version.metadata && Object.keys(version.metadata).length ? [`metadata: ${JSON.stringify(version.metadata)}`] : []),
    isActive ? "Runs of this assistant use this version." : "Set as active version to make runs use it.",
  ].join("\n");
  return { label: `v${version.version}`, description: parts.join(" · "), tooltip, contextValue: isActive ? "activeVersion" : "assistantVersion", icon: isActive ? "circle-filled" : "circle-outline" };
}

/** The graphs a deployment hosts: one per default assistant (else per assistant), sorted. */
export function hostedGraphs(assistants: Assistant[]): { graphId: string; defaultAssistantId: string }[] {
  const byGraph = new Map<string, Assistant>();
  for (const a of assistants) {
    const known = byGraph.get(a.graph_id);
    if (!known || (isSystemAssistant(a) && !isSystemAssistant(known))) byGraph.set(a.graph_id, a);
  }
  return [...byGraph].map(([graphId, a]) => ({ graphId, defaultAssistantId: a.assistant_id })).sort((a, b) => a.graphId.localeCompare(b.graphId));
}

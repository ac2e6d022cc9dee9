// The VS Code webview API, acquired once. Typed posting and the persisted UI state (`{ v: 1, … }`).
import type { Pin, WebviewToHost } from "../src/shared/protocol";
import { isKeptLayout, type KeptLayout } from "./layout/layoutMessages";
import type { Viewport } from "./viewport";

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** Which lower pane is shown. */
export type Pane = "tokens" | "supersteps";

/** UI state that survives the view being hidden: nothing about the run, only how it is looked at. */
export interface PersistedUiState {
  v: 1;
  viewport?: Viewport;
  collapsed: string[];
  pane: Pane;
  /** The graph's share of the height (0–1) when the person dragged the divider; absent: automatic. */
  split?: number;
  /** The run viewer's scrubber position, so a tab shown again opens where it was left. */
  position?: number;
  /** The state inspector's share (0–1) of the supersteps pane when its divider was dragged; absent: the default. */
  inspector?: number;
  /** Graph or chat mode (absent: graph). */
  mode?: "graph" | "chat";
  /** A graph editor tab's assistant: the host reopens the tab on it after a reload (src/host/graphPanels.ts). */
  pinned?: Pin;
  /** The last layout (a small one), drawn at once when the same graph comes to the view made again. */
  layout?: KeptLayout;
}

const api: VsCodeApi = acquireVsCodeApi();

/** Posts a message to the extension host. */
export function postToHost(message: WebviewToHost): void {
  api.postMessage(message);
}

/** The UI state saved by an earlier instance of the view, if it is of a version this code reads. */
export function loadUiState(): PersistedUiState | undefined {
  const saved = api.getState() as Partial<PersistedUiState> | undefined;
  if (!saved || saved.v !== 1) return undefined;
  return {
    v: 1,
    collapsed: Array.isArray(saved.collapsed) ? saved.collapsed.filter((c) => typeof c === "string") : [],
    pane: saved.pane === "supersteps" ? "supersteps" : "tokens",
    ...(saved.viewport && Number.isFinite(saved.viewport.k) ? { viewport: saved.viewport } : {}),
    ...(typeof saved.split === "number" && saved.split > 0 && saved.split < 1 ? { split: saved.split } : {}),
    ...(Number.isInteger(saved.position) && saved.position! >= 0 ? { position: saved.position } : {}),
    ...(typeof saved.inspector === "number" && saved.inspector > 0 && saved.inspector < 1 ? { inspector: saved.inspector } : {}),
    ...(saved.mode === "chat" ? { mode: "chat" as const } : {}),
    ...(typeof saved.pinned?.assistantId === "string" && typeof saved.pinned.title === "string" ? { pinned: { assistantId: saved.pinned.assistantId, title: saved.pinned.title } } : {}),
    ...(isKeptLayout(saved.layout) ? { layout: saved.layout } : {}),
  };
}

/** Saves the UI state. */
export function saveUiState(state: PersistedUiState): void {
  api.setState(state);
}

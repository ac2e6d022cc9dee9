// Every command id and context key the extension contributes, named once (as vscode-js-debug's
// contributionUtils.ts does), so package.json and the code cannot drift: a unit test compares them.
// No `vscode` import (the registration helpers are in commandRegistry.ts).
import type { RunAction } from "../shared/protocol";

/** Command ids, as in package.json `contributes.commands`. */
export const Commands = {
  streamRun: "langgraphDebugger.streamRun",
  showGraph: "langgraphDebugger.showGraph",
  openGraphInEditor: "langgraphDebugger.openGraphInEditor",
  cancelRun: "langgraphDebugger.cancelRun",
  continue: "langgraphDebugger.continue",
  step: "langgraphDebugger.step",
  toggleBreakpoint: "langgraphDebugger.toggleBreakpoint",
  resume: "langgraphDebugger.resume",
  editState: "langgraphDebugger.editState",
  runFromCheckpoint: "langgraphDebugger.runFromCheckpoint",
  fork: "langgraphDebugger.fork",
  showCheckpoint: "langgraphDebugger.showCheckpoint",
  refreshThreads: "langgraphDebugger.refreshThreads",
  groupThreads: "langgraphDebugger.groupThreads",
  ungroupThreads: "langgraphDebugger.ungroupThreads",
  searchThreads: "langgraphDebugger.searchThreads",
  clearThreadFilter: "langgraphDebugger.clearThreadFilter",
  loadMoreThreads: "langgraphDebugger.loadMoreThreads",
  loadOlderCheckpoints: "langgraphDebugger.loadOlderCheckpoints",
  setApiKey: "langgraphDebugger.setApiKey",
  clearApiKey: "langgraphDebugger.clearApiKey",
  switchDeployment: "langgraphDebugger.switchDeployment",
  startLocalServer: "langgraphDebugger.startLocalServer",
  showLog: "langgraphDebugger.showLog",
  statusActions: "langgraphDebugger.statusActions",
  exportGraph: "langgraphDebugger.exportGraph",
  saveRun: "langgraphDebugger.saveRun",
  saveThread: "langgraphDebugger.saveThread",
  compareRuns: "langgraphDebugger.compareRuns",
  resumeWithValue: "langgraphDebugger.resumeWithValue",
  goToNodeSource: "langgraphDebugger.goToNodeSource",
  showNodeInGraph: "langgraphDebugger.showNodeInGraph",
  runToNode: "langgraphDebugger.runToNode",
  refreshStore: "langgraphDebugger.refreshStore",
  searchStore: "langgraphDebugger.searchStore",
  clearStoreSearch: "langgraphDebugger.clearStoreSearch",
  openStoreItem: "langgraphDebugger.openStoreItem",
  deleteStoreItem: "langgraphDebugger.deleteStoreItem",
  copyStoreValue: "langgraphDebugger.copyStoreValue",
  openTrace: "langgraphDebugger.openTrace",
  createAssistant: "langgraphDebugger.createAssistant",
  editAssistant: "langgraphDebugger.editAssistant",
  setAssistantVersion: "langgraphDebugger.setAssistantVersion",
  deleteAssistant: "langgraphDebugger.deleteAssistant",
  copyAssistantId: "langgraphDebugger.copyAssistantId",
  useAssistant: "langgraphDebugger.useAssistant",
  refreshAssistants: "langgraphDebugger.refreshAssistants",
  loadMoreAssistants: "langgraphDebugger.loadMoreAssistants",
} as const;

export type CommandName = keyof typeof Commands;

/** Custom editor view types, as in package.json `contributes.customEditors`. */
export const CustomEditors = {
  runViewer: "langgraphDebugger.runViewer",
} as const;
/** The commands of the palette and views (the debugger registers its own). */
export type PaletteCommand = Exclude<CommandName, "resumeWithValue">;

/** The command behind each action of the view's banner and the status bar. */
export const ACTION_COMMANDS: Record<RunAction, PaletteCommand> = {
  streamRun: "streamRun",
  continue: "continue",
  step: "step",
  cancel: "cancelRun",
  resume: "resume",
  editState: "editState",
};

/** Context keys used in package.json `when` / `enablement` clauses. */
export const ContextKeys = {
  /** `idle`, `running`, or how the last run ended. */
  runStatus: "langgraphDebugger.runStatus",
  /** One key per action, true when the thread's status allows it (from src/shared/runActions.ts). */
  can: (action: RunAction) => `langgraphDebugger.can.${action}`,
  /** A LangGraph debug session stopped on a node waiting in interrupt(). */
  debugWaiting: "langgraphDebugger.debugWaiting",
  /** The Threads view groups threads by assistant (else: one list, newest update first). */
  threadGroups: "langgraphDebugger.threadGroups",
  /** The Store view is narrowed by a search. */
  storeSearched: "langgraphDebugger.storeSearched",
  /** The thread shown has a LangSmith trace to open (never on a local dev server). */
  canOpenTrace: "langgraphDebugger.canOpenTrace",
  /** The Threads view is filtered by a search. */
  threadFilter: "langgraphDebugger.threadFilter",
} as const;

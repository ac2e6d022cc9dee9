// Codicon and wording per node status.
import type { NodeStatus } from "../src/engine/nodeStatus";

/** The codicon class names (without `codicon-`) shown for each status. */
export const STATUS_ICON: Record<NodeStatus, string> = {
  idle: "circle-large-outline",
  running: "loading",
  done: "pass-filled",
  error: "error",
  interrupted: "debug-pause",
};

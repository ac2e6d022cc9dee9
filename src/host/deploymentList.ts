// The deployments "Switch deployment" offers. No `vscode` import: unit-tested.

/** How many deployments are remembered. */
const KEPT = 10;

/**
 * The remembered deployments after `url` answered (it moves to the top) or failed to (it is
 * dropped: a deployment that cannot be reached is not offered again until it answers).
 */
export function afterAnswer(recent: readonly string[], url: string, answered: boolean): string[] {
  const others = recent.filter((u) => u !== url);
  return answered ? [url, ...others].slice(0, KEPT) : others;
}

/** A row of the deployment picker. */
export interface DeploymentRow {
  label: string;
  description: string;
}

/**
 * The picker's rows: the deployments that answered, newest first (the current one marked), then
 * the current one when it does not answer, then the default local URL when not listed yet.
 */
export function deploymentRows(current: string, currentReachable: boolean | null, recent: readonly string[], defaultUrl: string): DeploymentRow[] {
  const answered = currentReachable === false ? recent.filter((u) => u !== current) : recent;
  const rows: DeploymentRow[] = answered.map((u) => ({ label: u, description: u === current ? "current" : "" }));
  if (!answered.includes(current)) rows.push({ label: current, description: currentReachable === false ? "current · cannot be reached" : "current" });
  if (!rows.some((r) => r.label === defaultUrl)) rows.push({ label: defaultUrl, description: "local langgraph dev" });
  return rows;
}

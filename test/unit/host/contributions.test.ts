// package.json and src/host/contributions.ts name the same commands and context keys.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { RunStatus } from "../../../src/engine/model";
import { ACTION_COMMANDS, Commands, ContextKeys, CustomEditors } from "../../../src/host/contributions";
import { RUN_ACTIONS } from "../../../src/shared/protocol";
import { actionsFor, allows } from "../../../src/shared/runActions";

const manifest = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
  contributes: {
    commands: { command: string; enablement?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    customEditors: { viewType: string; selector: { filenamePattern: string }[] }[];
  };
};

describe("contributions", () => {
  it("package.json contributes exactly the commands the code registers", () => {
    expect(manifest.contributes.commands.map((c) => c.command).sort()).toEqual(Object.values(Commands).sort());
  });

  it("package.json contributes the run viewer the code registers, for .lgrun and .lgrun.gz files", () => {
    expect(manifest.contributes.customEditors.map((e) => e.viewType)).toEqual(Object.values(CustomEditors));
    expect(manifest.contributes.customEditors[0].selector.map((s) => s.filenamePattern)).toEqual(["*.lgrun", "*.lgrun.gz"]);
  });

  it("every context key in a when or enablement clause is one the code sets", () => {
    const known = new Set<string>([ContextKeys.runStatus, ContextKeys.debugWaiting, ContextKeys.threadGroups, ContextKeys.storeSearched, ContextKeys.canOpenTrace, ContextKeys.threadFilter, ...RUN_ACTIONS.map((a) => ContextKeys.can(a))]);
    const clauses = [
      ...manifest.contributes.commands.map((c) => c.enablement ?? ""),
      ...Object.values(manifest.contributes.menus).flatMap((items) => items.map((i) => i.when ?? "")),
    ];
    const used = clauses.flatMap((clause) => clause.match(/langgraphDebugger\.[\w.]+/g) ?? []).filter((key) => !key.startsWith("langgraphDebugger.graph") && !key.startsWith("langgraphDebugger.threads") && key !== "langgraphDebugger.store" && key !== "langgraphDebugger.assistants");
    expect(used.length).toBeGreaterThan(0);
    for (const key of used) expect(known, key).toContain(key);
  });

  it("the view's toolbar offers an action exactly when the action table allows it", () => {
    const titleMenu = manifest.contributes.menus["view/title"];
    for (const action of RUN_ACTIONS) {
      const item = titleMenu.find((i) => i.command === Commands[ACTION_COMMANDS[action]]);
      if (!item?.when?.includes("langgraphDebugger.can.")) continue;
      expect(item.when).toContain(ContextKeys.can(action));
    }
  });

  it("the action table: paused offers Continue first; running only Cancel", () => {
    const statuses: RunStatus[] = ["idle", "running", "paused", "waiting", "failed", "finished", "cancelled"];
    for (const s of statuses) expect(actionsFor(s).length).toBeGreaterThan(0);
    expect(actionsFor("paused")[0]).toBe("continue");
    expect(actionsFor("running")).toEqual(["cancel"]);
    expect(allows("finished", "continue")).toBe(false);
  });
});

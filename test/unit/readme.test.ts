// The README's commands and settings tables say what package.json contributes: every command by its
// title, every setting with its default; one added to either side without the other fails here.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    configuration: { properties: Record<string, { default?: unknown }> };
  };
};

/** The first cells of the table whose header row is `header`, up to the first line that is not a row. */
function firstCells(header: string): string[] {
  const lines = readme.split("\n");
  const start = lines.indexOf(header);
  expect(start, `README has a table headed ${header}`).toBeGreaterThan(-1);
  const rows: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(line);
  }
  return rows.map((row) => row.split(" | ")[0].slice(1).trim());
}

describe("README", () => {
  it("the commands table names every contributed command by its title, and no other", () => {
    const named = firstCells("| command | what it does |").flatMap((cell) => [...cell.matchAll(/\*\*(.+?)\*\*/g)].map((m) => m[1]));
    expect(new Set(named).size, "a command named twice").toBe(named.length);
    expect(named.sort()).toEqual(manifest.contributes.commands.map((c) => c.title).sort());
    for (const c of manifest.contributes.commands) expect(c.category, c.command).toBe("LangGraph");
  });

  it("the settings table lists every contributed setting with its default, and no other", () => {
    const lines = readme.split("\n");
    const start = lines.indexOf("| setting | default | |");
    const rows = new Map<string, string>();
    for (const line of lines.slice(start + 2)) {
      if (!line.startsWith("|")) break;
      const [name, value] = line.split(" | ").map((cell) => cell.replace(/^\|/, "").trim().replace(/^`|`$/g, ""));
      rows.set(name, value);
    }
    const properties = manifest.contributes.configuration.properties;
    expect([...rows.keys()].sort()).toEqual(Object.keys(properties).sort());
    for (const [name, { default: value }] of Object.entries(properties)) {
      expect(rows.get(name), name).toBe(typeof value === "string" ? value : JSON.stringify(value));
    }
  });
});

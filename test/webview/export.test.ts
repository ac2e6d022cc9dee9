// Export from the graph toolbar in real Chromium under the webview's CSP: what the view posts for
// SVG (parsed back in the page), PNG (decoded header) and Mermaid, with the run's statuses.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ExportedGraphMessage, ExportFormat } from "../../src/shared/protocol";
import type { WebviewPage } from "./harness";
import { SCREENSHOTS, fileHarness } from "./fileHarness";
import { DEMO_GRAPH, ev, startDemo } from "./scenarios";
import { themeOf } from "./themes";

/** The exported files land beside the screenshots, for a person to look at. */
const OUT = SCREENSHOTS;
const harness = fileHarness();

/** Clicks Export and the format's menu item; returns what the view posted. */
async function exportFrom(view: WebviewPage, format: ExportFormat): Promise<ExportedGraphMessage> {
  await view.clearPosted();
  await view.page.getByRole("button", { name: "Export graph" }).click();
  const label = { svg: "SVG image", png: "PNG image", mermaid: "Mermaid diagram" }[format];
  await view.page.getByRole("menuitem", { name: label }).click();
  await view.until("window.__harness.posted.some((m) => m.type === 'exportedGraph')");
  const posted = (await view.posted()).filter((m): m is ExportedGraphMessage => m.type === "exportedGraph");
  expect(posted).toHaveLength(1);
  return posted[0];
}

/** The SVG parsed by the page's own DOMParser: parse errors, and per node group its id, status, text and border. */
function readSvg(view: WebviewPage, svg: string) {
  return view.page.evaluate(`(() => {
    const doc = new DOMParser().parseFromString(${JSON.stringify(svg)}, "image/svg+xml");
    return {
      errors: doc.getElementsByTagName("parsererror").length,
      root: doc.documentElement.localName,
      width: Number(doc.documentElement.getAttribute("width")),
      nodes: [...doc.querySelectorAll("g[data-node-id]")].map((g) => ({
        id: g.getAttribute("data-node-id"),
        status: g.getAttribute("data-status"),
        text: g.querySelector("text")?.textContent,
        stroke: g.querySelector("rect")?.getAttribute("stroke"),
      })),
      edges: doc.querySelectorAll("path[data-edge]").length,
    };
  })()`) as Promise<{ errors: number; root: string; width: number; nodes: { id: string; status: string; text: string; stroke: string }[]; edges: number }>;
}

describe("export", () => {
  it("posts an SVG that parses and names every node, a PNG that decodes, and Mermaid text, each with the run's statuses", async () => {
    const view = await harness.open({ theme: "light" });
    await view.post(...startDemo());
    await view.post({ type: "runEvents", events: [ev.taskStart("prepare", "tp"), ev.taskDone("prepare", "tp"), ev.taskStart("research_a", "ta", [], 2)] });
    await view.page.locator('.graph [data-node-id="tools"]').waitFor();

    const svg = await exportFrom(view, "svg");
    if ("error" in svg) throw new Error(svg.error);
    expect(svg.encoding).toBe("utf8");
    expect(svg.data).not.toContain("var(");
    const read = await readSvg(view, svg.data);
    expect(read.errors).toBe(0);
    expect(read.root).toBe("svg");
    const drawn = await view.page.locator(".graph [data-node-id]").evaluateAll((els) => els.map((e) => e.getAttribute("data-node-id")));
    expect(read.nodes.map((n) => n.id).sort()).toEqual([...drawn].sort());
    const text = Object.fromEntries(read.nodes.map((n) => [n.id, n.text]));
    expect(text).toMatchObject({ __start__: "Start", __end__: "End", prepare: "prepare", child: "child", "child:child_step": "child_step", agent: "agent" });
    expect(read.edges).toBe(DEMO_GRAPH.edges.length);
    // Statuses, in the theme's colours resolved to values.
    const light = themeOf("light").vars;
    const byId = Object.fromEntries(read.nodes.map((n) => [n.id, n]));
    expect(byId.prepare).toMatchObject({ status: "done", stroke: light["--vscode-testing-iconPassed"] });
    expect(byId.research_a).toMatchObject({ status: "running", stroke: light["--vscode-progressBar-background"] });
    expect(byId.tools).toMatchObject({ status: "idle", stroke: light["--vscode-editorWidget-border"] });

    const png = await exportFrom(view, "png");
    if ("error" in png) throw new Error(png.error);
    expect(png.encoding).toBe("base64");
    const bytes = Buffer.from(png.data, "base64");
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(bytes.subarray(12, 16).toString("ascii")).toBe("IHDR");
    const [width, height] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
    expect(width).toBeGreaterThan(0);
    expect(height).toBeGreaterThan(0);
    // Twice the laid-out size.
    expect(Math.abs(width - read.width * 2)).toBeLessThanOrEqual(1);
    writeFileSync(join(OUT, "export-light.svg"), svg.data);
    writeFileSync(join(OUT, "export-light.png"), bytes);

    const mermaid = await exportFrom(view, "mermaid");
    if ("error" in mermaid) throw new Error(mermaid.error);
    expect(mermaid.data).toMatch(/^flowchart TD\n/);
    expect(mermaid.data).toMatch(/^ {2}class prepare done$/m);
    expect(mermaid.data).toMatch(/^ {2}class research_a running$/m);
    expect(mermaid.data).toContain('start_(["Start"])');
    writeFileSync(join(OUT, "export.mmd"), mermaid.data);
    expect(await view.violations()).toEqual([]);
  });

  it("the palette's request waits for the layout, and the menu closes with Escape", async () => {
    const view = await harness.open({ theme: "high-contrast" });
    // Asked before there is a graph (the view was just opened): answered once the graph is drawn.
    await view.post({ type: "exportGraph", format: "svg" });
    expect((await view.posted()).some((m) => m.type === "exportedGraph")).toBe(false);
    await view.post(...startDemo());
    await view.until("window.__harness.posted.some((m) => m.type === 'exportedGraph')");
    const [svg] = (await view.posted()).filter((m): m is ExportedGraphMessage => m.type === "exportedGraph");
    if ("error" in svg) throw new Error(svg.error);
    expect((await readSvg(view, svg.data)).nodes).toHaveLength(DEMO_GRAPH.nodes.length + 1);
    writeFileSync(join(OUT, "export-high-contrast.svg"), svg.data);

    const toggle = view.page.getByRole("button", { name: "Export graph" });
    await toggle.click();
    expect(await view.page.getByRole("menuitem").allInnerTexts()).toEqual(["SVG image", "PNG image", "Mermaid diagram"]);
    await view.page.keyboard.press("Escape");
    expect(await view.page.getByRole("menu").count()).toBe(0);
    expect(await toggle.getAttribute("aria-expanded")).toBe("false");
  });
});

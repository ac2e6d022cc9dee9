// The theme's colours as values, for an exported image (a file cannot read `--vscode-*`).
import type { SvgPalette } from "./svgDocument";

/** Reads the current theme's colours from the page (fallbacks for variables a theme leaves unset). */
export function themePalette(element: Element = document.body): SvgPalette {
  const css = getComputedStyle(element);
  const pick = (...names: string[]) => {
    for (const name of names) {
      if (!name.startsWith("--")) return name;
      const value = css.getPropertyValue(name).trim();
      if (value) return value;
    }
    return "";
  };
  return {
    background: pick("--vscode-editor-background", "#ffffff"),
    foreground: pick("--vscode-editor-foreground", "--vscode-foreground", "#333333"),
    muted: pick("--vscode-descriptionForeground", "#717171"),
    nodeFill: pick("--vscode-editorWidget-background", "#f3f3f3"),
    nodeBorder: pick("--vscode-editorWidget-border", "--vscode-contrastBorder", "#c8c8c8"),
    groupFill: pick("--vscode-editorWidget-background", "#f3f3f3"),
    groupBorder: pick("--vscode-editorWidget-border", "--vscode-contrastBorder", "#c8c8c8"),
    status: {
      running: pick("--vscode-progressBar-background", "#0e70c0"),
      done: pick("--vscode-testing-iconPassed", "#388a34"),
      error: pick("--vscode-testing-iconFailed", "#f14c4c"),
      interrupted: pick("--vscode-debugIcon-pauseForeground", "#007acc"),
    },
    fontFamily: pick("--vscode-font-family", "sans-serif"),
  };
}

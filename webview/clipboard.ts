// Copying from the view: the async Clipboard API (VS Code's webview frame allows clipboard-write),
// falling back to a selected textarea and `execCommand` where the API is refused; either way the
// person sees a brief confirmation or why it failed.
import { view } from "./state.svelte";

/** Copies `text` to the clipboard and confirms it as "Copied <what>". */
export async function copyText(text: string, what: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    if (!copyWithSelection(text)) {
      view.notify(`Could not copy ${what}: the clipboard is not available here`, true);
      return false;
    }
  }
  view.notify(`Copied ${what}`);
  return true;
}

function copyWithSelection(text: string): boolean {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.className = "clipboard-scratch";
  const focused = document.activeElement as HTMLElement | null;
  document.body.append(area);
  area.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    area.remove();
    focused?.focus();
  }
}

// An element's text kept in one text node and changed by splicing only the part that changed,
// so that a selection in the rest survives: live ranges follow deleteData and replaceData (DOM
// spec), where setting the whole text (textContent, nodeValue) collapses a selection inside it.
// Used by the tokens pane's runs of rows, whose text changes every frame while tokens stream.

/** What the element shows: `text`, whose first line is row `first` (rows before it have scrolled out of its window). */
export interface SplicedText {
  text: string;
  first: number;
}

/** Svelte action: keeps `node`'s text equal to `text`, spliced in place (see above). */
export function spliceText(node: HTMLElement, initial: SplicedText): { update(next: SplicedText): void } {
  const textNode = document.createTextNode(initial.text);
  node.replaceChildren(textNode);
  let first = initial.first;
  return {
    update(next) {
      // Rows that left the window at the top go first, as a deletion at the start.
      const dropped = next.first - first;
      first = next.first;
      if (dropped > 0) textNode.deleteData(0, lengthOfLines(textNode.data, dropped));
      replaceChanged(textNode, next.text);
    },
  };
}

/** Characters in the first `lines` lines of `text`, each with its line break (all of `text` when it has fewer). */
function lengthOfLines(text: string, lines: number): number {
  let at = 0;
  for (let i = 0; i < lines; i++) {
    const br = text.indexOf("\n", at);
    if (br < 0) return text.length;
    at = br + 1;
  }
  return at;
}

/** Makes `textNode` read `next` by replacing only what lies between the common start and the common end. */
function replaceChanged(textNode: Text, next: string): void {
  const prev = textNode.data;
  if (prev === next) return;
  const most = Math.min(prev.length, next.length);
  let start = 0;
  while (start < most && prev.charCodeAt(start) === next.charCodeAt(start)) start++;
  let end = 0;
  while (end < most - start && prev.charCodeAt(prev.length - 1 - end) === next.charCodeAt(next.length - 1 - end)) end++;
  textNode.replaceData(start, prev.length - start - end, next.slice(start, next.length - end));
}

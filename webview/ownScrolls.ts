// Tells a pane's own scrolls from the person's, in its `scroll` handler.
//
// A flag set when the pane scrolls and cleared by the next scroll event is not enough: the browser
// sends at most one scroll event per element per frame, so a person's scroll in the same frame as
// the pane's would be taken for the pane's (and the pane would go on following); and a write that
// moved nothing sends no event at all, leaving the flag set to swallow the person's next scroll.
// Remembering where the pane put the element answers both: the event is the pane's only if the
// element is still there.
export class OwnScrolls {
  #at: number | undefined;

  /** Call after the pane set `scrollTop` itself, with the element's `scrollTop` as it now reads. */
  scrolledTo(top: number): void {
    this.#at = top;
  }

  /** In the scroll handler: whether the element sits where the pane last put it (then the event is the pane's). */
  isOwn(top: number): boolean {
    const own = this.#at !== undefined && Math.abs(top - this.#at) < 1;
    this.#at = undefined;
    return own;
  }
}

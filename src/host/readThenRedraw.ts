// How a tree view refreshes without opening needless windows in which VS Code knows none of its
// rows (an inline action clicked then is given `undefined`): read first, redraw after, and only
// when the reads changed what is drawn or one failed. A refresh asked for while a read runs is
// folded into one more read after it, and that read alone decides the redraw: the read under way
// may already be out of date, and its redraw would open a window just before the next one.
// No `vscode` import: unit-tested.

/** What one refresh does, given by its tree. */
export interface RefreshSteps {
  /** Reads what the rows are drawn from (never rejects: a failed read is kept as the tree's to report). */
  read(): Promise<void>;
  /** After the last read in a row: redraws when what is drawn changed or a read failed. */
  redrawIfChanged(): void;
}

export class ReadThenRedraw {
  private reading: Promise<void> | undefined;
  private readAgain = false;

  constructor(private readonly steps: RefreshSteps) {}

  /** Starts a read, or, while one runs, asks for one more after it. Resolves when the reads are done. */
  refresh(): Promise<void> {
    if (this.reading) {
      this.readAgain = true;
      return this.reading;
    }
    const cycle = this.readUntilCurrent().finally(() => {
      this.reading = undefined;
    });
    this.reading = cycle;
    return cycle;
  }

  private async readUntilCurrent(): Promise<void> {
    do {
      this.readAgain = false;
      await this.steps.read().catch(() => undefined);
    } while (this.readAgain);
    this.steps.redrawIfChanged();
  }
}

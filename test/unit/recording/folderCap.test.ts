import { describe, expect, it } from "vitest";
import { overCap } from "../../../src/engine/recording/folderCap";

const file = (name: string, size: number, mtime: number) => ({ name, size, mtime });

describe("the recordings folder's size cap", () => {
  it("deletes the oldest until the rest fit, and never the file just written", () => {
    const files = [file("c.lgrun.gz", 40, 3), file("a.lgrun.gz", 50, 1), file("new.lgrun.gz", 60, 0), file("b.lgrun.gz", 30, 2)];
    expect(overCap(files, 100, "new.lgrun.gz")).toEqual(["a.lgrun.gz", "b.lgrun.gz"]);
    expect(overCap(files, 180, "new.lgrun.gz")).toEqual([]);
    expect(overCap(files, 10, "new.lgrun.gz")).toEqual(["a.lgrun.gz", "b.lgrun.gz", "c.lgrun.gz"]);
  });
});

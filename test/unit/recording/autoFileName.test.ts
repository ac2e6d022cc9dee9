import { describe, expect, it } from "vitest";
import { autoFileName } from "../../../src/engine/recording/autoFileName";

const thread = "0a1b2c3d-4e5f-6789-abcd-ef0123456789";

describe("the file an automatic recording goes to", () => {
  it("a story keeps its file, rewritten after each run", () => {
    const first = autoFileName(undefined, { story: 1, threadId: thread }, "20261202-220000");
    expect(first).toBe("0a1b2c3d-20261202-220000.lgrun.gz");
    expect(autoFileName({ story: 1, name: first }, { story: 1, threadId: thread }, "20261202-220500")).toBe(first);
  });

  it("a story started over on the same thread (Run again) gets a file of its own, even in the same second", () => {
    const first = autoFileName(undefined, { story: 1, threadId: thread }, "20261202-220000");
    expect(autoFileName({ story: 1, name: first }, { story: 2, threadId: thread }, "20261202-220100")).toBe("0a1b2c3d-20261202-220100.lgrun.gz");
    expect(autoFileName({ story: 1, name: first }, { story: 2, threadId: thread }, "20261202-220000")).toBe("0a1b2c3d-20261202-220000-2.lgrun.gz");
  });

  it("another thread gets its own file", () => {
    const first = autoFileName(undefined, { story: 1, threadId: thread }, "20261202-220000");
    expect(autoFileName({ story: 1, name: first }, { story: 2, threadId: "ffff0000-0000" }, "20261202-220000")).toBe("ffff0000-20261202-220000.lgrun.gz");
  });
});

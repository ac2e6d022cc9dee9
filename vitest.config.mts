import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"], environment: "node" } },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Two cores: run files one at a time. Most files share one server of each kind (sharedServer).
          fileParallelism: false,
          globalSetup: ["test/support/serverBroker.ts"],
        },
      },
      {
        test: {
          name: "debug",
          include: ["test/debug/**/*.test.ts"],
          environment: "node",
          testTimeout: 90_000,
          hookTimeout: 180_000,
          // The debug adapter over DAP against real servers: one file at a time, most on the shared servers.
          fileParallelism: false,
          globalSetup: ["test/support/serverBroker.ts"],
        },
      },
      {
        test: {
          name: "webview",
          include: ["test/webview/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 180_000,
          hookTimeout: 240_000,
          // Two files at a time: a file mostly waits (on its runs, its workbench, its servers' starts), so
          // two of them keep both cores busy. Each has its own code-server, Chromium and sample servers.
          maxWorkers: 2,
          // expect.poll waits on VS Code's UI catching up with the host (a Variables row expands once the
          // adapter answered): seconds with two files on two cores, where vitest's default gives 1 s.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});

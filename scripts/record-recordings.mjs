#!/usr/bin/env node
/**
 * Records the .lgrun fixtures (test/fixtures/recordings/) from the real sample servers:
 *   node scripts/record-recordings.mjs [js] [python]     # both kinds by default
 * See test/support/recordFixtures.ts for what each file holds.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadTsModule } from "./loadTs.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dir = path.join(repoRoot, "test", "fixtures", "recordings");
const kinds = process.argv.slice(2).filter((k) => k === "js" || k === "python");
const { recordFixtures, stopAllServers } = await loadTsModule("test/support/recordFixtures.ts");
try {
  for (const kind of kinds.length ? kinds : ["js", "python"]) {
    for (const file of await recordFixtures(kind, dir)) console.log(`wrote ${path.relative(repoRoot, file)}`);
  }
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await stopAllServers();
}

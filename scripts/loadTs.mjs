/**
 * Lets plain Node scripts (demo, capture, benchmarks) use the typed test rigs: bundles a
 * TypeScript module of this repository with esbuild and imports it. Built fresh on every call
 * (about 0.1 s), so it can never run stale code.
 */
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Bundles `relativeFile` (relative to the repository root) and returns its exports. */
export async function loadTsModule(relativeFile) {
  const outdir = path.join(repoRoot, ".cache");
  mkdirSync(outdir, { recursive: true });
  const outfile = path.join(outdir, `${path.basename(relativeFile, ".ts")}-${process.pid}-${Date.now()}.mjs`);
  await build({
    entryPoints: [path.join(repoRoot, relativeFile)],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "warning",
    // Plain .mjs scripts stay where they are (they locate the repository from their own path).
    plugins: [{
      name: "keep-scripts-external",
      setup(builder) {
        builder.onResolve({ filter: /scripts\/[^/]+\.mjs$/ }, (resolved) => ({
          path: pathToFileURL(path.resolve(resolved.resolveDir, resolved.path)).href,
          external: true,
        }));
      },
    }],
  });
  try {
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(outfile, { force: true });
  }
}

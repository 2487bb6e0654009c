// Bundles the CLI into dist/crate.mjs: one file starts in ~0.4 s, where compiling the
// sources on the fly with tsx takes ~2.3 s per command (measured: `time crate --help`).
import { build } from "esbuild"

await build({
  entryPoints: ["src/cli/main.ts"],
  outdir: "dist",
  entryNames: "crate",
  // Code loaded only when needed (youtubei.js on the first search) goes into chunks of its own.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  // Native, or loaded at run time by path: resolved from node_modules as usual.
  external: ["better-sqlite3", "tsx", "esbuild"],
  banner: { js: "import { createRequire as __crateRequire } from 'node:module'; const require = __crateRequire(import.meta.url);" },
  logLevel: "warning"
})

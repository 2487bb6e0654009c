// Bundles the CLI into dist/crate.mjs: one file starts in ~0.25 s, where compiling the
// sources on the fly with tsx takes ~2.3 s per command (measured: `time crate --help`).
// Also builds the package's entry points for users' own code (dist/lib, dependencies left to
// node_modules so that they share the user's `effect`) and their types (dist/types).
import { execFileSync } from "node:child_process"
import { createRequire } from "node:module"
import { rmSync } from "node:fs"
import { dirname, join } from "node:path"
import { build } from "esbuild"

// @effect/cli can parse option files written in YAML, TOML or INI; crate has no such option.
// Leaving their parsers out makes the bundle ~0.4 MB smaller, and so every start lighter.
const unusedFileParsers = {
  name: "unused-file-parsers",
  setup(build) {
    build.onResolve({ filter: /^(yaml|toml|ini)$/ }, (args) => ({ path: args.path, namespace: "unused-file-parser" }))
    build.onLoad({ filter: /.*/, namespace: "unused-file-parser" }, (args) => ({
      contents: `export const parse = () => { throw new Error("crate does not read ${args.path} files") }`,
      loader: "js"
    }))
  }
}

// Chunk names change with their content: start from an empty folder so that old ones do not pile up.
rmSync("dist", { recursive: true, force: true })

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
  plugins: [unusedFileParsers],
  logLevel: "warning"
})

await build({
  entryPoints: ["src/index.ts", "src/steps.ts"],
  outdir: "dist/lib",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  packages: "external",
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning"
})

// Declarations need TypeScript, a development dependency: an installed package ships them built.
let tsc
try {
  tsc = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc")
} catch {
  tsc = undefined
}
if (tsc !== undefined) execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" })

#!/usr/bin/env node
// Runs the bundle that `npm ci` / `npm run build` made (fast start); without it, the
// TypeScript sources through tsx (CRATE_FROM_SOURCE=1 forces that while developing).
import { existsSync } from "node:fs"

const bundle = new URL("../dist/crate.mjs", import.meta.url)
if (existsSync(bundle) && !process.env.CRATE_FROM_SOURCE) {
  await import(bundle.href)
} else {
  const { register } = await import("tsx/esm/api")
  register()
  await import("../src/cli/main.ts")
}

// `npm run bench [-- NAME…]`: runs every bench/*.bench.ts (or those whose name contains NAME),
// one after another in its own process so that memory figures are not mixed up.
import { spawnSync } from "node:child_process"
import { readdirSync } from "node:fs"
import { join } from "node:path"

const here = import.meta.dirname
const wanted = process.argv.slice(2)
const files = readdirSync(here)
  .filter((name) => name.endsWith(".bench.ts"))
  .filter((name) => wanted.length === 0 || wanted.some((w) => name.includes(w)))
  .sort()

let failed = 0
for (const file of files) {
  console.log(`\n=== ${file}`)
  const result = spawnSync(process.execPath, [join(here, "../bin/run-ts.js"), join(here, file)], { stdio: "inherit" })
  if (result.status !== 0) failed++
}
process.exit(failed === 0 ? 0 : 1)

import { execFileSync } from "node:child_process"

/** The e2e tests run the CLI as users do, from the bundle: build it from the current sources first. */
export default function setup() {
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" })
}

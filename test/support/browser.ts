import { mkdirSync } from "node:fs"
import { join } from "node:path"
import { type Browser, chromium } from "playwright-core"
import { lookOnPath } from "../../src/tools/findTool.ts"

/** The installed Chromium (Debian's `chromium`, which `.ci/run` installs), or CRATE_CHROMIUM. */
export const chromiumPath = (): string | undefined =>
  process.env.CRATE_CHROMIUM ?? lookOnPath("chromium", process.env.PATH) ?? lookOnPath("chromium-browser", process.env.PATH)

/** A real headless Chromium; root needs --no-sandbox, and the audio tests play without a click. */
export const launchChromium = (): Promise<Browser> => {
  const executablePath = chromiumPath()
  if (executablePath === undefined) throw new Error("no chromium on PATH: install it (apt-get install chromium) or set CRATE_CHROMIUM")
  return chromium.launch({ executablePath, args: ["--no-sandbox", "--autoplay-policy=no-user-gesture-required"] })
}

/** Where tests keep their screenshots (test-artifacts/ is not committed; CI can keep it). */
export const artefact = (name: string): string => {
  const folder = join(import.meta.dirname, "../../test-artifacts/serve")
  mkdirSync(folder, { recursive: true })
  return join(folder, name)
}

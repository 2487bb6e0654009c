import { Effect, Either } from "effect"
import { chmodSync, mkdirSync, writeFileSync } from "node:fs"
import { delimiter, join } from "node:path"
import { describe, expect, it } from "vitest"
import { findAudioTools, findYtDlp } from "../../src/tools/audioTools.ts"
import { findTool } from "../../src/tools/findTool.ts"
import { tempDir } from "../support/tempDir.ts"

/** A stand-in executable that prints `output` (what the real tool prints for its version). */
const fakeTool = (folder: string, name: string, output: string) => {
  mkdirSync(folder, { recursive: true })
  const path = join(folder, name)
  writeFileSync(path, `#!/bin/sh\necho '${output}'\n`)
  chmodSync(path, 0o755)
  return path
}

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(Effect.either(effect))

describe("finding yt-dlp, ffmpeg and ffprobe", () => {
  it("finds the real tools on this machine's PATH, with their versions", async () => {
    const tools = Either.getOrThrow(await run(findAudioTools({ ytDlp: null, ffmpeg: null })))
    expect(tools.ytDlp).toMatchObject({ name: "yt-dlp", source: "PATH" })
    expect(tools.ytDlp.version).toMatch(/^\d{4}\.\d{2}\.\d{2}/)
    expect(tools.ffmpeg.version).toMatch(/\d+\.\d+/)
    expect(tools.ffprobe.path).toMatch(/ffprobe$/)
  })

  it("a configured path is used as it is, and a wrong one is an error, not a reason to take another", async () => {
    const dir = tempDir()
    const mine = fakeTool(join(dir, "opt"), "yt-dlp", "2025.06.30")
    fakeTool(join(dir, "bin"), "yt-dlp", "2023.03.04")
    expect(Either.getOrThrow(await run(findYtDlp(mine, join(dir, "bin"))))).toEqual({ name: "yt-dlp", path: mine, version: "2025.06.30", source: "configured" })
    const wrong = await run(findYtDlp(join(dir, "nope", "yt-dlp"), join(dir, "bin")))
    expect(Either.isLeft(wrong) && wrong.left.message).toMatch(/^CRATE_YTDLP \(or tools\.ytDlp in pipeline\.config\.ts\) is .*\/nope\/yt-dlp, which is not an executable file/)
  })

  it("a bare configured name is looked up on PATH; PATH before the fallbacks; the fallback when PATH has none", async () => {
    const dir = tempDir()
    const nightly = fakeTool(join(dir, "bin"), "yt-dlp-nightly", "2025.06.30.232843")
    expect(Either.getOrThrow(await run(findYtDlp("yt-dlp-nightly", join(dir, "bin"))))).toMatchObject({ path: nightly, version: "2025.06.30.232843" })

    const bundled = fakeTool(join(dir, "bundled"), "yt-dlp", "2024.01.01")
    const spec = {
      name: "yt-dlp",
      configured: null,
      setting: "CRATE_YTDLP",
      fallbacks: [{ path: bundled, source: "youtube-dl-exec" }],
      versionArgs: ["--version"],
      parseVersion: (output: string) => /^(\d{4}\.\d{2}\.\d{2})/m.exec(output)?.[1],
      install: "apt"
    }
    expect(Either.getOrThrow(await run(findTool(spec, join(dir, "empty"))))).toMatchObject({ path: bundled, source: "youtube-dl-exec" })
    const onPath = fakeTool(join(dir, "bin"), "yt-dlp", "2023.03.04")
    expect(Either.getOrThrow(await run(findTool(spec, join(dir, "bin"))))).toMatchObject({ path: onPath, source: "PATH" })
  })

  it("of several yt-dlp (PATH, youtube-dl-exec's download), the newest is used unless one is configured", async () => {
    const dir = tempDir()
    const first = fakeTool(join(dir, "a"), "yt-dlp", "2023.03.04")
    const second = fakeTool(join(dir, "b"), "yt-dlp", "2025.11.12")
    const bundled = fakeTool(join(dir, "bundled"), "yt-dlp", "2026.01.15")
    const path = [join(dir, "a"), join(dir, "b")].join(delimiter)
    expect(Either.getOrThrow(await run(findYtDlp(null, path, join(dir, "none"))))).toEqual({
      name: "yt-dlp", path: second, version: "2025.11.12", source: "PATH", others: [`2023.03.04 at ${first}`]
    })
    expect(Either.getOrThrow(await run(findYtDlp(null, path, bundled)))).toMatchObject({ path: bundled, source: "youtube-dl-exec" })
    expect(Either.getOrThrow(await run(findYtDlp(first, path, bundled)))).toEqual({ name: "yt-dlp", path: first, version: "2023.03.04", source: "configured" })
  })

  it("a program that does not answer like the tool is refused", async () => {
    const dir = tempDir()
    const impostor = fakeTool(join(dir, "bin"), "yt-dlp", "hello")
    const result = await run(findYtDlp(null, join(dir, "bin")))
    expect(Either.isLeft(result) && result.left.message).toBe(
      `${impostor} does not run as yt-dlp (unexpected output): install yt-dlp (\`apt-get install yt-dlp ffmpeg\` or \`brew install yt-dlp ffmpeg\`) or set CRATE_YTDLP (or tools.ytDlp in pipeline.config.ts) to a working one`
    )
  })

  it("ffprobe is the one next to the ffmpeg in use", async () => {
    const dir = tempDir()
    const ffmpeg = fakeTool(join(dir, "custom"), "ffmpeg", "ffmpeg version 7.1-custom Copyright")
    const ffprobe = fakeTool(join(dir, "custom"), "ffprobe", "ffprobe version 7.1-custom Copyright")
    fakeTool(join(dir, "bin"), "yt-dlp", "2025.06.30")
    fakeTool(join(dir, "bin"), "ffprobe", "ffprobe version 5.1 Copyright")
    const tools = Either.getOrThrow(await run(findAudioTools({ ytDlp: null, ffmpeg }, join(dir, "bin"))))
    expect(tools.ffmpeg).toMatchObject({ path: ffmpeg, version: "7.1-custom" })
    expect(tools.ffprobe).toMatchObject({ path: ffprobe, version: "7.1-custom" })
  })

  it("names every missing tool in one line", async () => {
    const result = await run(findAudioTools({ ytDlp: null, ffmpeg: null }, tempDir()))
    expect(Either.isLeft(result) && result.left).toMatchObject({
      tool: "yt-dlp, ffmpeg",
      message: expect.stringMatching(/^yt-dlp was not found on PATH: .*; ffmpeg was not found on PATH: [^\n]*$/)
    })
  })
})

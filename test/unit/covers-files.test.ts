import { Effect } from "effect"
import { spawnSync } from "node:child_process"
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { isCoverFileName, nameCovers } from "../../src/covers/fileNames.ts"
import { describeBody, sniffImageType } from "../../src/covers/imageType.ts"
import { sweepDeadTemp, tempFolderName } from "../../src/library/files.ts"
import { imageFixturesDir } from "../../src/fakes/image-data.ts"
import { tempDir } from "../support/tempDir.ts"

const fixture = (name: string) => new Uint8Array(readFileSync(join(imageFixturesDir, name)))

describe("sniffImageType", () => {
  it("reads JPEG, PNG and WEBP from the first bytes of real files", () => {
    expect(sniffImageType(fixture("cover-64.jpg"))?.extension).toBe("jpg")
    expect(sniffImageType(fixture("label-32.png"))?.extension).toBe("png")
    expect(sniffImageType(fixture("inner-40.webp"))?.extension).toBe("webp")
    expect(sniffImageType(new TextEncoder().encode("GIF89a…"))?.extension).toBe("gif")
  })

  it("knows an HTML page, JSON, an empty body or a RIFF that is not WEBP are not images", () => {
    const html = new TextEncoder().encode("\uFEFF  <!DOCTYPE html><html><body>Oops</body></html>")
    expect(sniffImageType(html)).toBeUndefined()
    expect(describeBody(html)).toBe(`an HTML page (${html.length} bytes)`)
    expect(describeBody(new TextEncoder().encode('{"message": "no"}'))).toBe("JSON (17 bytes)")
    expect(describeBody(new Uint8Array())).toBe("an empty body")
    const wav = new TextEncoder().encode("RIFF\u0000\u0000\u0000\u0000WAVEfmt ")
    expect(sniffImageType(wav)).toBeUndefined()
    expect(describeBody(wav)).toBe("16 bytes starting 52 49 46 46 00 00 00 00")
    expect(sniffImageType(fixture("cover-64.jpg").subarray(0, 2))).toBeUndefined()
  })
})

describe("nameCovers", () => {
  const image = (position: number, type: string, extension: "jpg" | "png" | "webp" = "jpg") => ({ position, type, extension })
  const names = (images: Parameters<typeof nameCovers>[0]) => nameCovers(images).map(({ image, name }) => [image.position, name])

  it("names the primary cover.* and the others cover_2, cover_3, … in Discogs order, whatever order they come in", () => {
    expect(names([image(2, "secondary", "webp"), image(0, "primary"), image(1, "secondary", "png")])).toEqual([
      [0, "cover.jpg"], [1, "cover_2.png"], [2, "cover_3.webp"]
    ])
  })

  it("takes the first primary when it is not first, and the first image when none is primary", () => {
    expect(names([image(0, "secondary"), image(1, "primary", "png"), image(2, "primary")])).toEqual([
      [1, "cover.png"], [0, "cover_2.jpg"], [2, "cover_3.jpg"]
    ])
    expect(names([image(0, "secondary"), image(1, "secondary")])).toEqual([[0, "cover.jpg"], [1, "cover_2.jpg"]])
    expect(names([])).toEqual([])
  })

  it("recognises only the names it writes", () => {
    expect(["cover.jpg", "cover_2.png", "cover_12.webp"].every(isCoverFileName)).toBe(true)
    expect(["cover.opus", "cover_2.jpg.part", "front.jpg", "01 - cover.jpg", "cover_.jpg"].some(isCoverFileName)).toBe(false)
  })
})

describe("sweepDeadTemp", () => {
  it("removes what dead processes left in the temp folder (files and folders), and nothing of live ones", async () => {
    const library = tempDir()
    const folder = join(library, tempFolderName)
    mkdirSync(folder)
    const dead = spawnSync(process.execPath, ["-e", ""]).pid
    mkdirSync(join(folder, `${dead}-0badf00d-audio-12`))
    writeFileSync(join(folder, `${dead}-0badf00d-audio-12`, "part.webm"), "x")
    for (const name of [`${dead}-0badf00d-cover_3.webp`, `${dead}-0badf00d-yt_matches.json`, `${process.pid}-12345678-cover.jpg`]) {
      writeFileSync(join(folder, name), "x")
    }
    expect(await Effect.runPromise(sweepDeadTemp(library))).toBe(3)
    expect(readdirSync(folder)).toEqual([`${process.pid}-12345678-cover.jpg`])
    expect(await Effect.runPromise(sweepDeadTemp(tempDir()))).toBe(0)
  })
})

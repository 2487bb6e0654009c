import { describe, expect, it } from "vitest"
import { checkLine, fail, ok, warn } from "../../src/cli/doctor/check.ts"
import { node } from "../../src/cli/doctor/checks.ts"
import { ageInDays, ageText, releaseDate } from "../../src/cli/doctor/ytDlpAge.ts"

describe("crate doctor's checks", () => {
  it("reads yt-dlp's version as its release date, nightly builds too", () => {
    expect(releaseDate("2023.03.04")?.toISOString()).toBe("2023-03-04T00:00:00.000Z")
    expect(releaseDate("2025.06.30.232843")?.toISOString()).toBe("2025-06-30T00:00:00.000Z")
    expect(releaseDate("unknown")).toBeUndefined()
    expect(ageInDays("2024.01.01", Date.parse("2024-04-10T12:00:00Z"))).toBe(100)
    expect(ageText(800)).toBe("2 years")
    expect(ageText(100)).toBe("3 months")
  })

  it("wants Node 20.6 or later", () => {
    expect(node("20.20.2").status).toBe("ok")
    expect(node("22.1.0").status).toBe("ok")
    expect(node("20.5.1")).toMatchObject({ status: "fail", detail: "20.5.1 is too old: crate needs 20.6 or later" })
  })

  it("prints one line per check with ✓, ! or ✗", () => {
    expect(checkLine(ok("node", "20.20.2"))).toBe("✓ node: 20.20.2")
    expect(checkLine(warn("yt-dlp", "old"))).toBe("! yt-dlp: old")
    expect(checkLine(fail("ffmpeg", "missing"))).toBe("✗ ffmpeg: missing")
  })
})

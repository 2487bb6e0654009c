import { describe, expect, it } from "vitest"
import { creditedArtists } from "../../src/library/releaseFolder.ts"
import { maxNameBytes, releaseFolderName, safeName } from "../../src/library/safeName.ts"

const bytes = (text: string) => Buffer.byteLength(text, "utf8")

describe("safeName", () => {
  it("keeps ordinary names as they are", () => {
    expect(safeName("Pink Floyd - Ummagumma")).toBe("Pink Floyd - Ummagumma")
    expect(safeName("Sigur Rós – ( )")).toBe("Sigur Rós – ( )")
  })

  it("removes separators, control characters and Windows-reserved characters", () => {
    expect(safeName("AC/DC\\Back:In*Black?")).toBe("AC_DC_Back_In_Black_")
    expect(safeName("a\u0000b\nc\u007fd")).toBe("abcd")
    expect(safeName('<"|>')).toBe("____")
  })

  it("never yields a dot name, a hidden name, trailing dots or spaces, or an empty name", () => {
    expect(safeName("..")).toBe("untitled")
    expect(safeName(".")).toBe("untitled")
    expect(safeName("../../etc/passwd")).toBe("_.._etc_passwd")
    expect(safeName("  Title. . ")).toBe("Title")
    expect(safeName("")).toBe("untitled")
  })

  it("normalises to NFC", () => {
    expect(safeName("Ro\u0301s")).toBe("R\u00f3s")
  })

  it("cuts long names at a whole character within the byte limit", () => {
    const emoji = "🎵".repeat(100) // 4 bytes each
    const cut = safeName(emoji)
    expect(bytes(cut)).toBeLessThanOrEqual(maxNameBytes)
    expect(cut).toBe("🎵".repeat(Math.floor(maxNameBytes / 4)))
    expect(bytes(safeName("é".repeat(300)))).toBeLessThanOrEqual(maxNameBytes)
  })
})

describe("releaseFolderName", () => {
  it("is <Artist> - <Title> [<id>] and keeps the id whole however long the title", () => {
    expect(releaseFolderName("Rick Astley", "Never Gonna Give You Up", 1503102)).toBe("Rick Astley - Never Gonna Give You Up [1503102]")
    const long = releaseFolderName("../Evil/", "x".repeat(300) + "🎵", 42)
    expect(long.endsWith(" [42]")).toBe(true)
    expect(long).not.toContain("/")
    expect(bytes(long)).toBeLessThanOrEqual(maxNameBytes)
  })
})

describe("creditedArtists", () => {
  it("joins artists with Discogs' join phrases and drops the (n) suffixes", () => {
    expect(creditedArtists([{ name: "Mushroom (8)", join_phrase: "&" }, { name: "Kruder", join_phrase: null }])).toBe("Mushroom & Kruder")
    expect(creditedArtists([{ name: "A", join_phrase: "," }, { name: "B", join_phrase: "" }])).toBe("A, B")
  })
})

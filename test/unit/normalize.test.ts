import { Either, Schema } from "effect"
import { readdirSync, readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { type NormalizedRelease, normalizeRelease } from "../../src/discogs/normalize.ts"
import { CollectionPage, DiscogsMessage, DiscogsRelease, formatParseError } from "../../src/discogs/schema.ts"

const fixtures = new URL("../fixtures/discogs/", import.meta.url)
const readJson = (path: string): unknown => JSON.parse(readFileSync(new URL(path, fixtures), "utf8"))
const releaseFiles = readdirSync(new URL("releases/", fixtures)).filter((f) => f.endsWith(".json"))

const decodeRelease = Schema.decodeUnknownSync(DiscogsRelease)
const normalized = (id: number): NormalizedRelease => normalizeRelease(decodeRelease(readJson(`releases/${id}.json`)))
const trackArtistIds = (n: NormalizedRelease, sequence: number) =>
  n.track_artists.filter((a) => a.sequence === sequence).map((a) => a.artist_id)

describe("DiscogsRelease + normalizeRelease", () => {
  it.each(releaseFiles)("%s decodes and normalises", (file) => {
    const n = normalizeRelease(decodeRelease(readJson(`releases/${file}`)))
    expect(n.release.release_id).toBe(Number(file.replace(".json", "")))
    expect(n.tracks.map((t) => t.sequence)).toEqual(n.tracks.map((_, i) => i + 1))
    expect(new Set(n.tracks.map((t) => t.position_key)).size).toBe(n.tracks.length)
    expect(new Set(n.artists.map((a) => a.artist_id)).size).toBe(n.artists.length)
    const artistIds = new Set(n.artists.map((a) => a.artist_id))
    for (const credit of [...n.release_artists, ...n.track_artists]) expect(artistIds.has(credit.artist_id)).toBe(true)
  })

  it("8604223 Ummagumma: headings, index rows become their sub_tracks", () => {
    const n = normalized(8604223)
    expect(n.tracks.map((t) => t.position)).toEqual([
      "A1", "A2", "B1", "B2",
      "C1.1", "C1.2", "C1.3", "C1.4", "C2", "C3",
      "D1.1", "D1.2", "D1.3", "D2.1", "D2.2", "D2.3"
    ])
    expect(n.tracks.slice(0, 4).every((t) => t.heading === "Live Album")).toBe(true)
    expect(n.tracks.slice(4).every((t) => t.heading === "Studio Album")).toBe(true)
    const indexTitles = Object.fromEntries(n.tracks.map((t) => [t.position, t.index_title]))
    expect(indexTitles).toMatchObject({
      "C1.1": "Sysyphus",
      "C1.4": "Sysyphus",
      C2: null,
      C3: null,
      "D1.1": "The Narrow Way",
      "D1.3": "The Narrow Way",
      "D2.1": "The Grand Vizier's Garden Party",
      "D2.3": "The Grand Vizier's Garden Party"
    })
    expect(n.tracks[4]).toMatchObject({ sequence: 5, title: "Part 1", position_key: "C1.1", duration_seconds: null })
    // The index row's artist applies to its sub_tracks, which have none of their own.
    expect(trackArtistIds(n, 5)).toEqual([110861]) // Richard Wright, Sysyphus
    expect(trackArtistIds(n, 14)).toEqual([246097]) // Nick Mason, The Grand Vizier's Garden Party
    expect(n.images).toHaveLength(10)
    expect(n.release_labels.map((l) => l.catno)).toEqual(["PFRLP4", "0825646493166"])
    expect(n.labels).toEqual([{ label_id: 983890, name: "Pink Floyd Records" }])
    expect(n.videos[0]?.duration_seconds).toBeNull() // Discogs says 0
  })

  it("11578434 audiobook: 76 tracks 1-1…13-5 under 3 headings, no durations, no master", () => {
    const n = normalized(11578434)
    expect(n.tracks).toHaveLength(76)
    expect(n.tracks[0]).toMatchObject({ position: "1-1", heading: "The Enchanted Wood" })
    expect(n.tracks[75]).toMatchObject({ sequence: 76, position: "13-5", heading: "The Folk of the Faraway Tree" })
    expect(new Set(n.tracks.map((t) => t.heading))).toEqual(
      new Set(["The Enchanted Wood", "The Magic Faraway Tree", "The Folk of the Faraway Tree"])
    )
    expect(n.tracks.every((t) => t.duration_seconds === null && t.position_key === t.position)).toBe(true)
    expect(n.release.master_id).toBeNull()
    expect(n.videos).toEqual([])
    expect(n.release_artists.map((a) => a.join_phrase)).toEqual(["Read By", null])
    expect(JSON.parse(n.release.formats)).toEqual([{ name: "CD", qty: "13", descriptions: [] }])
  })

  it("16004480 soundtrack: per-track artists, 19 videos, year 0 -> null, no released", () => {
    const n = normalized(16004480)
    expect(n.release).toMatchObject({ year: null, released: null, master_id: 76290 })
    expect(n.videos).toHaveLength(19)
    expect(n.videos[0]).toMatchObject({ position: 0, duration_seconds: 92 })
    expect(n.tracks).toHaveLength(15)
    expect(trackArtistIds(n, 1)).toEqual([8672]) // Walter Carlos
    expect(n.track_artists.find((a) => a.sequence === 2)).toMatchObject({ artist_id: 442174, anv: "Rossini" })
    expect(n.tracks[0]).toMatchObject({ title: "Title Music From A Clockwork Orange", duration_seconds: 146 })
    expect(n.release_artists).toEqual([
      { release_id: 16004480, position: 0, artist_id: 194, anv: null, join_phrase: null, role: null }
    ])
  })

  it("1503102 12\": A, B1, B2 with durations, no notes", () => {
    const n = normalized(1503102)
    expect(n.tracks.map((t) => [t.position, t.duration_seconds])).toEqual([
      ["A", 348],
      ["B1", 381],
      ["B2", 212]
    ])
    expect(n.release.notes).toBeNull()
    expect(n.track_artists).toEqual([])
    expect(n.videos).toHaveLength(1)
  })

  it("3 (old shape): an artist on every track, join phrases and anv kept", () => {
    const n = normalized(3)
    expect(n.tracks).toHaveLength(14)
    for (const t of n.tracks) expect(trackArtistIds(n, t.sequence).length).toBeGreaterThan(0)
    expect(n.track_artists.filter((a) => a.sequence === 1)).toEqual([
      { sequence: 1, position: 0, artist_id: 5, anv: null, join_phrase: "&", role: null },
      { sequence: 1, position: 1, artist_id: 4, anv: null, join_phrase: null, role: null }
    ])
    expect(n.track_artists.find((a) => a.sequence === 2)?.anv).toBe("K.A.B.")
    expect(n.release.discogs_uri).toBeNull()
    expect(n.images[0]?.uri).toBe("/image/R-3-1287135004.jpeg")
  })

  it("2 (old shape): duplicate label listed twice keeps both catnos, one label row", () => {
    const n = normalized(2)
    expect(n.labels).toEqual([{ label_id: 5, name: "Svek" }])
    expect(n.release_labels.map((l) => [l.position, l.catno])).toEqual([[0, "SK 026"], [1, "SK026"]])
  })
})

describe("normalizeRelease edge cases", () => {
  const base = {
    id: 99,
    title: "T",
    year: 2000,
    artists: [{ id: 1, name: "A", anv: "", join: "", role: "" }],
    labels: []
  }

  it("empty and repeated positions get #<sequence> keys", () => {
    const n = normalizeRelease(decodeRelease({
      ...base,
      tracklist: [
        { position: " A ", title: "one", duration: "1:00" },
        { position: "", title: "two", duration: "" },
        { position: "A", title: "three", duration: "" },
        { position: "B", title: "four" }
      ]
    }))
    expect(n.tracks.map((t) => [t.position, t.position_key])).toEqual([["A", "A"], ["", "#2"], ["A", "#3"], ["B", "B"]])
    expect(n.tracks[3]?.duration_seconds).toBeNull()
  })

  it("a sub_track's own artists win over the index row's", () => {
    const n = normalizeRelease(decodeRelease({
      ...base,
      tracklist: [{
        type_: "index",
        position: "",
        title: "Suite",
        duration: "",
        artists: [{ id: 2, name: "B", anv: "", join: "", role: "" }],
        sub_tracks: [
          { type_: "track", position: "1a", title: "x", duration: "" },
          { type_: "track", position: "1b", title: "y", duration: "", artists: [{ id: 3, name: "C", anv: "", join: "", role: "" }] }
        ]
      }]
    }))
    expect(n.track_artists.map((a) => [a.sequence, a.artist_id])).toEqual([[1, 2], [2, 3]])
    expect(n.artists.map((a) => a.artist_id)).toEqual([1, 2, 3])
  })

  it("null for an optional key decodes as absent", () => {
    const n = normalizeRelease(decodeRelease({ ...base, country: null, master_id: null, tracklist: [] }))
    expect(n.release).toMatchObject({ country: null, master_id: null, formats: "[]" })
  })
})

describe("decode errors", () => {
  it("a wrong type fails with a one-line message naming the path", () => {
    const body = readJson("releases/1.json") as { tracklist: Array<Record<string, unknown>> }
    body.tracklist[2] = { ...body.tracklist[2], title: 42 }
    const result = Schema.decodeUnknownEither(DiscogsRelease)(body)
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isLeft(result)) {
      const message = formatParseError(result.left)
      expect(message).toBe("tracklist[2].title: Expected string, actual 42")
      expect(message).not.toContain("\n")
    }
  })

  it("lists every issue when decoded with errors: \"all\"", () => {
    const result = Schema.decodeUnknownEither(DiscogsRelease, { errors: "all" })({ id: "1", title: "x", year: 1 })
    expect(Either.isLeft(result) && formatParseError(result.left)).toBe(
      "id: Expected number, actual \"1\"; artists: is missing; labels: is missing; tracklist: is missing"
    )
  })
})

describe("other bodies", () => {
  it.each(["joalla-example-folder0-page1.json", "maxep-folder-page1.json", "swiftdiscogs-jrtibbetts-folder0-page1.json"])(
    "collection page %s decodes",
    (file) => {
      const page = Schema.decodeUnknownSync(CollectionPage)(readJson(`collection/${file}`))
      expect(page.releases.length).toBeGreaterThan(0)
      expect(page.pagination.page).toBe(1)
    }
  )

  it("collection paging urls and custom-field notes", () => {
    const swift = Schema.decodeUnknownSync(CollectionPage)(readJson("collection/swiftdiscogs-jrtibbetts-folder0-page1.json"))
    expect(swift.pagination).toMatchObject({ pages: 59, items: 2924 })
    expect(swift.pagination.urls.next).toContain("page=2")
    expect(swift.releases[0]?.notes?.[0]).toEqual({ field_id: 1, value: "Digital (D)" })
    const maxep = Schema.decodeUnknownSync(CollectionPage)(readJson("collection/maxep-folder-page1.json"))
    expect(maxep.pagination.urls).toEqual({})
    expect(new Set(maxep.releases.map((r) => r.instance_id)).size).toBe(3)
    expect(maxep.releases[0]?.basic_information?.title).toBe("The BBC Radio Sessions")
  })

  it("404 body decodes as a DiscogsMessage", () => {
    expect(Schema.decodeUnknownSync(DiscogsMessage)(readJson("errors/release-404.json"))).toEqual({
      message: "Release not found."
    })
  })
})

import { describe, expect, it } from "vitest"
import { discogsCandidates, videoIdOf } from "../../src/youtube/discogsVideos.ts"
import { searchQuery, wantedTrack } from "../../src/youtube/wanted.ts"

describe("Discogs videos as candidates", () => {
  it("reads the video id from every link form Discogs stores", () => {
    expect(videoIdOf("https://www.youtube.com/watch?v=JfXR06x7_8k")).toBe("JfXR06x7_8k")
    expect(videoIdOf("http://www.youtube.com/watch?v=QVdDhOnoR8k&t=10")).toBe("QVdDhOnoR8k")
    expect(videoIdOf("https://youtu.be/dQw4w9WgXcQ")).toBe("dQw4w9WgXcQ")
    expect(videoIdOf("https://www.youtube.com/embed/dQw4w9WgXcQ")).toBe("dQw4w9WgXcQ")
    expect(videoIdOf("dQw4w9WgXcQ")).toBe("dQw4w9WgXcQ")
    expect(videoIdOf("https://vimeo.com/12345")).toBeNull()
  })

  it("takes the artists from an official upload's credits line, and lists a video once", () => {
    const video = {
      uri: "https://www.youtube.com/watch?v=gvLId5_0ivY",
      title: "Title Music from A Clockwork Orange",
      description: "Provided to YouTube by Revolver Records\n\nTitle Music from A Clockwork Orange · Rachel Elkind · Walter Carlos\n\nA Clockwork Orange",
      duration_seconds: 146
    }
    const [candidate, ...rest] = discogsCandidates([video, video])
    expect(rest).toEqual([])
    expect(candidate).toMatchObject({ videoId: "gvLId5_0ivY", artists: ["Rachel Elkind", "Walter Carlos"], source: "discogs-video", kind: "unknown" })
  })
})

describe("what is searched for", () => {
  const release = { title: "Stockholm", artists: [{ name: "Persuader, The", anv: null }] }
  const track = { trackId: 1, position: "A", title: "Östermalm", indexTitle: null, durationSeconds: 285, artists: [] }

  it("the track's artists, else the release's, Discogs' suffixes and inversions undone, then the title", () => {
    expect(searchQuery(track, release)).toBe("The Persuader - Östermalm")
    const credited = { ...track, artists: [{ name: "Care Company (2)", anv: null }, { name: "Wendy Carlos", anv: "Walter Carlos" }] }
    expect(searchQuery(credited, release)).toBe("Care Company, Walter Carlos - Östermalm")
    expect(searchQuery(track, { title: "Clockwork", artists: [{ name: "Various", anv: null }] })).toBe("Östermalm")
  })

  it("a sub-track is named after its index track; the matcher knows the credited and the canonical names", () => {
    const sub = { ...track, title: "Part 1", indexTitle: "Sysyphus", artists: [{ name: "Wendy Carlos", anv: "Walter Carlos" }] }
    expect(wantedTrack(sub, release)).toEqual({
      title: "Sysyphus: Part 1",
      artists: ["Walter Carlos", "Wendy Carlos"],
      releaseArtists: ["The Persuader"],
      durationSeconds: 285,
      album: "Stockholm",
      releaseWords: [],
      longestOnRelease: null
    })
    expect(wantedTrack(track, release)).toMatchObject({ artists: ["The Persuader"], releaseArtists: [] })
    // The release's labels, catalogue numbers and year, and its longest track, go with every track.
    const known = { ...release, labelWords: ["Svek", "SK032", "1999"], durations: [285, 371, 169] }
    expect(wantedTrack(track, known)).toMatchObject({ releaseWords: ["Svek", "SK032", "1999"], longestOnRelease: 371 })
  })
})

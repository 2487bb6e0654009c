import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { MatchesFile, matchesOf, videoIdOf } from "../../src/migrate/shapes.ts"

const decode = Schema.decodeUnknownSync(MatchesFile)

describe("the yt_matches.json shapes crate migrate accepts", () => {
  it("reads the simple list: video_id or url, the rest optional", () => {
    expect(matchesOf(decode([
      { position: "A1", url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1", title: "Never", duration: 213.4, score: 0.9 },
      { position: "A2", video_id: "yPYZpwSpKmA" },
      { position: "B1", video_id: null },
      { position: "B2", url: "https://example.com/a.mp3" }
    ]))).toEqual([
      { position: "A1", videoId: "dQw4w9WgXcQ", url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1", title: "Never", channel: null, duration: 213.4, score: 0.9, file: null },
      { position: "A2", videoId: "yPYZpwSpKmA", url: null, title: null, channel: null, duration: null, score: null, file: null },
      { position: "B1", videoId: null, url: null, title: null, channel: null, duration: null, score: null, file: null },
      { position: "B2", problem: '"https://example.com/a.mp3" is not a YouTube video link' }
    ])
  })

  it("reads crate's own file: a video's link off YouTube (the demo's loopback fake) is dropped, its id kept", () => {
    expect(matchesOf(decode({ tracks: [
      { position: "1", decision: "match", score: 100, video: { video_id: "gvLId5_0ivY", url: "http://127.0.0.1:46119/watch?v=gvLId5_0ivY" } },
      { position: "2", decision: "match", video: { video_id: "../../etc", url: "https://www.youtube.com/watch?v=x" } }
    ] }))).toEqual([
      { position: "1", videoId: "gvLId5_0ivY", url: null, title: null, channel: null, duration: null, score: 100, file: null },
      { position: "2", problem: '"../../etc" is not a YouTube video id' }
    ])
  })

  it("reads crate's own yt_matches.json (tracks with a decision and a video), leaving undecided tracks out", () => {
    const file = decode({
      release_id: 1,
      tracks: [
        { position: "A", decision: "match", score: 91, video: { video_id: "QVdDhOnoR8k", url: "https://www.youtube.com/watch?v=QVdDhOnoR8k", title: "T", channel: "C", duration_seconds: 334 } },
        { position: "B", decision: "no match", score: 20, video: null },
        { position: "C", decision: "undecided" }
      ]
    })
    expect(matchesOf(file).map((entry) => "videoId" in entry ? [entry.position, entry.videoId, entry.score] : entry)).toEqual([
      ["A", "QVdDhOnoR8k", 91],
      ["B", null, 20]
    ])
  })

  it("refuses a file of another shape", () => {
    expect(() => decode({ results: [] })).toThrow()
    expect(() => decode([{ video_id: "x" }])).toThrow()
  })

  it("finds the video id in every common YouTube link", () => {
    expect(videoIdOf("https://youtu.be/dQw4w9WgXcQ")).toBe("dQw4w9WgXcQ")
    expect(videoIdOf("https://music.youtube.com/watch?v=dQw4w9WgXcQ&list=x")).toBe("dQw4w9WgXcQ")
    expect(videoIdOf("https://www.youtube.com/shorts/dQw4w9WgXcQ")).toBe("dQw4w9WgXcQ")
    expect(videoIdOf("not a url")).toBeUndefined()
  })
})

import { Duration, Effect } from "effect"
import { describe, expect, it } from "vitest"
import { everything } from "../../src/engine/Step.ts"
import { matchRelease, sameRecording } from "../../src/youtube/matchRelease.ts"
import type { ReleaseToMatch } from "../../src/youtube/store.ts"
import { YouTubeSearch } from "../../src/youtube/YouTubeSearch.ts"

/** YouTube answering every search with nothing: only the release's own Discogs videos can match. */
const noSearchResults = YouTubeSearch.of({ search: () => Effect.succeed([]), pause: Effect.succeed(false), cooldown: Duration.seconds(1) })
const context = { selection: everything, progressed: Effect.void, notice: () => Effect.void }

const track = (trackId: number, position: string, title: string, durationSeconds: number | null) =>
  ({ trackId, position, title, indexTitle: null, durationSeconds, artists: [] })

/** Stockholm as one package of an LP and a CD: A1 and 1 are the same recording. */
const release = (tracks: ReleaseToMatch["tracks"]): ReleaseToMatch => ({
  releaseId: 1,
  title: "Stockholm",
  matched: false,
  artists: [{ name: "Persuader, The", anv: null }],
  tracks,
  videos: [
    { uri: "https://www.youtube.com/watch?v=ostermalm01", title: "The Persuader - Östermalm", description: null, duration_seconds: 285 },
    { uri: "https://www.youtube.com/watch?v=sodermalm01", title: "The Persuader - Södermalm", description: null, duration_seconds: 338 }
  ],
  matches: new Map(),
  bestCandidates: new Map(),
  unavailable: new Set()
})

const chosen = (r: ReleaseToMatch) =>
  Effect.runPromise(matchRelease(r, r.tracks, context).pipe(Effect.provideService(YouTubeSearch, noSearchResults)))
    .then((decided) => decided.map(({ decision, track: t }) => [t.position, decision.match?.candidate.videoId ?? null]))

describe("Discogs videos across a release's tracks", () => {
  it("one video serves the same recording on the LP and the CD of one package", async () => {
    const both = release([track(1, "A1", "Östermalm", 285), track(2, "B1", "Södermalm", 338), track(3, "1", "Östermalm", 286), track(4, "2", "Södermalm", null)])
    expect(await chosen(both)).toEqual([["A1", "ostermalm01"], ["B1", "sodermalm01"], ["1", "ostermalm01"], ["2", "sodermalm01"]])
  })

  it("two different tracks never share one, and a longer edit of the same title is another recording", async () => {
    expect(sameRecording(track(1, "A1", "Östermalm", 285), track(2, "1", "ÖSTERMALM", 287))).toBe(true)
    expect(sameRecording(track(1, "A1", "Östermalm", 285), track(2, "1", "Östermalm", 420))).toBe(false)
    const remix = release([track(1, "A1", "Östermalm", 285), track(2, "A2", "Östermalm", 420)])
    expect(await chosen(remix)).toEqual([["A1", "ostermalm01"], ["A2", null]])
  })
})

/**
 * `npm run bench:match` (second part): the youtube step's first source, each release's own
 * Discogs `videos`, on the recorded releases (test/fixtures/discogs/releases) with the labels
 * of test/fixtures/matching/discogs-videos.json (the rule is written there). Searches answer
 * nothing, so what is measured is how the release's videos are read: precision = right
 * videos / videos chosen; recall = right videos / tracks that have one among the videos.
 */
import { Duration, Effect, Schema } from "effect"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { normalizeRelease } from "../src/discogs/normalize.ts"
import { DiscogsRelease } from "../src/discogs/schema.ts"
import { everything } from "../src/engine/Step.ts"
import { fixturesDir } from "../src/fakes/discogs-data.ts"
import { matchRelease } from "../src/youtube/matchRelease.ts"
import type { ReleaseToMatch } from "../src/youtube/store.ts"
import { YouTubeSearch } from "../src/youtube/YouTubeSearch.ts"

interface Labels {
  readonly rule: string
  readonly releases: Readonly<Record<string, Readonly<Record<string, ReadonlyArray<string>>>>>
}

const labels = JSON.parse(readFileSync(join(import.meta.dirname, "../test/fixtures/matching/discogs-videos.json"), "utf8")) as Labels
const noSearchResults = YouTubeSearch.of({ search: () => Effect.succeed([]), pause: Effect.succeed(false), cooldown: Duration.seconds(1) })

/** The release as the youtube step loads it from the database (src/youtube/store.ts), made from the Discogs body by crate's normaliser. */
const toMatch = (releaseId: number): ReleaseToMatch => {
  const body = Schema.decodeUnknownSync(DiscogsRelease)(JSON.parse(readFileSync(join(fixturesDir, "releases", `${releaseId}.json`), "utf8")))
  const n = normalizeRelease(body)
  const nameOf = new Map(n.artists.map((a) => [a.artist_id, a.name]))
  const credit = (rows: ReadonlyArray<{ readonly artist_id: number; readonly anv: string | null }>) =>
    rows.map((row) => ({ name: nameOf.get(row.artist_id) ?? "?", anv: row.anv }))
  const tracks = n.tracks.filter((t) => t.heading === null)
  return {
    releaseId,
    title: n.release.title,
    matched: false,
    artists: credit(n.release_artists),
    labelWords: [...n.release_labels.flatMap((l) => [n.labels.find((label) => label.label_id === l.label_id)?.name ?? "", l.catno ?? ""]), ...(n.release.year ? [String(n.release.year)] : [])].filter(Boolean),
    durations: tracks.flatMap((t) => (t.duration_seconds === null ? [] : [t.duration_seconds])),
    tracks: tracks.map((t) => ({
      trackId: t.sequence,
      position: t.position_key,
      title: t.title,
      indexTitle: t.index_title,
      durationSeconds: t.duration_seconds,
      artists: credit(n.track_artists.filter((a) => a.sequence === t.sequence))
    })),
    videos: n.videos.map((v) => ({ uri: v.uri, title: v.title, description: v.description, duration_seconds: v.duration_seconds })),
    matches: new Map(),
    bestCandidates: new Map(),
    unavailable: new Set()
  }
}

const context = { selection: everything, progressed: Effect.void, notice: () => Effect.void }

export interface VideoFigures {
  readonly tracks: number
  /** Tracks labelled with a video of their release. */
  readonly positives: number
  readonly right: number
  readonly wrong: number
  readonly missed: number
  readonly rightNoMatch: number
  readonly precision: number
  readonly recall: number
  readonly mistakes: ReadonlyArray<string>
}

export const measureDiscogsVideos = async (): Promise<VideoFigures> => {
  let right = 0, wrong = 0, missed = 0, rightNoMatch = 0, tracks = 0, positives = 0
  const mistakes: Array<string> = []
  for (const [id, byPosition] of Object.entries(labels.releases)) {
    const release = toMatch(Number(id))
    const decided = await Effect.runPromise(matchRelease(release, release.tracks, context).pipe(Effect.provideService(YouTubeSearch, noSearchResults)))
    for (const { decision, track } of decided) {
      tracks++
      const chosen = decision.match?.candidate.videoId ?? null
      const wanted = byPosition[track.position] ?? []
      if (wanted.length > 0) positives++
      const line = `${id} ${track.position} "${track.title}": ${chosen ?? "no match"} (labelled ${wanted.join(" or ") || "none"})`
      if (chosen === null && wanted.length === 0) rightNoMatch++
      else if (chosen === null) (missed++, mistakes.push(`missed ${line}`))
      else if (wanted.includes(chosen)) right++
      else (wrong++, mistakes.push(`wrong  ${line}`))
    }
  }
  return { tracks, positives, right, wrong, missed, rightNoMatch, precision: right / (right + wrong), recall: right / positives, mistakes }
}

if (process.argv[1] === import.meta.filename) {
  const f = await measureDiscogsVideos()
  const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(3) : "–")
  console.log(`\nthe releases' own Discogs videos: ${f.tracks} tracks of ${Object.keys(labels.releases).length} recorded releases, ${f.positives} with their video among them (test/fixtures/matching/discogs-videos.json)`)
  console.log(`precision ${fmt(f.precision)} · recall ${fmt(f.recall)} · right ${f.right} · wrong ${f.wrong} · missed ${f.missed} · right "no match" ${f.rightNoMatch}`)
  for (const mistake of f.mistakes) console.log(`  ${mistake}`)
}

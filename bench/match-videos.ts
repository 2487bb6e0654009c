/**
 * `npm run bench:match` (second part): the youtube step's first source, each release's own
 * Discogs `videos`, on the recorded releases (test/fixtures/discogs/releases) with the labels
 * of test/fixtures/matching/discogs-videos.json (the rule is written there). Searches answer
 * nothing, so what is measured is how the release's videos are read: precision = right
 * videos / videos chosen; recall = right videos / tracks that have one among the videos.
 */
import { SqlClient } from "@effect/sql"
import { Duration, Effect, Schema } from "effect"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { normalizeRelease } from "../src/discogs/normalize.ts"
import { DiscogsRelease } from "../src/discogs/schema.ts"
import { everything } from "../src/engine/Step.ts"
import { fixturesDir } from "../src/fakes/discogs-data.ts"
import * as Database from "../src/library/Database.ts"
import { writeRelease } from "../src/library/releaseStore.ts"
import { matchRelease } from "../src/youtube/matchRelease.ts"
import { loadRelease } from "../src/youtube/store.ts"
import { YouTubeSearch } from "../src/youtube/YouTubeSearch.ts"

interface Labels {
  readonly rule: string
  readonly releases: Readonly<Record<string, Readonly<Record<string, ReadonlyArray<string>>>>>
}

const labels = JSON.parse(readFileSync(join(import.meta.dirname, "../test/fixtures/matching/discogs-videos.json"), "utf8")) as Labels
const noSearchResults = YouTubeSearch.of({ search: () => Effect.succeed([]), pause: Effect.succeed(false), cooldown: Duration.seconds(1) })

/** Stored as `crate run metadata` stores it, then loaded as the youtube step loads it: the step's own path from a Discogs body to its matches. */
const storeAndLoad = (releaseId: number) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const body = Schema.decodeUnknownSync(DiscogsRelease)(JSON.parse(readFileSync(join(fixturesDir, "releases", `${releaseId}.json`), "utf8")))
    yield* sql.withTransaction(writeRelease(normalizeRelease(body), "2026-01-01T00:00:00Z"))
    return (yield* loadRelease(releaseId))!
  })

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

/** Every labelled release's decisions, made in one database (a temporary file, removed after). */
const decideAll = async () => {
  const dir = mkdtempSync(join(tmpdir(), "crate-bench-videos-"))
  try {
    return await Effect.runPromise(Effect.forEach(Object.entries(labels.releases), ([id, byPosition]) =>
      Effect.map(
        Effect.flatMap(storeAndLoad(Number(id)), (release) => matchRelease(release, release.tracks, context)),
        (decided) => ({ id, byPosition, decided })
      )).pipe(Effect.provideService(YouTubeSearch, noSearchResults), Effect.provide(Database.layer(join(dir, "videos.db")))))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export const measureDiscogsVideos = async (): Promise<VideoFigures> => {
  let right = 0, wrong = 0, missed = 0, rightNoMatch = 0, tracks = 0, positives = 0
  const mistakes: Array<string> = []
  for (const { byPosition, decided, id } of await decideAll()) {
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

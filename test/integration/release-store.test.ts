import { SqlClient, Statement } from "@effect/sql"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option, Schema } from "effect"
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { normalizeRelease } from "../../src/discogs/normalize.ts"
import { DiscogsRelease } from "../../src/discogs/schema.ts"
import * as Database from "../../src/library/Database.ts"
import { readRelease, writeRelease } from "../../src/library/releaseStore.ts"

const releasesDir = new URL("../fixtures/discogs/releases/", import.meta.url)
const fixtureIds = readdirSync(releasesDir).filter((f) => f.endsWith(".json")).map((f) => Number(f.replace(".json", "")))
const fixture = (id: number): DiscogsRelease =>
  Schema.decodeUnknownSync(DiscogsRelease)(JSON.parse(readFileSync(new URL(`${id}.json`, releasesDir), "utf8")))

/** A fresh, migrated SQLite file in its own temp dir, removed when the test ends. */
const TestDb = Layer.unwrapScoped(
  Effect.acquireRelease(
    Effect.sync(() => mkdtempSync(join(tmpdir(), "crate-release-store-"))),
    (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
  ).pipe(Effect.map((dir) => {
    return Database.layer(join(dir, "crate.db"))
  }))
)

const write = (release: DiscogsRelease, syncedAt = "2024-01-01T00:00:00Z") =>
  Effect.flatMap(SqlClient.SqlClient, (sql) => sql.withTransaction(writeRelease(normalizeRelease(release), syncedAt)))

const trackIds = (releaseId: number) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql<{ position_key: string; track_id: number }>`SELECT position_key, track_id FROM tracks
      WHERE release_id = ${releaseId}`).pipe(
      Effect.map((rows) => Object.fromEntries(rows.map((r) => [r.position_key, r.track_id])))
    )

describe("releaseStore", () => {
  it.effect("stores every recorded release and reads it back unchanged", () =>
    Effect.gen(function*() {
      for (const id of fixtureIds) yield* write(fixture(id))
      for (const id of fixtureIds) {
        expect(yield* readRelease(id)).toEqual(Option.some(normalizeRelease(fixture(id))))
      }
      const sql = yield* SqlClient.SqlClient
      const [row] = yield* sql<{ n: number }>`SELECT count(*) AS n FROM releases
        WHERE discogs_synced_at = '2024-01-01T00:00:00Z'`
      expect(row?.n).toBe(fixtureIds.length)
      expect(yield* readRelease(424242)).toEqual(Option.none())
    }).pipe(Effect.provide(TestDb)))

  it.effect("a re-write with new data keeps track_ids, updates rows and synced_at", () =>
    Effect.gen(function*() {
      const release = fixture(8604223)
      yield* write(release)
      const before = yield* trackIds(8604223)
      const changed: DiscogsRelease = {
        ...release,
        title: "Ummagumma (2016)",
        genres: ["Rock", "Pop"],
        artists: release.artists.map((a) => ({ ...a, name: "The Pink Floyd" }))
      }
      yield* write(changed, "2024-02-02T00:00:00Z")
      expect(yield* trackIds(8604223)).toEqual(before)
      expect(yield* readRelease(8604223)).toEqual(Option.some(normalizeRelease(changed)))
      const sql = yield* SqlClient.SqlClient
      const [row] = yield* sql<{ discogs_synced_at: string }>`SELECT discogs_synced_at FROM releases
        WHERE release_id = 8604223`
      expect(row?.discogs_synced_at).toBe("2024-02-02T00:00:00Z")
    }).pipe(Effect.provide(TestDb)))

  it.effect("a track removed and one renamed: the others keep their track_id", () =>
    Effect.gen(function*() {
      const release = fixture(1)
      yield* write(release)
      const before = yield* trackIds(1)
      const [a, , b2, ...rest] = release.tracklist
      // B1 removed, A retitled, B2 moved to a new position
      const changed: DiscogsRelease = {
        ...release,
        tracklist: [{ ...a!, title: "Östermalm (Edit)" }, { ...b2!, position: "B" }, ...rest]
      }
      yield* write(changed)
      const after = yield* trackIds(1)
      expect(Object.keys(after).sort()).toEqual(["A", "B", "C1", "C2", "D"])
      for (const key of ["A", "C1", "C2", "D"]) expect(after[key]).toBe(before[key])
      expect(Object.values(before)).not.toContain(after["B"])
      expect(yield* readRelease(1)).toEqual(Option.some(normalizeRelease(changed)))
    }).pipe(Effect.provide(TestDb)))

  it.effect("phase-2 columns and enrichment rows survive a re-write", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const release = fixture(1503102)
      yield* write(release)
      yield* sql`UPDATE releases SET library_path = '/music/astley', covers_downloaded = 1,
        youtube_matched = 1, audio_downloaded = 1 WHERE release_id = 1503102`
      const [track] = yield* sql<{ track_id: number }>`SELECT track_id FROM tracks
        WHERE release_id = 1503102 AND position_key = 'B2'`
      yield* sql`INSERT INTO youtube_matches (track_id, video_id, score) VALUES (${track!.track_id}, 'dQw4w9WgXcQ', 0.9)`

      yield* write({ ...release, title: "Never Gonna Give You Up (re-synced)" })

      const [flags] = yield* sql`SELECT library_path, covers_downloaded, youtube_matched, audio_downloaded, title
        FROM releases WHERE release_id = 1503102`
      expect(flags).toEqual({
        library_path: "/music/astley",
        covers_downloaded: 1,
        youtube_matched: 1,
        audio_downloaded: 1,
        title: "Never Gonna Give You Up (re-synced)"
      })
      const matches = yield* sql`SELECT track_id, video_id FROM youtube_matches`
      expect(matches).toEqual([{ track_id: track!.track_id, video_id: "dQw4w9WgXcQ" }])

      // A track that disappears from Discogs takes its enrichments with it (ON DELETE CASCADE).
      yield* write({ ...release, tracklist: release.tracklist.slice(0, 2) })
      expect(yield* sql`SELECT * FROM youtube_matches`).toEqual([])
    }).pipe(Effect.provide(TestDb)))

  it.effect("a 76-track release takes a bounded number of statements", () =>
    Effect.gen(function*() {
      let statements = 0
      const counting: Statement.Statement.Transformer = (self) =>
        Effect.sync(() => {
          statements++
          return self
        })
      yield* write(fixture(11578434)).pipe(Statement.withTransformer(counting))
      expect(statements).toBeLessThanOrEqual(20) // 19 today, independent of the track count
    }).pipe(Effect.provide(TestDb)))
})

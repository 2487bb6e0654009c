import { SqlClient } from "@effect/sql"
import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Schema, TestClock } from "effect"
import { readFileSync } from "node:fs"
import { hostname } from "node:os"
import { join } from "node:path"
import { release, reserveImages, spendOne } from "../../src/covers/budget.ts"
import { covers } from "../../src/covers/step.ts"
import { recordCovers } from "../../src/covers/store.ts"
import * as Pending from "../../src/engine/Pending.ts"
import type { Selection } from "../../src/engine/Step.ts"
import { normalizeRelease } from "../../src/discogs/normalize.ts"
import { DiscogsRelease } from "../../src/discogs/schema.ts"
import { fixturesDir } from "../../src/fakes/discogs-data.ts"
import * as Database from "../../src/library/Database.ts"
import { readRelease, writeRelease } from "../../src/library/releaseStore.ts"
import { tempDir } from "../support/tempDir.ts"

const fixture = (id: number): DiscogsRelease =>
  Schema.decodeUnknownSync(DiscogsRelease)(JSON.parse(readFileSync(join(fixturesDir, "releases", `${id}.json`), "utf8")))

const write = (release: DiscogsRelease) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) => sql.withTransaction(writeRelease(normalizeRelease(release), "2024-01-01T00:00:00Z")))

const withDb = <A, E>(body: Effect.Effect<A, E, SqlClient.SqlClient>) =>
  Effect.provide(body, Database.layer(join(tempDir(), "crate.db")))

const everything: Selection = { items: [], refresh: false, flags: new Set<string>() }

/** What the engine would give the covers step, from the step's own `done` condition. */
const releasesNeedingCovers = (selection: Selection) =>
  Effect.map(Pending.pending(covers, new Map([["covers", covers]]), { selection }), (items) => items.map((pending) => pending.item))

const fileOf = (position: number, uri: string) => ({
  position, file_path: `A - B [1503102]/cover_${position + 1}.jpg`, bytes: 10, sha256: "ab", downloaded_at: "2024-01-02T00:00:00Z", downloaded_uri: uri
})

describe("covers: what a re-sync keeps, what the engine finds pending", () => {
  it.live("a re-sync upserts images by position: file records survive, vanished positions go", () =>
    withDb(Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const release = fixture(1503102)
      yield* write(release)
      const images = release.images!
      yield* recordCovers(1503102, images.map((image, position) => fileOf(position, image.uri)))
      expect(yield* releasesNeedingCovers(everything)).toEqual([])

      yield* write({ ...release, title: "re-synced", images: images.slice(0, 3).map((image) => ({ ...image, width: 1 })) })
      const rows = yield* sql<{ position: number; width: number; file_path: string; downloaded_uri: string }>`
        SELECT position, width, file_path, downloaded_uri FROM images WHERE release_id = 1503102 ORDER BY position`
      expect(rows).toEqual(images.slice(0, 3).map((image, position) => ({
        position, width: 1, file_path: `A - B [1503102]/cover_${position + 1}.jpg`, downloaded_uri: image.uri
      })))
      // The Discogs side reads back as Discogs sent it.
      const stored = yield* readRelease(1503102)
      expect(stored._tag === "Some" && stored.value.images.map((image) => image.width)).toEqual([1, 1, 1])
      expect(yield* releasesNeedingCovers(everything)).toEqual([])
    })))

  it.live("pending: unflagged synced releases in collection order; a changed or added image; --release-id; --refresh", () =>
    withDb(Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      for (const id of [1, 2, 3, 1503102]) yield* write(fixture(id))
      yield* sql`INSERT INTO collection_items (instance_id, release_id, folder_id, date_added, first_seen_at, last_seen_at)
        VALUES (1, 3, 1, '2020-01-01', 'x', 'x'), (2, 1503102, 1, '2020-01-02', 'x', 'x'), (3, 1, 1, '2020-01-03', 'x', 'x')`
      yield* sql`INSERT INTO releases (release_id, title) VALUES (99, 'listed, never synced')`
      expect(yield* releasesNeedingCovers(everything)).toEqual(["3", "1503102", "1", "2"])

      const release = fixture(1503102)
      yield* recordCovers(1503102, release.images!.map((image, position) => fileOf(position, image.uri)))
      yield* sql`UPDATE releases SET covers_downloaded = 1 WHERE release_id = 2` // by hand, nothing downloaded: respected
      expect(yield* releasesNeedingCovers(everything)).toEqual(["3", "1"])
      expect(yield* releasesNeedingCovers({ ...everything, items: ["1503102", "2", "99"] })).toEqual([])
      expect(yield* releasesNeedingCovers({ ...everything, items: ["1503102", "99"], refresh: true })).toEqual(["1503102"])

      yield* write({ ...release, images: [...release.images!, release.images![0]!] })
      expect(yield* releasesNeedingCovers(everything)).toEqual(["3", "1503102", "1"])
      yield* recordCovers(1503102, [...release.images!, release.images![0]!].map((image, position) => fileOf(position, image.uri)))
      yield* write({ ...release, images: release.images!.map((image, i) => (i === 0 ? { ...image, uri: `${image.uri}?new` } : image)) })
      expect(yield* releasesNeedingCovers(everything)).toEqual(["3", "1503102", "1"])
    })))

  it.effect("the daily budget: reserved all at once, refused past the limit, given back what was not asked for, renewed at 00:00 UTC", () =>
    withDb(Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("2024-05-01T23:59:00Z"))
      const first = yield* reserveImages(4, 10)
      expect(first).toMatchObject({ day: "2024-05-01", count: 4 })
      expect(yield* reserveImages(7, 10)).toBeUndefined()
      expect(yield* reserveImages(11, 10)).toBeUndefined()
      for (let i = 0; i < 3; i++) yield* spendOne(first!)
      yield* release(first!) // one image never asked for goes back
      expect(yield* reserveImages(7, 10)).toMatchObject({ day: "2024-05-01", count: 7 })
      expect(yield* reserveImages(1, 10)).toBeUndefined()
      yield* TestClock.adjust(Duration.minutes(1))
      expect(yield* reserveImages(10, 10)).toMatchObject({ day: "2024-05-02", count: 10 })
      const sql = yield* SqlClient.SqlClient
      expect(yield* sql`SELECT day, used FROM discogs_image_budget ORDER BY day`).toEqual([
        { day: "2024-05-01", used: 10 },
        { day: "2024-05-02", used: 10 }
      ])
    })))

  it.effect("a run killed mid-release gives back, at the next reservation, the images it never asked for", () =>
    withDb(Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("2024-05-01T12:00:00Z"))
      const sql = yield* SqlClient.SqlClient
      // As a killed run leaves it: 6 reserved, 2 asked for, its pid gone (above Linux's pid_max).
      yield* sql`INSERT INTO discogs_image_budget (day, used) VALUES ('2024-05-01', 6)`
      yield* sql`INSERT INTO discogs_image_reservations (day, reserved, requested, pid, hostname)
        VALUES ('2024-05-01', 6, 2, 4194305, ${hostname()})`
      expect(yield* reserveImages(8, 10)).toMatchObject({ count: 8 })
      expect(yield* sql`SELECT used FROM discogs_image_budget`).toEqual([{ used: 10 }])
      expect(yield* sql`SELECT count(*) AS n FROM discogs_image_reservations`).toEqual([{ n: 1 }])
    })))
})

import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Effect } from "effect"
import * as Pending from "../engine/Pending.ts"
import { everything, type Step } from "../engine/Step.ts"
import { nameMatches } from "./fold.ts"
import { listReleases, type ReleaseListing } from "./releases.ts"

/** Releases found by a search, with the stored names the query matched (for "did you mean" reading). */
export interface SearchResult {
  readonly matched: ReadonlyArray<string>
  readonly releases: ReadonlyArray<ReleaseListing>
}

type Found = Effect.Effect<SearchResult, SqlError, SqlClient.SqlClient>

interface Named {
  readonly id: number
  readonly name: string
}

const ids = (rows: ReadonlyArray<{ readonly release_id: number }>) => [...new Set(rows.map((row) => row.release_id))]

/**
 * Names are compared in JavaScript (SQLite cannot fold accents): the name tables hold one row
 * per distinct artist or label, a few thousand for a large collection, so reading them whole
 * costs milliseconds and needs no extra column that every writer would have to keep current.
 */
const matching = (rows: ReadonlyArray<Named>, query: string) => rows.filter((row) => nameMatches(query, row.name))

const found = (names: ReadonlyArray<Named>, releaseIds: ReadonlyArray<number>): Found =>
  Effect.map(listReleases(releaseIds), (releases) => ({ matched: [...new Set(names.map((row) => row.name))].sort(), releases }))

/** Releases an artist is credited on, for the whole release or for one of its tracks; Discogs' name variations count. */
export const byArtist = (query: string): Found =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const artists = yield* sql<Named>`SELECT artist_id AS id, name FROM artists`
    const variations = yield* sql<Named>`SELECT DISTINCT artist_id AS id, anv AS name FROM release_artists WHERE anv IS NOT NULL
      UNION SELECT DISTINCT artist_id AS id, anv AS name FROM track_artists WHERE anv IS NOT NULL`
    const hits = [...matching(artists, query), ...matching(variations, query)]
    const wanted = JSON.stringify([...new Set(hits.map((hit) => hit.id))])
    const releases = yield* sql<{ release_id: number }>`
      SELECT release_id FROM release_artists WHERE artist_id IN (SELECT value FROM json_each(${wanted}))
      UNION SELECT t.release_id FROM track_artists ta JOIN tracks t USING (track_id)
        WHERE ta.artist_id IN (SELECT value FROM json_each(${wanted}))`
    return yield* found(hits, ids(releases))
  })

export const byLabel = (query: string): Found =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const hits = matching(yield* sql<Named>`SELECT label_id AS id, name FROM labels`, query)
    const releases = yield* sql<{ release_id: number }>`SELECT DISTINCT release_id FROM release_labels
      WHERE label_id IN (SELECT value FROM json_each(${JSON.stringify(hits.map((hit) => hit.id))}))`
    return yield* found(hits, ids(releases))
  })

/** Genres and styles alike: `genre techno` finds releases styled Techno under Electronic. */
export const byGenre = (query: string): Found =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const genres = matching(yield* sql<Named>`SELECT genre_id AS id, name FROM genres`, query)
    const styles = matching(yield* sql<Named>`SELECT style_id AS id, name FROM styles`, query)
    const releases = yield* sql<{ release_id: number }>`
      SELECT release_id FROM release_genres WHERE genre_id IN (SELECT value FROM json_each(${JSON.stringify(genres.map((hit) => hit.id))}))
      UNION SELECT release_id FROM release_styles WHERE style_id IN (SELECT value FROM json_each(${JSON.stringify(styles.map((hit) => hit.id))}))`
    return yield* found([...genres, ...styles], ids(releases))
  })

export const byYear = (from: number, to: number): Found =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const releases = yield* sql<{ release_id: number }>`SELECT release_id FROM releases WHERE year BETWEEN ${from} AND ${to}`
    return yield* found([], ids(releases))
  })

/** Releases the step has not done (by its current version), in collection order. */
export const missing = (step: Step<any, any>): Found =>
  Effect.gen(function*() {
    const items = yield* Pending.missing(step, { selection: everything })
    return yield* found([], items.map(Number))
  })

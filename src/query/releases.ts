import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Effect } from "effect"
import { creditedArtists } from "../library/releaseFolder.ts"

/** One release as search results list it. */
export interface ReleaseListing {
  readonly release_id: number
  readonly title: string
  readonly year: number | null
  /** The release's artists as credited, e.g. "Mr. James Barth & A.D.". */
  readonly artist: string
  readonly label: string | null
  readonly catno: string | null
  readonly covers_downloaded: boolean
  readonly youtube_matched: boolean
  readonly audio_downloaded: boolean
  /** Its tracks, those with a video, those with an audio file. */
  readonly tracks: number
  readonly tracks_matched: number
  readonly tracks_with_audio: number
}

interface ListingRow {
  readonly release_id: number
  readonly title: string
  readonly year: number | null
  readonly label: string | null
  readonly catno: string | null
  readonly covers_downloaded: number
  readonly youtube_matched: number
  readonly audio_downloaded: number
  readonly tracks: number
  readonly tracks_matched: number
  readonly tracks_with_audio: number
}

/** The listings of these releases, by year then title (releases without a year last). */
export const listReleases = (ids: ReadonlyArray<number>): Effect.Effect<ReadonlyArray<ReleaseListing>, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    if (ids.length === 0) return []
    const sql = yield* SqlClient.SqlClient
    const wanted = JSON.stringify(ids)
    const rows = yield* sql<ListingRow>`SELECT r.release_id, r.title, r.year, l.name AS label, rl.catno,
        r.covers_downloaded, r.youtube_matched, r.audio_downloaded,
        (SELECT count(*) FROM tracks t WHERE t.release_id = r.release_id) AS tracks,
        (SELECT count(*) FROM tracks t JOIN youtube_matches m USING (track_id) WHERE t.release_id = r.release_id AND m.video_id IS NOT NULL) AS tracks_matched,
        (SELECT count(*) FROM tracks t JOIN audio_files f USING (track_id) WHERE t.release_id = r.release_id) AS tracks_with_audio
      FROM releases r
      LEFT JOIN release_labels rl ON rl.release_id = r.release_id AND rl.position = 0
      LEFT JOIN labels l ON l.label_id = rl.label_id
      WHERE r.release_id IN (SELECT value FROM json_each(${wanted}))
      ORDER BY r.year IS NULL, r.year, r.title, r.release_id`
    const credits = yield* sql<{ release_id: number; name: string; join_phrase: string | null }>`
      SELECT ra.release_id, a.name, ra.join_phrase FROM release_artists ra JOIN artists a USING (artist_id)
      WHERE ra.release_id IN (SELECT value FROM json_each(${wanted})) ORDER BY ra.release_id, ra.position`
    const byRelease = new Map<number, Array<(typeof credits)[number]>>()
    for (const credit of credits) byRelease.set(credit.release_id, [...(byRelease.get(credit.release_id) ?? []), credit])
    return rows.map((row): ReleaseListing => ({
      ...row,
      artist: creditedArtists(byRelease.get(row.release_id) ?? []) || "Unknown Artist",
      covers_downloaded: row.covers_downloaded === 1,
      youtube_matched: row.youtube_matched === 1,
      audio_downloaded: row.audio_downloaded === 1
    }))
  })

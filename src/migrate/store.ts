import { SqlClient } from "@effect/sql"
import { camelot, keyName, parseKey } from "../analysis/key.ts"
import { halfOrDouble, roundTempo } from "../analysis/tempo.ts"
import { Effect } from "effect"
import type { MatchedVideo } from "../library/matchColumns.ts"
import type { AudioFileRow } from "../audio/store.ts"

/** What the database already holds for a release, so that migrate adds only what is missing. */
export interface StoredRelease {
  readonly libraryPath: string | null
  readonly images: ReadonlyArray<{ readonly position: number; readonly type: string; readonly uri: string; readonly file_path: string | null }>
  readonly tracks: ReadonlyArray<StoredTrack>
}

export interface StoredTrack {
  readonly track_id: number
  readonly sequence: number
  readonly position: string
  readonly title: string
  readonly video_id: string | null
  readonly video_url: string | null
  readonly decided: number
  readonly has_audio: number
  readonly has_analysis: number
}

export const releaseExists = (releaseId: number) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    Effect.map(sql<{ n: number }>`SELECT count(*) AS n FROM releases WHERE release_id = ${releaseId}`, (rows) => (rows[0]?.n ?? 0) > 0))

export const storedRelease = (releaseId: number) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const [release] = yield* sql<{ library_path: string | null }>`SELECT library_path FROM releases WHERE release_id = ${releaseId}`
    const images = yield* sql<StoredRelease["images"][number]>`SELECT position, type, uri, file_path FROM images
      WHERE release_id = ${releaseId} ORDER BY position`
    const tracks = yield* sql<StoredTrack>`SELECT t.track_id, t.sequence, t.position, t.title, m.video_id, m.video_url,
        m.track_id IS NOT NULL AS decided,
        EXISTS (SELECT 1 FROM audio_files f WHERE f.track_id = t.track_id) AS has_audio,
        EXISTS (SELECT 1 FROM audio_analysis a WHERE a.track_id = t.track_id) AS has_analysis
      FROM tracks t LEFT JOIN youtube_matches m ON m.track_id = t.track_id
      WHERE t.release_id = ${releaseId} ORDER BY t.sequence`
    const stored: StoredRelease = { libraryPath: release?.library_path ?? null, images, tracks }
    return stored
  })

export const setLibraryPath = (releaseId: number, path: string) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql`UPDATE releases SET library_path = ${path} WHERE release_id = ${releaseId} AND library_path IS NULL`)

export interface CoverRecord {
  readonly position: number
  readonly file_path: string
  readonly bytes: number
  readonly sha256: string
  readonly downloaded_at: string
  readonly uri: string
}

/** A cover file that is there, as the covers step records one (never over a file it recorded). */
export const recordCover = (releaseId: number, cover: CoverRecord) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql`UPDATE images SET file_path = ${cover.file_path}, bytes = ${cover.bytes}, sha256 = ${cover.sha256},
        downloaded_at = ${cover.downloaded_at}, downloaded_uri = ${cover.uri}
      WHERE release_id = ${releaseId} AND position = ${cover.position} AND file_path IS NULL`)

export interface MatchRecord extends MatchedVideo {
  readonly track_id: number
  readonly matched_at: string
}

/** Source of the decisions migrate imports (the youtube step writes discogs-video, youtube-music, youtube; hand edits override). */
export const migratedSource = "migrated"

/** A decision for a track that has none; an existing one (a run's or a hand edit) is kept. */
export const insertMatch = (match: MatchRecord) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql`INSERT INTO youtube_matches ${sql.insert({ ...match, source: migratedSource, is_override: 0 })}
      ON CONFLICT (track_id) DO NOTHING`)

/** An audio_files row as the audio step writes it; migrated files are always Opus. */
export type AudioRecord = Omit<AudioFileRow, "codec">

export const insertAudio = (file: AudioRecord) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql`INSERT INTO audio_files ${sql.insert({ ...file, codec: "opus" })} ON CONFLICT (track_id) DO NOTHING`)

/**
 * The old layout's tempo and key, in the columns the analysis step fills: a key it wrote
 * in any common spelling ("Am", "8A", "A minor") is stored as the step stores it, with its
 * Camelot code; one that is not a key is kept as written.
 */
export const insertAnalysis = (trackId: number, bpm: number | null, key: string | null, at: string) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) => {
    const parsed = key === null ? undefined : parseKey(key)
    const name = parsed === undefined ? key : keyName(parsed)
    const code = parsed === undefined ? null : camelot(parsed)
    const alternative = bpm === null || bpm <= 0 ? null : roundTempo(halfOrDouble(bpm))
    return sql`INSERT INTO audio_analysis (track_id, bpm, bpm_alternative, key, camelot, analyzed_at)
      SELECT ${trackId}, ${bpm}, ${alternative}, ${name}, ${code}, ${at} WHERE NOT EXISTS (SELECT 1 FROM audio_analysis WHERE track_id = ${trackId})`
  })

/**
 * Raises the release's flags to what is now on record, as the steps would have set them:
 * covers when every listed image has its file; youtube when every track has a decision; audio
 * when, on top, every matched track has its file. Never lowers one.
 */
export const raiseFlags = (releaseId: number) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql`UPDATE releases SET
        covers_downloaded = max(covers_downloaded,
          NOT EXISTS (SELECT 1 FROM images i WHERE i.release_id = ${releaseId} AND i.file_path IS NULL)),
        youtube_matched = max(youtube_matched,
          NOT EXISTS (SELECT 1 FROM tracks t WHERE t.release_id = ${releaseId}
            AND NOT EXISTS (SELECT 1 FROM youtube_matches m WHERE m.track_id = t.track_id)))
      WHERE release_id = ${releaseId}`.pipe(
      Effect.zipRight(sql`UPDATE releases SET audio_downloaded = max(audio_downloaded, youtube_matched AND
          NOT EXISTS (SELECT 1 FROM tracks t JOIN youtube_matches m ON m.track_id = t.track_id
            WHERE t.release_id = ${releaseId} AND m.video_id IS NOT NULL AND m.unavailable_reason IS NULL
              AND NOT EXISTS (SELECT 1 FROM audio_files f WHERE f.track_id = t.track_id)))
        WHERE release_id = ${releaseId}`)
    ))

export const flags = (releaseId: number) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    Effect.map(
      sql<{ covers_downloaded: number; youtube_matched: number; audio_downloaded: number }>`SELECT covers_downloaded, youtube_matched,
        audio_downloaded FROM releases WHERE release_id = ${releaseId}`,
      (rows) => rows[0]
    ))

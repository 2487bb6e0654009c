import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Effect, Option } from "effect"
import { creditedArtists } from "../library/releaseFolder.ts"
import { readRelease } from "../library/releaseStore.ts"
import type { MatchedVideo } from "../library/matchColumns.ts"

export interface TrackDetails {
  /** crate's id of the track (Discogs gives tracks none). */
  readonly track_id: number | null
  readonly position: string
  readonly title: string
  readonly duration_seconds: number | null
  readonly heading: string | null
  readonly artist: string | null
  /** The YouTube decision: a video, "no match" (video_id null), or null when undecided. */
  readonly match: MatchedVideo & {
    readonly source: string | null
    readonly by_hand: boolean
    readonly unavailable_reason: string | null
  } | null
  readonly audio: { readonly path: string; readonly bytes: number; readonly duration_seconds: number; readonly codec: string } | null
  readonly analysis: TrackAnalysis | null
  /** The waveform picture, relative to the library. */
  readonly waveform: string | null
}

export interface CheckpointDetails {
  readonly step: string
  readonly status: string
  readonly attempts: number
  readonly error_kind: string | null
  readonly error_reason: string | null
  readonly error_message: string | null
  readonly updated_at: string
}

/** Everything crate knows about one release: Discogs data, the collection, and each step's work and state. */
export interface ReleaseDetails {
  readonly release_id: number
  readonly title: string
  readonly artist: string
  readonly year: number | null
  readonly released: string | null
  readonly country: string | null
  readonly labels: ReadonlyArray<{ readonly name: string; readonly catno: string | null }>
  readonly formats: unknown
  readonly genres: ReadonlyArray<string>
  readonly styles: ReadonlyArray<string>
  readonly notes: string | null
  readonly discogs_uri: string | null
  readonly discogs_synced_at: string | null
  readonly library_path: string | null
  readonly covers_downloaded: boolean
  readonly youtube_matched: boolean
  readonly audio_downloaded: boolean
  readonly collection: ReadonlyArray<{ readonly instance_id: number; readonly folder_id: number; readonly date_added: string | null; readonly rating: number; readonly removed_at: string | null }>
  readonly tracks: ReadonlyArray<TrackDetails>
  readonly covers: ReadonlyArray<{ readonly position: number; readonly type: string; readonly uri: string; readonly file_path: string | null; readonly bytes: number | null }>
  readonly videos: ReadonlyArray<{ readonly uri: string; readonly title: string | null }>
  readonly checkpoints: ReadonlyArray<CheckpointDetails>
}

interface EnrichmentRow extends MatchedVideo, TrackAnalysis {
  readonly track_id: number
  readonly sequence: number
  readonly source: string | null
  readonly is_override: number | null
  readonly unavailable_reason: string | null
  readonly decided: number
  readonly path: string | null
  readonly bytes: number | null
  readonly file_duration: number | null
  readonly codec: string | null
  readonly analysed: number
  readonly waveform: string | null
}

/** What the analysis step measured of a track (or `crate migrate` imported: tempo and key only). */
export interface TrackAnalysis {
  readonly bpm: number | null
  /** Essentia's confidence, 0 to 5.32 (above 3.5 excellent). */
  readonly bpm_confidence: number | null
  /** Half or double: the other reading of the tempo. */
  readonly bpm_alternative: number | null
  readonly key: string | null
  readonly camelot: string | null
  readonly loudness_lufs: number | null
  readonly true_peak_dbtp: number | null
}

const analysisOf = ({ bpm, bpm_alternative, bpm_confidence, camelot, key, loudness_lufs, true_peak_dbtp }: TrackAnalysis): TrackAnalysis =>
  ({ bpm, bpm_confidence, bpm_alternative, key, camelot, loudness_lufs, true_peak_dbtp })

export const releaseDetails = (releaseId: number): Effect.Effect<Option.Option<ReleaseDetails>, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const stored = yield* readRelease(releaseId)
    if (Option.isNone(stored)) return Option.none()
    const discogs = stored.value
    const nameOf = new Map(discogs.artists.map((artist) => [artist.artist_id, artist.name]))
    const labelOf = new Map(discogs.labels.map((label) => [label.label_id, label.name]))
    const credit = (rows: ReadonlyArray<{ readonly artist_id: number; readonly anv: string | null; readonly join_phrase: string | null }>) =>
      creditedArtists(rows.map((row) => ({ name: row.anv ?? nameOf.get(row.artist_id) ?? "?", join_phrase: row.join_phrase })))

    const [state] = yield* sql<{ discogs_synced_at: string | null; library_path: string | null; covers_downloaded: number; youtube_matched: number; audio_downloaded: number }>`
      SELECT discogs_synced_at, library_path, covers_downloaded, youtube_matched, audio_downloaded FROM releases WHERE release_id = ${releaseId}`
    const enrichment = yield* sql<EnrichmentRow>`SELECT t.track_id, t.sequence,
        m.video_id, m.video_url, m.video_title, m.channel, m.video_duration, m.score, m.source, m.is_override,
        m.unavailable_reason, m.track_id IS NOT NULL AS decided,
        f.path, f.bytes, f.duration_seconds AS file_duration, f.codec,
        an.bpm, an.bpm_confidence, an.bpm_alternative, an.key, an.camelot, an.loudness_lufs, an.true_peak_dbtp,
        an.track_id IS NOT NULL AS analysed, w.png_path AS waveform
      FROM tracks t
      LEFT JOIN youtube_matches m ON m.track_id = t.track_id
      LEFT JOIN audio_files f ON f.track_id = t.track_id
      LEFT JOIN audio_analysis an ON an.analysis_id = (SELECT max(analysis_id) FROM audio_analysis WHERE track_id = t.track_id)
      LEFT JOIN waveforms w ON w.track_id = t.track_id
      WHERE t.release_id = ${releaseId} ORDER BY t.sequence`
    const bySequence = new Map(enrichment.map((row) => [row.sequence, row]))
    const collection = yield* sql<ReleaseDetails["collection"][number]>`SELECT instance_id, folder_id, date_added, rating, removed_at
      FROM collection_items WHERE release_id = ${releaseId} ORDER BY instance_id`
    const covers = yield* sql<ReleaseDetails["covers"][number]>`SELECT position, type, uri, file_path, bytes
      FROM images WHERE release_id = ${releaseId} ORDER BY position`
    const checkpoints = yield* sql<CheckpointDetails>`SELECT step, status, attempts, error_kind, error_reason, error_message, updated_at
      FROM checkpoints WHERE item = ${String(releaseId)} AND step <> 'collection' ORDER BY updated_at, step`

    const tracks = discogs.tracks.map((track): TrackDetails => {
      const row = bySequence.get(track.sequence)
      const own = discogs.track_artists.filter((credit) => credit.sequence === track.sequence)
      return {
        track_id: row?.track_id ?? null,
        position: track.position,
        title: track.title,
        duration_seconds: track.duration_seconds,
        heading: track.heading,
        artist: own.length > 0 ? credit(own) : null,
        match: row === undefined || row.decided === 0 ? null : {
          video_id: row.video_id,
          video_url: row.video_url,
          video_title: row.video_title,
          channel: row.channel,
          video_duration: row.video_duration,
          score: row.score,
          source: row.source,
          by_hand: row.is_override === 1,
          unavailable_reason: row.unavailable_reason
        },
        audio: row?.path == null ? null : { path: row.path, bytes: row.bytes ?? 0, duration_seconds: row.file_duration ?? 0, codec: row.codec ?? "" },
        analysis: row === undefined || row.analysed === 0 ? null : analysisOf(row),
        waveform: row?.waveform ?? null
      }
    })

    return Option.some<ReleaseDetails>({
      release_id: releaseId,
      title: discogs.release.title,
      artist: credit(discogs.release_artists) || "Unknown Artist",
      year: discogs.release.year,
      released: discogs.release.released,
      country: discogs.release.country,
      labels: discogs.release_labels.map((label) => ({ name: labelOf.get(label.label_id) ?? "?", catno: label.catno })),
      formats: JSON.parse(discogs.release.formats) as unknown,
      genres: discogs.genres,
      styles: discogs.styles,
      notes: discogs.release.notes,
      discogs_uri: discogs.release.discogs_uri,
      discogs_synced_at: state?.discogs_synced_at ?? null,
      library_path: state?.library_path ?? null,
      covers_downloaded: state?.covers_downloaded === 1,
      youtube_matched: state?.youtube_matched === 1,
      audio_downloaded: state?.audio_downloaded === 1,
      collection,
      tracks,
      covers,
      videos: discogs.videos.map((video) => ({ uri: video.uri, title: video.title })),
      checkpoints
    })
  })

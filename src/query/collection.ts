import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Array, Effect } from "effect"
import { creditedArtists } from "../library/releaseFolder.ts"
import { fold, searchForms } from "./fold.ts"

/** One release as the grid shows it, with what it is searched and filtered by. */
export interface CollectionEntry {
  readonly releaseId: number
  readonly title: string
  readonly artist: string
  readonly year: number | null
  readonly labels: ReadonlyArray<{ readonly name: string; readonly catno: string | null }>
  readonly genres: ReadonlyArray<string>
  readonly styles: ReadonlyArray<string>
  /** Format names and descriptions: "Vinyl", "12\"", "LP". */
  readonly formats: ReadonlyArray<string>
  readonly folders: ReadonlyArray<number>
  /** When the first copy still owned was added, as Discogs says ("2019-05-01T10:00:00-07:00"). */
  readonly added: string | null
  /** The first downloaded cover, relative to the library. */
  readonly cover: string | null
  readonly tracks: number
  /** Tracks with a YouTube decision (a video or "no match"). */
  readonly decided: number
  readonly matched: number
  readonly downloaded: number
  readonly analysed: number
  readonly coversDone: boolean
  /** As searches compare it (`fold`): artist ("Persuader, The" also as "the persuader"), title, labels, catalogue numbers, year. */
  readonly searchText: string
}

/** The rows of each release, in their order. */
const groupBy = <R extends { readonly release_id: number }>(rows: ReadonlyArray<R>) => {
  const byRelease = Array.groupBy(rows, (row) => String(row.release_id))
  return (releaseId: number): ReadonlyArray<R> => byRelease[String(releaseId)] ?? []
}

interface FormatJson {
  readonly name?: string
  readonly descriptions?: ReadonlyArray<string>
}

/** Every release still in the collection (or synced and not yet listed as removed), in one pass over each table. */
export const readCollection: Effect.Effect<ReadonlyArray<CollectionEntry>, SqlError, SqlClient.SqlClient> = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const releases = yield* sql<{ release_id: number; title: string; year: number | null; formats: string; covers_downloaded: number }>`
    SELECT release_id, title, year, formats, covers_downloaded FROM releases r
    WHERE NOT EXISTS (SELECT 1 FROM collection_items c WHERE c.release_id = r.release_id)
      OR EXISTS (SELECT 1 FROM collection_items c WHERE c.release_id = r.release_id AND c.removed_at IS NULL)`
  const artists = groupBy(
    yield* sql<{ release_id: number; name: string; join_phrase: string | null }>`
      SELECT ra.release_id, coalesce(ra.anv, a.name) AS name, ra.join_phrase FROM release_artists ra JOIN artists a USING (artist_id)
      ORDER BY ra.release_id, ra.position`
  )
  const labels = groupBy(
    yield* sql<{ release_id: number; name: string; catno: string | null }>`
      SELECT rl.release_id, l.name, rl.catno FROM release_labels rl JOIN labels l USING (label_id) ORDER BY rl.release_id, rl.position`
  )
  const genres = groupBy(
    yield* sql<{ release_id: number; name: string }>`SELECT x.release_id, g.name FROM release_genres x JOIN genres g USING (genre_id)`
  )
  const styles = groupBy(
    yield* sql<{ release_id: number; name: string }>`SELECT x.release_id, s.name FROM release_styles x JOIN styles s USING (style_id)`
  )
  const owned = groupBy(
    yield* sql<{ release_id: number; folder_id: number; date_added: string | null }>`
      SELECT release_id, folder_id, date_added FROM collection_items WHERE removed_at IS NULL ORDER BY release_id, date_added`
  )
  const covers = groupBy(
    yield* sql<{ release_id: number; file_path: string }>`
      SELECT release_id, file_path FROM images WHERE file_path IS NOT NULL ORDER BY release_id, type <> 'primary', position`
  )
  const work = groupBy(
    yield* sql<{ release_id: number; tracks: number; decided: number; matched: number; downloaded: number; analysed: number }>`
      SELECT t.release_id, count(*) AS tracks, count(m.track_id) AS decided, count(m.video_id) AS matched,
        count(f.track_id) AS downloaded, count(DISTINCT an.track_id) AS analysed
      FROM tracks t
      LEFT JOIN youtube_matches m ON m.track_id = t.track_id
      LEFT JOIN audio_files f ON f.track_id = t.track_id
      LEFT JOIN audio_analysis an ON an.track_id = t.track_id AND an.bpm IS NOT NULL
      GROUP BY t.release_id`
  )

  return releases.map((release): CollectionEntry => {
    const id = release.release_id
    const artist = creditedArtists(artists(id)) || "Unknown Artist"
    const itsLabels = labels(id).map(({ catno, name }) => ({ name, catno }))
    const formats = (JSON.parse(release.formats) as ReadonlyArray<FormatJson>).flatMap((f) => [...(f.name ? [f.name] : []), ...(f.descriptions ?? [])])
    const [counts] = work(id)
    const copies = owned(id)
    return {
      releaseId: id,
      title: release.title,
      artist,
      year: release.year,
      labels: itsLabels,
      genres: genres(id).map((g) => g.name),
      styles: styles(id).map((s) => s.name),
      formats: [...new Set(formats)],
      folders: [...new Set(copies.map((c) => c.folder_id))],
      added: copies[0]?.date_added ?? null,
      cover: covers(id)[0]?.file_path ?? null,
      tracks: counts?.tracks ?? 0,
      decided: counts?.decided ?? 0,
      matched: counts?.matched ?? 0,
      downloaded: counts?.downloaded ?? 0,
      analysed: counts?.analysed ?? 0,
      coversDone: release.covers_downloaded === 1,
      searchText: ` ${[...searchForms(artist), ...[release.title, ...itsLabels.flatMap((l) => [l.name, l.catno ?? ""]), String(release.year ?? "")].map(fold)].join(" ")} `
    }
  })
})

import { existsSync, readdirSync, statSync } from "node:fs"
import { basename, dirname, join, relative } from "node:path"
import { tempFolderName } from "../../src/library/files.ts"
import { dumpDiscogsData, query } from "../support/db.ts"

/** Items of a step that are done, by item id. */
export const doneItems = (db: string, step: string) =>
  new Set(query<{ item: string }>(db, "SELECT item FROM checkpoints WHERE step = ? AND status = 'done'", step).map((row) => row.item))

export const failuresByReason = (db: string) =>
  query<{ step: string; error_reason: string | null; n: number }>(
    db,
    "SELECT step, error_reason, count(*) AS n FROM checkpoints WHERE status = 'failed' GROUP BY step, error_reason ORDER BY step, n DESC"
  )

/** Problems with the bookkeeping: items left pending or running, failures without a reason. */
export const unaccounted = (db: string): Array<string> => {
  const open = query<{ step: string; status: string; n: number }>(
    db,
    "SELECT step, status, count(*) AS n FROM checkpoints WHERE status IN ('pending', 'running') GROUP BY step, status"
  ).map((row) => `${row.n} ${row.step} item(s) still ${row.status}`)
  const silent = query<{ n: number }>(db, "SELECT count(*) AS n FROM checkpoints WHERE status = 'failed' AND (error_reason IS NULL OR error_message IS NULL)")[0]!.n
  return silent > 0 ? [...open, `${silent} failure(s) without a recorded reason`] : open
}

const enrichment = {
  images: "SELECT release_id, position, file_path, bytes, sha256 FROM images WHERE file_path IS NOT NULL ORDER BY release_id, position",
  youtube_matches: `SELECT t.release_id, t.position_key, m.video_id, m.source FROM youtube_matches m JOIN tracks t USING (track_id)
    ORDER BY t.release_id, t.position_key`,
  audio_files: `SELECT t.release_id, t.position_key, a.codec FROM audio_files a JOIN tracks t USING (track_id) ORDER BY t.release_id, t.position_key`
}

/**
 * Tables whose rows differ between the soaked database and the fault-free one, for the
 * releases that succeeded in both (per step: Discogs data, covers, matches, audio).
 */
export const differences = (db: string, reference: string): Array<string> => {
  const both = (step: string) => {
    const ours = doneItems(db, step)
    return new Set([...doneItems(reference, step)].filter((item) => ours.has(item)).map(Number))
  }
  const keep = (rows: Array<unknown>, releases: ReadonlySet<number>) =>
    rows.filter((row) => {
      const id = (row as { release_id?: number }).release_id
      return id === undefined || releases.has(id)
    })
  const problems: Array<string> = []
  const synced = both("release")
  // Each world serves its images from its own port: compare image URLs by path.
  const withoutOrigin = (dump: ReturnType<typeof dumpDiscogsData>): ReturnType<typeof dumpDiscogsData> => ({
    ...dump,
    images: dump.images!.map((row) => ({ ...(row as object), uri: new URL((row as { uri: string }).uri).pathname }))
  })
  const [a, b] = [withoutOrigin(dumpDiscogsData(db)), withoutOrigin(dumpDiscogsData(reference))]
  for (const table of Object.keys(a)) {
    if (table === "releases") continue // its phase-2 flags differ where a phase-2 step failed
    if (JSON.stringify(keep(a[table]!, synced)) !== JSON.stringify(keep(b[table]!, synced))) problems.push(`${table} differs from the fault-free run`)
  }
  const steps: Record<string, string> = { images: "covers", youtube_matches: "youtube", audio_files: "audio" }
  for (const [table, sql] of Object.entries(enrichment)) {
    const releases = both(steps[table]!)
    if (JSON.stringify(keep(query(db, sql), releases)) !== JSON.stringify(keep(query(reference, sql), releases))) {
      problems.push(`${table} differs from the fault-free run`)
    }
  }
  return problems
}

const walk = (dir: string): Array<string> =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)])
    : []

/** Files left half-written (in the temp folder, or of the wrong size) and files no row knows (orphans). */
export const libraryProblems = (db: string, library: string) => {
  // Paths in the database are relative to the library.
  const known = new Map<string, number | null>()
  for (const row of query<{ file_path: string; bytes: number }>(db, "SELECT file_path, bytes FROM images WHERE file_path IS NOT NULL")) {
    known.set(join(library, row.file_path), row.bytes)
  }
  for (const row of query<{ path: string; bytes: number }>(db, "SELECT path, bytes FROM audio_files")) known.set(join(library, row.path), row.bytes)
  for (const row of query<{ json_path: string; png_path: string }>(db, "SELECT json_path, png_path FROM waveforms")) {
    known.set(join(library, row.json_path), null)
    known.set(join(library, row.png_path), null)
  }
  for (const row of query<{ library_path: string }>(db, "SELECT library_path FROM releases WHERE library_path IS NOT NULL")) {
    known.set(join(library, row.library_path, "yt_matches.json"), null)
    known.set(join(library, row.library_path, "metadata.json"), null)
  }
  // The release step writes metadata.json before its rows: a run killed in between (and a
  // release that then failed for good) leaves it in the folder named after the release's id.
  const writtenBeforeItsRows = (file: string) => basename(file) === "metadata.json" && /\[\d+\]$/.test(basename(dirname(file)))
  const files = walk(library)
  const partial = files.filter((file) => relative(library, file).startsWith(tempFolderName))
  const wrongSize = [...known].filter(([file, bytes]) => bytes !== null && existsSync(file) && statSync(file).size !== bytes).map(([file]) => file)
  const orphans = files.filter((file) => !relative(library, file).startsWith(tempFolderName) && !known.has(file) && !writtenBeforeItsRows(file))
  return { files: files.length, partial: [...partial, ...wrongSize], orphans }
}

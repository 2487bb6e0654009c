import { SqlClient } from "@effect/sql"
import { Effect } from "effect"
import { mkdir, realpath } from "node:fs/promises"
import { join, sep } from "node:path"
import { CrateConfig } from "../config/Config.ts"
import { FileError, fileError } from "./files.ts"
import { releaseFolderName } from "./safeName.ts"

/** The release as Discogs sent it, in its folder: written by the release step, read by `crate migrate`. */
export const metadataFileName = "metadata.json"

/** "Artist (2)" → "Artist": Discogs' disambiguation suffix means nothing in a folder name. */
export const stripDiscogsSuffix = (name: string) => name.replace(/\s+\(\d+\)$/, "")

/**
 * A Discogs name as people write it: without the disambiguation suffix, and in reading order
 * ("Persuader, The" → "The Persuader", "Beatles, The (2)" → "The Beatles").
 */
export const readingOrder = (discogsName: string): string =>
  stripDiscogsSuffix(discogsName).replace(/^(.*), (The|A|An|Les|Le|La|Die|Der|Das|Los|Las|El)$/i, "$2 $1").trim()

/** The release's artists as credited, in reading order, joined by Discogs' join phrases ("A & B", "A Feat. B"). */
export const creditedArtists = (rows: ReadonlyArray<{ readonly name: string; readonly join_phrase: string | null }>) =>
  rows.map((row, i) => {
    const name = readingOrder(row.name)
    if (i === rows.length - 1) return name
    const join = (row.join_phrase ?? "").trim() || ","
    return join === "," ? `${name}, ` : `${name} ${join} `
  }).join("")

type Credit = { readonly name: string; readonly join_phrase: string | null }

/** A new release folder's name: "<artists> - <title> [<id>]". */
const folderNameOf = (releaseId: number, artists: ReadonlyArray<Credit>, title: string) =>
  releaseFolderName(creditedArtists(artists) || "Unknown Artist", title, releaseId)

/**
 * The release's folder in the library, created if needed. Its path (relative to the library)
 * is recorded in `releases.library_path` the first time, so it never moves between runs,
 * even when Discogs renames the release.
 */
export const releaseFolder = (releaseId: number) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const [release] = yield* sql<{ title: string; library_path: string | null }>`
      SELECT title, library_path FROM releases WHERE release_id = ${releaseId}`
    if (!release) return yield* Effect.dieMessage(`release ${releaseId} is not in the database`)
    let relative = release.library_path
    if (relative === null) {
      const artists = yield* sql<Credit>`
        SELECT a.name, ra.join_phrase FROM release_artists ra JOIN artists a USING (artist_id)
        WHERE ra.release_id = ${releaseId} ORDER BY ra.position`
      relative = folderNameOf(releaseId, artists, release.title)
      yield* sql`UPDATE releases SET library_path = ${relative} WHERE release_id = ${releaseId}`
    }
    return yield* insideLibrary(relative)
  })

/**
 * The folder a release being synced will have: the one on record, else one named from the
 * release as Discogs sent it. `record` stores that path with the release's rows.
 */
export const syncedReleaseFolder = (releaseId: number, artists: ReadonlyArray<Credit>, title: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const [known] = yield* sql<{ library_path: string | null }>`SELECT library_path FROM releases WHERE release_id = ${releaseId}`
    const relative = known?.library_path ?? folderNameOf(releaseId, artists, title)
    return {
      absolute: yield* insideLibrary(relative),
      record: sql`UPDATE releases SET library_path = ${relative} WHERE release_id = ${releaseId} AND library_path IS NULL`.pipe(Effect.asVoid)
    }
  })

/** A folder of the library (a path relative to it), created if needed; never one that leads outside. */
const insideLibrary = (relative: string) =>
  Effect.gen(function*() {
    const config = yield* CrateConfig
    const absolute = join(config.library, relative)
    yield* Effect.tryPromise({ try: () => mkdir(absolute, { recursive: true }), catch: fileError(absolute, "create") })
    // A folder that is a link elsewhere would have crate write outside the library.
    const [real, root] = yield* Effect.tryPromise({
      try: () => Promise.all([realpath(absolute), realpath(config.library)]),
      catch: fileError(absolute, "resolve")
    })
    if (real !== root && !real.startsWith(root + sep)) {
      return yield* new FileError({ path: absolute, code: "EOUTSIDE", message: `the release folder ${absolute} leads outside the library (to ${real}): crate writes only inside it; remove the link` })
    }
    return absolute
  })

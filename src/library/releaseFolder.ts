import { SqlClient } from "@effect/sql"
import { Effect } from "effect"
import { mkdir, realpath } from "node:fs/promises"
import { join, sep } from "node:path"
import { CrateConfig } from "../config/Config.ts"
import { FileError, fileError } from "./files.ts"
import { releaseFolderName } from "./safeName.ts"

/** "Artist (2)" → "Artist": Discogs' disambiguation suffix means nothing in a folder name. */
export const stripDiscogsSuffix = (name: string) => name.replace(/\s+\(\d+\)$/, "")

/** The release's artists as credited: names joined by Discogs' join phrases ("A & B", "A Feat. B"). */
export const creditedArtists = (rows: ReadonlyArray<{ readonly name: string; readonly join_phrase: string | null }>) =>
  rows.map((row, i) => {
    const name = stripDiscogsSuffix(row.name)
    if (i === rows.length - 1) return name
    const join = (row.join_phrase ?? "").trim() || ","
    return join === "," ? `${name}, ` : `${name} ${join} `
  }).join("")

/**
 * The release's folder in the library, created if needed. Its path (relative to the library)
 * is recorded in `releases.library_path` the first time, so it never moves between runs,
 * even when Discogs renames the release.
 */
export const releaseFolder = (releaseId: number) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const config = yield* CrateConfig
    const [release] = yield* sql<{ title: string; library_path: string | null }>`
      SELECT title, library_path FROM releases WHERE release_id = ${releaseId}`
    if (!release) return yield* Effect.dieMessage(`release ${releaseId} is not in the database`)
    let relative = release.library_path
    if (relative === null) {
      const artists = yield* sql<{ name: string; join_phrase: string | null }>`
        SELECT a.name, ra.join_phrase FROM release_artists ra JOIN artists a USING (artist_id)
        WHERE ra.release_id = ${releaseId} ORDER BY ra.position`
      relative = releaseFolderName(creditedArtists(artists) || "Unknown Artist", release.title, releaseId)
      yield* sql`UPDATE releases SET library_path = ${relative} WHERE release_id = ${releaseId}`
    }
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

import { SqlClient } from "@effect/sql"
import { Effect, Schema } from "effect"
import { readdir, rm } from "node:fs/promises"
import { join, resolve } from "node:path"
import { CrateConfig } from "../config/Config.ts"
import type { ItemSpace } from "../engine/ItemSpace.ts"
import * as Step from "../engine/Step.ts"
import { fileStepError } from "../library/files.ts"
import { safeName } from "../library/safeName.ts"
import { m3u8 } from "./m3u8.ts"
import { type PlaylistFilter, playlistTracks } from "./select.ts"
import { writePlaylist } from "./write.ts"

/** The one item of the playlists step: the library's playlists, all together. */
const playlistSet: ItemSpace<string> = {
  name: "playlist set",
  key: Schema.String,
  label: () => "the library's playlists"
}

/** Where the step keeps its playlists, inside the library; the names it writes start so, and no others are touched. */
export const playlistFolder = "playlists"
const kept = /^(Folder|Genre) .*\.m3u8$/

/**
 * Phase 2, after the audio step: one playlist per collection folder (`Folder 1.m3u8`, in
 * the collection's order) and per genre (`Genre Electronic.m3u8`) in `<library>/playlists`,
 * written anew after every run; a folder or genre with no downloaded track loses its
 * playlist. Not in the default pipeline: add it to `pipelines.assets` to have it.
 */
export const playlists = Step.make({
  name: "playlists",
  description: "keep a playlist per collection folder and per genre in the library",
  dependsOn: ["audio"],
  version: 1,
  title: "Playlists",
  items: playlistSet,
  // Every run: what the playlists hold changes with every download.
  pending: () => Effect.succeed(["library"]),
  run: () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const config = yield* CrateConfig
      const library = resolve(config.library)
      const folder = join(library, playlistFolder)
      const folders = yield* Effect.orDie(sql<{ folder_id: number }>`SELECT DISTINCT folder_id FROM collection_items WHERE removed_at IS NULL ORDER BY folder_id`)
      const genres = yield* Effect.orDie(sql<{ name: string }>`SELECT name FROM genres ORDER BY name`)
      const wanted: Array<readonly [string, PlaylistFilter]> = [
        ...folders.map(({ folder_id }) => [`Folder ${folder_id}.m3u8`, { folder: folder_id }] as const),
        ...genres.map(({ name }) => [`Genre ${safeName(name)}.m3u8`, { genre: name }] as const)
      ]
      const written = new Set<string>()
      for (const [name, filter] of wanted) {
        const tracks = yield* Effect.orDie(playlistTracks(filter, "added"))
        if (tracks.length === 0) continue
        yield* Effect.mapError(writePlaylist(join(folder, name), m3u8(tracks, library, folder)), fileStepError)
        written.add(name)
      }
      const present = yield* Effect.promise(() => readdir(folder).catch(() => [] as Array<string>))
      for (const stale of present.filter((name) => kept.test(name) && !written.has(name))) {
        yield* Effect.promise(() => rm(join(folder, stale), { force: true }))
      }
      return Effect.void
    })
})

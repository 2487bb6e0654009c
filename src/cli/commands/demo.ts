import { Command, Options } from "@effect/cli"
import { Console, Effect, Option } from "effect"
import { dirname, join, resolve } from "node:path"
import { builtinPipelines } from "../../../pipelines/index.ts"
import * as Config from "../../config/Config.ts"
import type { ResolvedConfig } from "../../config/Config.ts"
import { moveOrigins, readOrigins } from "../../fakes/demoOrigins.ts"
import { startDemoWorld } from "../../fakes/demoWorld.ts"
import { m3u8 } from "../../playlist/m3u8.ts"
import { playlistTracks } from "../../playlist/select.ts"
import { writePlaylist } from "../../playlist/write.ts"
import * as ReadDatabase from "../../query/readDatabase.ts"
import { runPipeline } from "../runPipeline.ts"
import { trackListing } from "../views/query.ts"
import { plural } from "../../query/text.ts"

/** The demo's tracks by tempo, as a playlist beside its library, and as a listing. */
const showPlaylist = (config: ResolvedConfig) =>
  Effect.gen(function*() {
    const tracks = yield* playlistTracks({}, "bpm")
    if (tracks.length === 0) return
    const target = join(dirname(resolve(config.library)), "by-tempo.m3u8")
    yield* writePlaylist(target, m3u8(tracks, resolve(config.library), dirname(target)))
    yield* Console.log(`\nIts ${plural(tracks.length, "track")} by tempo, in the playlist ${target} (a music player opens it):`)
    yield* Console.log(tracks.map(trackListing).join("\n"))
  }).pipe(Effect.provide(ReadDatabase.layer(config.database)))

const flags = { only: [], max: Option.none(), releaseIds: [], retryFailed: false, refresh: false, json: false }

export const demo = Command.make(
  "demo",
  {
    dir: Options.text("dir").pipe(Options.withDescription("where to put the demo database and library"), Options.withDefault("crate-demo"))
  },
  ({ dir }) =>
    Effect.scoped(Effect.gen(function*() {
      const folder = resolve(dir)
      const base = yield* Config.load({
        cwd: folder,
        env: { CRATE_DB: join(folder, "discogs_collection.db"), CRATE_LIBRARY: join(folder, "library") },
        builtins: builtinPipelines
      })
      // The fakes take the ports of the demo before when they are free; else its stored URLs move.
      const before = readOrigins(base.database)
      const world = yield* Effect.acquireRelease(Effect.promise(() => startDemoWorld(before)), (world) => Effect.promise(world.close))
      const config = world.configure(base)
      yield* Effect.sync(() => moveOrigins(config.database, before, world.origins))
      yield* Console.log(`crate demo: ${world.description}.\n`)
      yield* runPipeline(config, "metadata", flags, "crate demo")
      yield* Console.log("")
      yield* runPipeline(config, "assets", flags, "crate demo")
      yield* showPlaylist(config)
      yield* Console.log(
        `\nYour demo collection is in ${config.database}, its files in ${config.library}. Look at it with crate:\n` +
          `  export CRATE_DB=${config.database} CRATE_LIBRARY=${config.library}\n` +
          "  crate status; crate query stats; crate pipelines; crate plan assets; crate log\n" +
          "  crate query bpm 120..130; crate query key 8A --compatible; crate playlist --sort key -o by-key.m3u8\n" +
          "  crate serve   (the collection in a web page: covers, listen, progress, review the matches)\n" +
          "Run `crate demo` again: it continues where it stopped and fetches nothing twice."
      )
    }))
).pipe(Command.withDescription("Run crate end to end against fakes on loopback with recorded data: no account needed."))

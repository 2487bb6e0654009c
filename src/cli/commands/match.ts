import { Args, Command, Options } from "@effect/cli"
import type { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Console, Effect, Layer, Option } from "effect"
import { CrateConfig, type ResolvedConfig } from "../../config/Config.ts"
import * as Database from "../../library/Database.ts"
import { explainRelease } from "../../youtube/explain.ts"
import { clearOverride, editMatches, findTrack, type MatchEditError, parseVideo, setOverride, type TrackRef } from "../../youtube/override.ts"
import { watchUrl } from "../../youtube/step.ts"
import { candidatesOf, loadRelease } from "../../youtube/store.ts"
import { loadConfig } from "../loadConfig.ts"
import { UserError } from "../UserError.ts"
import { configOption, jsonOption } from "./run.ts"

const releaseId = Args.integer({ name: "release_id" }).pipe(Args.withDescription("the Discogs release id, e.g. 1503102"))
const position = Args.text({ name: "position" }).pipe(Args.withDescription("the track's position as Discogs shows it: A, B2, 1-3 (or #N for the Nth track)"))

const withDatabase = (config: ResolvedConfig) =>
  Layer.mergeAll(Database.layer(config.database), Layer.succeed(CrateConfig, config))

const loadOrFail = (id: number) =>
  Effect.flatMap(loadRelease(id), (release) =>
    release === undefined
      ? Effect.fail(new UserError({ message: `release ${id} is not in the database: sync it first (crate run metadata --release-id ${id})` }))
      : Effect.succeed(release))

const userError = (error: MatchEditError | { readonly _tag: "FileError"; readonly message: string }) =>
  Effect.fail(new UserError({ message: error.message }))

/** Changes one track's decision by hand (under the run lock; yt_matches.json rewritten). */
const editTrack = (
  configPath: Option.Option<string>,
  id: number,
  where: string,
  apply: (config: ResolvedConfig, track: TrackRef, at: string) => Effect.Effect<string, MatchEditError | SqlError, SqlClient.SqlClient>
) =>
  Effect.gen(function*() {
    const config = yield* loadConfig(configPath)
    const said = yield* editMatches(`crate ${process.argv.slice(2).join(" ")}`, id, (at) =>
      Effect.flatMap(findTrack(id, where), (track) => apply(config, track, at))).pipe(
        Effect.catchTag("MatchEditError", userError),
        Effect.catchTag("FileError", userError),
        Effect.provide(withDatabase(config))
      )
    yield* Console.log(said)
  })

const set = Command.make(
  "set",
  { releaseId, position, url: Args.text({ name: "url" }).pipe(Args.withDescription("the YouTube video: a link or its 11-character id")), config: configOption },
  ({ config, position, releaseId, url }) =>
    editTrack(config, releaseId, position, (resolved, track, at) =>
      Effect.gen(function*() {
        const videoId = yield* parseVideo(url)
        const link = watchUrl(resolved.youtube.baseUrl, videoId)
        yield* setOverride(releaseId, track, videoId, link, at)
        return `release ${releaseId} ${track.position} "${track.title}" → ${link} (set by hand; no run replaces it)`
      }))
).pipe(Command.withDescription("Choose a track's video by hand. Runs never replace it; `crate match clear` undoes it."))

const none = Command.make(
  "none",
  { releaseId, position, config: configOption },
  ({ config, position, releaseId }) =>
    editTrack(config, releaseId, position, (_resolved, track, at) =>
      Effect.as(setOverride(releaseId, track, null, null, at), `release ${releaseId} ${track.position} "${track.title}" → no match (set by hand; no run replaces it)`))
).pipe(Command.withDescription("Say by hand that a track has no video on YouTube (its audio is then not downloaded)."))

const clear = Command.make(
  "clear",
  { releaseId, position, config: configOption },
  ({ config, position, releaseId }) =>
    editTrack(config, releaseId, position, (_resolved, track) =>
      Effect.map(clearOverride(releaseId, track), (removed) =>
        removed
          ? `release ${releaseId} ${track.position} "${track.title}": override removed; \`crate run assets --only youtube\` decides it again`
          : `release ${releaseId} ${track.position} "${track.title}" has no override: nothing changed`))
).pipe(Command.withDescription("Remove a track's override, so that the next run decides it."))

const show = Command.make(
  "show",
  {
    releaseId,
    all: Options.boolean("all").pipe(Options.withDescription("list every candidate considered, not only the best three")),
    json: jsonOption,
    config: configOption
  },
  ({ all, config, json, releaseId }) =>
    Effect.gen(function*() {
      const resolved = yield* loadConfig(config)
      yield* Effect.gen(function*() {
        const release = yield* loadOrFail(releaseId)
        const candidates = yield* candidatesOf(releaseId)
        if (!json) return yield* Console.log(explainRelease(release, candidates, all ? undefined : 3))
        yield* Console.log(JSON.stringify({
          release_id: release.releaseId,
          title: release.title,
          youtube_matched: release.matched,
          tracks: release.tracks.map((track) => ({
            position: track.position,
            title: track.title,
            match: release.matches.get(track.trackId) ?? null,
            candidates: candidates.filter((c) => c.track_id === track.trackId).map((c) => ({
              ...c,
              artists: JSON.parse(c.artists) as unknown,
              parts: JSON.parse(c.parts) as unknown,
              notes: JSON.parse(c.notes) as unknown
            }))
          }))
        }))
      }).pipe(Effect.provide(withDatabase(resolved)))
    })
).pipe(Command.withDescription("Explain a release's YouTube matches: each track's decision and the scored candidates behind it."))

export const match = Command.make("match").pipe(
  Command.withDescription(
    "See and correct the YouTube match of each track.\n\nExamples:\n  crate match show 1503102\n" +
      "  crate match set 1503102 B2 https://www.youtube.com/watch?v=dQw4w9WgXcQ\n  crate match none 1503102 A\n  crate match clear 1503102 A"
  ),
  Command.withSubcommands([show, set, none, clear])
)

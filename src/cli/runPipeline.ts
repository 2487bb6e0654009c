import { SqlClient } from "@effect/sql"
import { Effect, Either, Option } from "effect"
import { existsSync } from "node:fs"
import type { ResolvedConfig } from "../config/Config.ts"
import type { RunSummary } from "../engine/events.ts"
import { type Pipeline, selectSteps } from "../engine/Pipeline.ts"
import * as Runner from "../engine/Runner.ts"
import { didYouMean } from "./closest.ts"
import { readTrackFigures } from "../query/status.ts"
import { announceNewDatabase } from "./newDatabase.ts"
import { reporter } from "./progress/reporter.ts"
import { tracksLine } from "./views/status.ts"
import { type Services, servicesLayer } from "./services.ts"
import { RunIncomplete, UsageError, UserError } from "./UserError.ts"

export interface RunFlags {
  readonly only: ReadonlyArray<string>
  readonly max: Option.Option<number>
  readonly releaseIds: ReadonlyArray<number>
  readonly retryFailed: boolean
  readonly refresh: boolean
  readonly json: boolean
  /** Step-specific switches, e.g. "rematch-failed". */
  readonly flags?: ReadonlyArray<string>
}

export const tokenMissing = "DISCOGS_TOKEN is not set: create a personal access token at https://www.discogs.com/settings/developers and `export DISCOGS_TOKEN=…`"
const syncFirst = "run `crate run metadata` first (or `crate migrate DIR`), or point CRATE_DB at yours"

/** Whether the database holds no release at all; a database that cannot say is left to the run, which reports its error. */
const hasNoRelease = Effect.flatMap(SqlClient.SqlClient, (sql) => sql<{ n: number }>`SELECT count(*) AS n FROM releases`).pipe(
  Effect.map((rows) => rows[0]?.n === 0),
  Effect.orElseSucceed(() => false)
)

const usernameMissing = "no Discogs username: set discogs.username in pipeline.config.ts or `export DISCOGS_USERNAME=…`"

/** The configured pipeline of that name, or one line naming the ones there are. */
export const findPipeline = (config: ResolvedConfig, name: string): Effect.Effect<Pipeline<Services>, UsageError> => {
  const pipeline = config.pipelines[name]
  if (pipeline !== undefined) return Effect.succeed(pipeline)
  const known = Object.keys(config.pipelines)
  return Effect.fail(new UsageError({ message: `no pipeline "${name}"${didYouMean(name, known)}; the configured pipelines are: ${known.join(", ")}` }))
}

/** `--only youtub`: said before anything else is checked, with the closest step. */
const checkOnly = (pipeline: Pipeline<Services>, only: ReadonlyArray<string>): Effect.Effect<void, UsageError> =>
  Either.match(selectSteps(pipeline, only), {
    onRight: () => Effect.void,
    onLeft: (unknown) =>
      Effect.fail(new UsageError({ message: `pipeline "${unknown.pipeline}" has no step "${unknown.step}"${didYouMean(unknown.step, unknown.known)}; its steps are: ${unknown.known.join(", ")}` }))
  })

/** The run's options from the command line and the configuration. */
export const runOptions = (config: ResolvedConfig, pipeline: Pipeline<Services>, flags: RunFlags, command: string): Omit<Runner.RunOptions, "onEvent"> => ({
  command,
  only: flags.only,
  max: Option.getOrUndefined(flags.max) ?? pipeline.batch,
  selection: { items: flags.releaseIds.map(String), refresh: flags.refresh, flags: new Set(flags.flags ?? []) },
  retryFailed: flags.retryFailed,
  policy: (step) => config.policies[step]!,
  steps: config.steps
})

/** Runs one configured pipeline with the user's flags, reporting as it goes. */
export const runPipeline = (config: ResolvedConfig, name: string, flags: RunFlags, command: string) =>
  Effect.gen(function*() {
    const pipeline = yield* findPipeline(config, name)
    yield* checkOnly(pipeline, flags.only)
    const has = (step: string) => pipeline.steps.some((other) => other.name === step)
    if (has("collection") && config.discogs.username === null && flags.releaseIds.length === 0) {
      return yield* new UserError({ message: usernameMissing })
    }
    if ((has("collection") || has("release")) && config.discogs.token === null) return yield* new UserError({ message: tokenMissing })
    // A pipeline that syncs nothing itself works on what a sync left: without one, say so rather than make an empty database.
    const syncsNothing = !pipeline.steps.some((step) => step.pending !== undefined)
    if (syncsNothing && !existsSync(config.database)) {
      return yield* new UserError({ message: `nothing to work on: there is no database at ${config.database} yet; ${syncFirst}` })
    }
    yield* announceNewDatabase(config.database)
    const summary = yield* Effect.gen(function*() {
      const database = yield* Effect.context<SqlClient.SqlClient>()
      if (syncsNothing && (yield* hasNoRelease)) {
        return yield* new UserError({ message: `nothing to work on: the database at ${config.database} has no release yet; ${syncFirst}` })
      }
      // Release figures hide how many tracks have their video and audio: after a run of those steps, say it.
      const footnotes = (ran: RunSummary) =>
        ran.steps.some((step) => step.step === "youtube" || step.step === "audio")
          ? readTrackFigures.pipe(Effect.map((figures) => [tracksLine(figures)]), Effect.provide(database), Effect.orElseSucceed(() => []))
          : Effect.succeed([])
      return yield* Runner.run(pipeline, { ...runOptions(config, pipeline, flags, command), onEvent: yield* reporter({ json: flags.json, command, footnotes }) })
    }).pipe(Effect.provide(servicesLayer(config)))
    const failed = summary.steps.reduce((n, step) => n + step.failed, 0)
    if (failed > 0) return yield* new RunIncomplete({ failed })
    return summary
  }).pipe(Effect.scoped)

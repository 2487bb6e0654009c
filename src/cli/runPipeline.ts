import { Effect, Option } from "effect"
import { pipelines, type PipelineName } from "../../pipelines/index.ts"
import type { ResolvedConfig } from "../config/Config.ts"
import * as Runner from "../engine/Runner.ts"
import { reporter } from "./progress/reporter.ts"
import { servicesLayer } from "./services.ts"
import { UserError } from "./UserError.ts"

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
const usernameMissing = "no Discogs username: set discogs.username in pipeline.config.ts or `export DISCOGS_USERNAME=…`"

/** Runs one pipeline with the user's configuration and flags, reporting as it goes. */
export const runPipeline = (config: ResolvedConfig, name: PipelineName, flags: RunFlags, command: string) =>
  Effect.gen(function*() {
    if (name === "metadata" && config.discogs.username === null && flags.releaseIds.length === 0) {
      return yield* new UserError({ message: usernameMissing })
    }
    if (name === "metadata" && config.discogs.token === null) return yield* new UserError({ message: tokenMissing })
    const settings = config.pipelines[name]
    return yield* Runner.run(pipelines[name], {
      command,
      only: flags.only,
      max: Option.getOrUndefined(flags.max) ?? settings.batch,
      selection: { items: flags.releaseIds.map(String), refresh: flags.refresh, flags: new Set(flags.flags ?? []) },
      retryFailed: flags.retryFailed,
      policy: (step) => settings.steps[step]!,
      onEvent: yield* reporter({ json: flags.json, command })
    }).pipe(Effect.provide(servicesLayer(config)))
  }).pipe(Effect.scoped)

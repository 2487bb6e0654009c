import type { SqlClient } from "@effect/sql"
import { Effect, Layer, type Option } from "effect"
import { existsSync } from "node:fs"
import type { ResolvedConfig } from "../config/Config.ts"
import * as ReadDatabase from "../query/readDatabase.ts"
import { loadConfig } from "./loadConfig.ts"
import { UserError } from "./UserError.ts"

/** Runs a command that only reads the database (status, query): the user's config, the file opened read-only. */
export const reading = <A, E>(
  configPath: Option.Option<string>,
  use: (config: ResolvedConfig) => Effect.Effect<A, E, SqlClient.SqlClient>
) =>
  Effect.gen(function*() {
    const config = yield* loadConfig(configPath)
    const database = ReadDatabase.layer(config.database).pipe(
      Layer.mapError((error) => error._tag === "DatabaseMissing" ? new UserError({ message: error.message }) : error)
    )
    return yield* Effect.provide(use(config), database)
  })

/** For commands that change an existing database (reset): never create an empty one by mistake. */
export const requireDatabase = (config: ResolvedConfig) =>
  existsSync(config.database)
    ? Effect.void
    : Effect.fail(new UserError({ message: new ReadDatabase.DatabaseMissing({ path: config.database }).message }))

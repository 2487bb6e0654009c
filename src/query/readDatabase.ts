import type { SqlClient } from "@effect/sql"
import { Data, Effect, Layer } from "effect"
import { existsSync } from "node:fs"
import * as Database from "../library/Database.ts"

/** The database file is not there: nothing has been synced with this configuration. */
export class DatabaseMissing extends Data.TaggedError("DatabaseMissing")<{ readonly path: string }> {
  override get message() {
    return `no database at ${this.path}: run \`crate run metadata\` (or \`crate migrate DIR\`) first, or point CRATE_DB at yours`
  }
}

export const latestSchemaVersion = Database.latestSchemaVersion

const readOnly = (path: string) => Database.open(path, { readonly: true })

/** The schema version of the file, read without writing to it; 0 when it has no migrations table. */
export const fileSchemaVersion = (path: string) =>
  Database.schemaVersion.pipe(
    Effect.provide(readOnly(path)),
    Effect.orElseSucceed(() => 0)
  )

/**
 * The database for commands that only read (status, query, doctor): opened read-only, so it
 * can be read while a run writes it (WAL). A database an older crate made is upgraded first,
 * which needs the usual, writable connection.
 */
export const layer = (path: string): Layer.Layer<SqlClient.SqlClient, DatabaseMissing | Database.DatabaseError> =>
  Layer.unwrapEffect(Effect.gen(function*() {
    if (!existsSync(path)) return yield* new DatabaseMissing({ path })
    const version = yield* fileSchemaVersion(path)
    if (version > latestSchemaVersion) return yield* new Database.DatabaseError({ path, detail: Database.newerSchema(version) })
    return version < latestSchemaVersion ? Database.layer(path) : readOnly(path)
  }))

import { Migrator, SqlClient } from "@effect/sql"
import { SqliteClient } from "@effect/sql-sqlite-node"
import { Data, Effect, Layer } from "effect"
import { mkdirSync } from "node:fs"
import { dirname } from "node:path"
import { engineTables } from "../engine/migrations.ts"
import discogsTables from "./migrations/0001_discogs.ts"
import coversColumns from "./migrations/0003_covers.ts"

export class DatabaseError extends Data.TaggedError("DatabaseError")<{ readonly path: string; readonly detail: string }> {
  override get message() {
    return `cannot use the database ${this.path}: ${this.detail}`
  }
}

/** Numbered migrations, applied in order, each once (recorded in `effect_sql_migrations`). */
export const migrations = {
  "0001_engine": engineTables,
  "0002_discogs": discogsTables,
  "0003_covers": coversColumns
}

const migrate = Migrator.make({})({ loader: Migrator.fromRecord(migrations) })

/** The schema version of an open database: the number of the last migration applied. */
export const schemaVersion = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{ id: number }>`SELECT max(migration_id) AS id FROM effect_sql_migrations`
  return rows[0]?.id ?? 0
})

/** An open, migrated SQLite database (WAL, foreign keys on, busy timeout 5 s). */
export const layer = (path: string): Layer.Layer<SqlClient.SqlClient | SqliteClient.SqliteClient, DatabaseError> =>
  Layer.effectDiscard(migrate).pipe(
    Layer.provideMerge(
      Layer.unwrapEffect(Effect.sync(() => {
        mkdirSync(dirname(path), { recursive: true })
        return SqliteClient.layer({ filename: path })
      }))
    ),
    Layer.mapError((error) => new DatabaseError({ path, detail: String((error as { cause?: unknown }).cause ?? error.message) }))
  )

import { Migrator, SqlClient } from "@effect/sql"
import { SqliteClient } from "@effect/sql-sqlite-node"
import { Data, Effect, Layer } from "effect"
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from "node:fs"
import { dirname } from "node:path"
import { checkpointInputs, checkpointsByStep, engineTables } from "../engine/migrations.ts"
import discogsTables from "./migrations/0001_discogs.ts"
import coversColumns from "./migrations/0003_covers.ts"
import youtubeTables from "./migrations/0004_youtube.ts"
import audioTables from "./migrations/0005_audio.ts"
import collectionListings from "./migrations/0008_collection_listings.ts"

export class DatabaseError extends Data.TaggedError("DatabaseError")<{ readonly path: string; readonly detail: string }> {
  override get message() {
    return `cannot use the database ${this.path}: ${this.detail}`
  }
}

/** Numbered migrations, applied in order, each once (recorded in `effect_sql_migrations`). */
export const migrations = {
  "0001_engine": engineTables,
  "0002_discogs": discogsTables,
  "0003_covers": coversColumns,
  "0004_youtube": youtubeTables,
  "0005_audio": audioTables,
  "0006_checkpoint_inputs": checkpointInputs,
  "0007_checkpoints_by_step": checkpointsByStep,
  "0008_collection_listings": collectionListings
}

const migrate = Migrator.make({})({ loader: Migrator.fromRecord(migrations) })

/** The schema version of an open database: the number of the last migration applied. */
export const schemaVersion = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{ id: number }>`SELECT max(migration_id) AS id FROM effect_sql_migrations`
  return rows[0]?.id ?? 0
})

const sqliteHeader = "SQLite format 3\u0000"

/** A file that is not SQLite at all is refused before SQLite can touch (and overwrite) it. */
const checkIsSqlite = (path: string) =>
  Effect.try({
    try: () => {
      if (!existsSync(path) || statSync(path).size === 0) return
      const head = Buffer.alloc(16)
      const fd = openSync(path, "r")
      try {
        readSync(fd, head, 0, 16, 0)
      } finally {
        closeSync(fd)
      }
      if (head.toString("latin1") !== sqliteHeader) throw new Error("it is not a SQLite database; give another path (CRATE_DB or `database` in pipeline.config.ts)")
    },
    catch: (error) => new DatabaseError({ path, detail: (error as Error).message })
  })

/**
 * A SQLite database of another program (tables, but none of crate's) is refused, never
 * migrated into. An empty database, or one crate made, is fine.
 */
const checkIsCrates = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const tables = yield* sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
  const names = new Set(tables.map((table) => table.name))
  if (names.size > 0 && !names.has("effect_sql_migrations")) {
    return yield* Effect.fail(new Error(`it holds another program's tables (${[...names].slice(0, 3).join(", ")}${names.size > 3 ? ", …" : ""}), not crate's; give another path (CRATE_DB or \`database\` in pipeline.config.ts)`))
  }
})

/** An open, migrated SQLite database (WAL, foreign keys on, busy timeout 5 s). */
export const layer = (path: string): Layer.Layer<SqlClient.SqlClient | SqliteClient.SqliteClient, DatabaseError> =>
  Layer.effectDiscard(Effect.zipRight(checkIsCrates, migrate)).pipe(
    Layer.provideMerge(
      Layer.unwrapEffect(Effect.map(checkIsSqlite(path), () => {
        mkdirSync(dirname(path), { recursive: true })
        return SqliteClient.layer({ filename: path })
      }))
    ),
    Layer.mapError((error) =>
      error instanceof DatabaseError ? error : new DatabaseError({ path, detail: String((error as { cause?: unknown }).cause ?? error.message) }))
  )

import { Migrator, SqlClient } from "@effect/sql"
import { SqliteClient } from "@effect/sql-sqlite-node"
import { Cause, Data, Effect, Layer, Option, Schedule } from "effect"
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from "node:fs"
import { dirname } from "node:path"
import { checkpointInputs, checkpointsByStep, engineTables } from "../engine/migrations.ts"
import discogsTables from "./migrations/0001_discogs.ts"
import coversColumns from "./migrations/0003_covers.ts"
import youtubeTables from "./migrations/0004_youtube.ts"
import audioTables from "./migrations/0005_audio.ts"
import collectionListings from "./migrations/0008_collection_listings.ts"
import imageReservations from "./migrations/0009_image_reservations.ts"
import analysisTables from "./migrations/0010_analysis.ts"

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
  "0008_collection_listings": collectionListings,
  "0009_image_reservations": imageReservations,
  "0010_analysis": analysisTables
}

const migrate = Migrator.make({})({ loader: Migrator.fromRecord(migrations) })

/** The schema version this crate writes: the number of its last migration. */
export const latestSchemaVersion = Math.max(...Object.keys(migrations).map((key) => Number.parseInt(key, 10)))

/** What to say of a database file SQLite finds damaged (its finding in brackets). */
export const damaged = (finding: string) =>
  `the file is damaged (${finding}): restore it from a backup, or move it away and run \`crate run metadata\` to sync into a new one`

/** What SQLite's refusal to open or read a file means for the person who gave its path. */
export const describeOpenFailure = (error: unknown): string => {
  const code = String((error as { code?: unknown })?.code ?? "")
  const detail = String((error as Error)?.message ?? error)
  if (code.startsWith("SQLITE_NOTADB")) return "it is not a SQLite database; give another path (CRATE_DB or `database` in pipeline.config.ts)"
  if (code.startsWith("SQLITE_CORRUPT")) return damaged(detail)
  if (code.startsWith("SQLITE_CANTOPEN") || code.startsWith("SQLITE_READONLY") || code.startsWith("SQLITE_PERM")) {
    return `it cannot be opened (${detail}): the file and its folder must be readable, and writable for runs (SQLite keeps -wal and -shm files beside it)`
  }
  return detail
}

/** A SQLite connection whose failure to open (which better-sqlite3 throws) is a DatabaseError, not a crash. */
export const open = (path: string, options: { readonly readonly?: boolean } = {}) =>
  // A read-only connection must not ask for WAL: switching a database to it is a write.
  SqliteClient.layer({ filename: path, ...(options.readonly ? { readonly: true, disableWAL: true } : {}) }).pipe(
    Layer.catchAllCause((cause) => {
      const reason = Option.getOrElse(Cause.dieOption(cause), () => Cause.squash(cause))
      return Layer.fail(new DatabaseError({ path, detail: describeOpenFailure((reason as { cause?: unknown })?.cause ?? reason) }))
    })
  )

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
 * migrated into; so is one a newer crate made (its schema may mean what this one cannot
 * write). An empty database, or one this crate or an older one made, is fine.
 */
const checkIsCrates = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const tables = yield* sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
  const names = new Set(tables.map((table) => table.name))
  if (names.size > 0 && !names.has("effect_sql_migrations")) {
    return yield* Effect.fail(new Error(`it holds another program's tables (${[...names].slice(0, 3).join(", ")}${names.size > 3 ? ", …" : ""}), not crate's; give another path (CRATE_DB or \`database\` in pipeline.config.ts)`))
  }
  if (names.has("effect_sql_migrations")) {
    const version = yield* schemaVersion
    if (version > latestSchemaVersion) return yield* Effect.fail(new Error(newerSchema(version)))
  }
})

export const newerSchema = (version: number) =>
  `it was made by a newer crate (schema ${version}; this crate knows ${latestSchemaVersion}) and is left untouched: update crate (\`npm i -g crate@latest\`)`

/**
 * Migrated to the latest schema. When several processes open a new database at once, the
 * migrator of all but one returns as soon as it sees another at work ("locked"), before that
 * one has committed: they wait for the schema to be there (a few seconds at most).
 */
const migrated = Effect.gen(function*() {
  yield* migrate
  yield* schemaVersion.pipe(
    Effect.filterOrFail((version) => version >= latestSchemaVersion, () => new Error("another process is still migrating this database")),
    Effect.retry(Schedule.spaced("50 millis").pipe(Schedule.intersect(Schedule.recurs(200))))
  )
})

const refused = (path: string) => (error: unknown) =>
  error instanceof DatabaseError
    ? error
    : new DatabaseError({ path, detail: error instanceof Error && !("_tag" in error) ? error.message : describeOpenFailure((error as { cause?: unknown }).cause ?? error) })

/**
 * An open, migrated SQLite database (WAL, foreign keys on, busy timeout 5 s). A file that is
 * there is checked first through a read-only connection (not SQLite, another program's, a
 * newer crate's): a writable one switches it to WAL, which would already change it.
 */
export const layer = (path: string): Layer.Layer<SqlClient.SqlClient | SqliteClient.SqliteClient, DatabaseError> =>
  Layer.unwrapEffect(Effect.gen(function*() {
    yield* checkIsSqlite(path)
    if (existsSync(path) && statSync(path).size > 0) {
      yield* Effect.provide(checkIsCrates, open(path, { readonly: true }))
    }
    mkdirSync(dirname(path), { recursive: true })
    return Layer.effectDiscard(migrated).pipe(Layer.provideMerge(open(path)))
  })).pipe(
    Layer.mapError(refused(path)),
    // Another process switching a new database to WAL, or migrating it, holds it for an instant.
    Layer.retry(Schedule.spaced("100 millis").pipe(
      Schedule.intersect(Schedule.recurs(50)),
      Schedule.whileInput((error: DatabaseError) => /database is locked/.test(error.detail))
    ))
  )

import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/** Checkpoints remember the step's fingerprint of an item's inputs (see Step.inputs). */
export const checkpointInputs = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`ALTER TABLE checkpoints ADD COLUMN input_hash TEXT`
})

/** The engine's own tables: runs, one checkpoint per (pipeline, step, item), and the run lock. */
export const engineTables = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  yield* sql`CREATE TABLE runs (
    run_id INTEGER PRIMARY KEY,
    pipeline TEXT NOT NULL,
    command TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'interrupted')),
    pid INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    error TEXT,
    summary TEXT
  )`

  yield* sql`CREATE TABLE checkpoints (
    pipeline TEXT NOT NULL,
    step TEXT NOT NULL,
    item TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    error_kind TEXT,
    error_reason TEXT,
    error_message TEXT,
    step_version INTEGER NOT NULL,
    run_id INTEGER,
    started_at TEXT,
    updated_at TEXT NOT NULL,
    finished_at TEXT,
    PRIMARY KEY (pipeline, step, item)
  ) WITHOUT ROWID`
  yield* sql`CREATE INDEX checkpoints_status ON checkpoints(pipeline, step, status)`

  // At most one row: the run that may write this database now. The heartbeat lets a
  // crashed run's lock expire when its pid cannot be checked (another host).
  yield* sql`CREATE TABLE run_lock (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    token TEXT NOT NULL,
    command TEXT NOT NULL,
    pid INTEGER NOT NULL,
    hostname TEXT NOT NULL,
    acquired_at TEXT NOT NULL,
    heartbeat_at TEXT NOT NULL
  )`
})

/**
 * Checkpoints keyed by (step, item), no longer by pipeline: covers done by one pipeline are
 * done for every pipeline with the step. Until now every step belonged to one pipeline, so
 * no two rows collide; `step_migrations` records the migrations steps bring for their tables.
 */
export const checkpointsByStep = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE checkpoints_by_step (
    step TEXT NOT NULL,
    item TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    error_kind TEXT,
    error_reason TEXT,
    error_message TEXT,
    step_version INTEGER NOT NULL,
    run_id INTEGER,
    started_at TEXT,
    updated_at TEXT NOT NULL,
    finished_at TEXT,
    input_hash TEXT,
    PRIMARY KEY (step, item)
  ) WITHOUT ROWID`
  yield* sql`INSERT OR REPLACE INTO checkpoints_by_step (step, item, status, attempts, error_kind, error_reason, error_message,
      step_version, run_id, started_at, updated_at, finished_at, input_hash)
    SELECT step, item, status, attempts, error_kind, error_reason, error_message, step_version, run_id, started_at, updated_at,
      finished_at, input_hash FROM checkpoints ORDER BY updated_at`
  yield* sql`DROP TABLE checkpoints`
  yield* sql`ALTER TABLE checkpoints_by_step RENAME TO checkpoints`
  yield* sql`CREATE INDEX checkpoints_status ON checkpoints(step, status)`

  yield* sql`CREATE TABLE step_migrations (
    step TEXT NOT NULL,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    PRIMARY KEY (step, name)
  ) WITHOUT ROWID`
})

import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Effect } from "effect"
import { pendingReleases } from "../audio/store.ts"
import { releasesNeedingCovers } from "../covers/store.ts"
import type { Selection } from "../engine/Step.ts"
import { releasesToSync } from "../library/collectionStore.ts"
import { releasesToMatch } from "../youtube/store.ts"

export interface Progress {
  readonly done: number
  readonly total: number
}

export interface PendingWork {
  readonly pipeline: string
  readonly step: string
  /** Releases the next run of the step would take (permanent failures excluded, as the runner skips them). */
  readonly releases: number
  /** Releases that will come to this step once the step it depends on has done them. */
  readonly waiting: number
}

export interface FailureGroup {
  readonly pipeline: string
  readonly step: string
  /** "permanent" (skipped until `--retry-failed` or `crate reset --failed`) or "transient" (retried by the next run). */
  readonly kind: string
  readonly reason: string
  readonly count: number
  /** The most recent one, as an example. */
  readonly item: string
  readonly message: string
}

export interface Paused {
  readonly pipeline: string
  readonly step: string
  readonly count: number
  readonly message: string
}

export interface RunRow {
  readonly run_id: number
  readonly pipeline: string
  readonly command: string
  readonly status: string
  readonly started_at: string
  readonly finished_at: string | null
  readonly error: string | null
  /** The RunSummary JSON the runner stored, parsed. */
  readonly summary: unknown
}

export interface Status {
  readonly releases: number
  readonly covers: Progress
  readonly youtube: Progress
  readonly audio: Progress
  readonly tracks: { readonly total: number; readonly matched: number; readonly noMatch: number; readonly audioFiles: number }
  readonly pending: ReadonlyArray<PendingWork>
  readonly failures: ReadonlyArray<FailureGroup>
  readonly paused: ReadonlyArray<Paused>
  readonly runs: ReadonlyArray<RunRow>
  /** The run holding the database's lock right now, if any. */
  readonly running: { readonly command: string; readonly pid: number; readonly hostname: string; readonly since: string } | null
}

/** The run holding the database's lock now, or null. */
export const runHolder: Effect.Effect<Status["running"], SqlError, SqlClient.SqlClient> = Effect.flatMap(SqlClient.SqlClient, (sql) =>
  Effect.map(
    sql<{ command: string; pid: number; hostname: string; acquired_at: string }>`SELECT command, pid, hostname, acquired_at FROM run_lock`,
    ([lock]) => lock === undefined ? null : { command: lock.command, pid: lock.pid, hostname: lock.hostname, since: lock.acquired_at }
  ))

const everything: Selection = { items: [], refresh: false, flags: new Set() }

const permanentlyFailed = (pipeline: string, step: string) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    Effect.map(
      sql<{ item: string }>`SELECT item FROM checkpoints WHERE pipeline = ${pipeline} AND step = ${step}
        AND status = 'failed' AND error_kind = 'permanent'`,
      (rows) => new Set(rows.map((row) => row.item))
    ))

const pendingOf = (pipeline: string, step: string, items: Effect.Effect<ReadonlyArray<string>, SqlError, SqlClient.SqlClient>, waiting = 0) =>
  Effect.gen(function*() {
    const skip = yield* permanentlyFailed(pipeline, step)
    const list = yield* items
    return { pipeline, step, releases: list.filter((item) => !skip.has(item)).length, waiting }
  })

/** The seed's status figures and what is behind them, read in one go (a read transaction, so the figures agree). */
export const readStatus = (runs = 5): Effect.Effect<Status, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const [counts] = yield* sql<{ releases: number; covers: number; youtube: number; audio: number }>`SELECT count(*) AS releases,
        coalesce(sum(covers_downloaded), 0) AS covers, coalesce(sum(youtube_matched), 0) AS youtube, coalesce(sum(audio_downloaded), 0) AS audio
      FROM releases`
    const [tracks] = yield* sql<{ total: number; matched: number; no_match: number; audio_files: number }>`SELECT
        (SELECT count(*) FROM tracks) AS total,
        (SELECT count(*) FROM youtube_matches WHERE video_id IS NOT NULL) AS matched,
        (SELECT count(*) FROM youtube_matches WHERE video_id IS NULL) AS no_match,
        (SELECT count(*) FROM audio_files) AS audio_files`
    const [unmatched] = yield* sql<{ n: number }>`SELECT count(*) AS n FROM releases WHERE youtube_matched = 0`
    const pending = [
      yield* pendingOf("metadata", "release", Effect.map(releasesToSync(false), (ids) => ids.map(String))),
      yield* pendingOf("assets", "covers", releasesNeedingCovers(everything)),
      yield* pendingOf("assets", "youtube", releasesToMatch(everything)),
      yield* pendingOf("assets", "audio", pendingReleases(everything), unmatched?.n ?? 0)
    ]
    const failures = yield* sql<FailureGroup>`SELECT c.pipeline, c.step, coalesce(c.error_kind, 'unknown') AS kind,
        coalesce(c.error_reason, 'unknown') AS reason, count(*) AS count,
        (SELECT item FROM checkpoints x WHERE x.pipeline = c.pipeline AND x.step = c.step AND x.status = 'failed'
          AND x.error_reason IS c.error_reason ORDER BY x.updated_at DESC LIMIT 1) AS item,
        (SELECT error_message FROM checkpoints x WHERE x.pipeline = c.pipeline AND x.step = c.step AND x.status = 'failed'
          AND x.error_reason IS c.error_reason ORDER BY x.updated_at DESC LIMIT 1) AS message
      FROM checkpoints c WHERE c.status = 'failed'
      GROUP BY c.pipeline, c.step, c.error_kind, c.error_reason ORDER BY c.pipeline DESC, c.step, count(*) DESC`
    const paused = yield* sql<Paused>`SELECT pipeline, step, count(*) AS count, max(error_message) AS message
      FROM checkpoints WHERE status = 'pending' AND error_kind = 'deferred' GROUP BY pipeline, step`
    const recent = yield* sql<Omit<RunRow, "summary"> & { summary: string | null }>`SELECT run_id, pipeline, command, status,
        started_at, finished_at, error, summary FROM runs ORDER BY run_id DESC LIMIT ${runs}`
    const running = yield* runHolder
    return {
      releases: counts?.releases ?? 0,
      covers: { done: counts?.covers ?? 0, total: counts?.releases ?? 0 },
      youtube: { done: counts?.youtube ?? 0, total: counts?.releases ?? 0 },
      audio: { done: counts?.audio ?? 0, total: counts?.releases ?? 0 },
      tracks: { total: tracks?.total ?? 0, matched: tracks?.matched ?? 0, noMatch: tracks?.no_match ?? 0, audioFiles: tracks?.audio_files ?? 0 },
      pending,
      failures,
      paused,
      runs: recent.map((run) => ({ ...run, summary: run.summary === null ? null : JSON.parse(run.summary) as unknown })),
      running
    }
  }).pipe((read) => Effect.flatMap(SqlClient.SqlClient, (sql) => sql.withTransaction(read)))

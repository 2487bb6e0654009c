import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Effect, Option, Schema } from "effect"
import { hostname } from "node:os"
import { isAlive } from "../engine/processes.ts"
import * as Pending from "../engine/Pending.ts"
import { everything, type Step } from "../engine/Step.ts"

export interface Progress {
  readonly done: number
  readonly total: number
}

export interface PendingWork {
  readonly step: string
  /** What its items are: "release", "track". */
  readonly unit: string
  /** Items the next run of the step would take (permanent failures excluded, as the runner skips them). */
  readonly releases: number
  /** Items that will come to this step once the steps it depends on have done them. */
  readonly waiting: number
  /** Those steps. */
  readonly waitingFor: ReadonlyArray<string>
}

/** A step's progress over its items (steps that list their own items have none). */
export interface StepProgress extends Progress {
  readonly step: string
  readonly title: string
  /** What its items are: "release", "track". */
  readonly unit: string
  /** For the youtube and audio steps, whose items are releases: their tracks, "14/134 tracks with a video". */
  readonly tracks?: Progress & { readonly what: string }
}

export interface FailureGroup {
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
  /** Every step's progress line, built-in and the config's own, in dependency order. */
  readonly steps: ReadonlyArray<StepProgress>
  readonly covers: Progress
  readonly youtube: Progress
  readonly audio: Progress
  readonly tracks: TrackFigures
  readonly pending: ReadonlyArray<PendingWork>
  readonly failures: ReadonlyArray<FailureGroup>
  readonly paused: ReadonlyArray<Paused>
  readonly runs: ReadonlyArray<RunRow>
  /** The run holding the database's lock right now, if any. */
  readonly running: { readonly command: string; readonly pid: number; readonly hostname: string; readonly since: string } | null
}

// What the runner stores in runs.summary; read leniently (older rows may lack fields).
const StoredSummary = Schema.Struct({
  steps: Schema.Array(Schema.Struct({
    step: Schema.String,
    done: Schema.Number,
    failed: Schema.Number,
    remaining: Schema.optional(Schema.Number)
  }))
})

/** What each step of a run did, from its stored summary (nothing for a run that stored none). */
export const runStepCounts = (run: RunRow): ReadonlyArray<(typeof StoredSummary.Type)["steps"][number]> =>
  Option.match(Schema.decodeUnknownOption(StoredSummary)(run.summary), { onNone: () => [], onSome: (summary) => summary.steps })

/** The run holding the database's lock now, or null (a lock whose process died on this machine holds nothing). */
export const runHolder: Effect.Effect<Status["running"], SqlError, SqlClient.SqlClient> = Effect.flatMap(SqlClient.SqlClient, (sql) =>
  Effect.map(
    sql<{ command: string; pid: number; hostname: string; acquired_at: string }>`SELECT command, pid, hostname, acquired_at FROM run_lock`,
    ([lock]) =>
      lock === undefined || (lock.hostname === hostname() && !isAlive(lock.pid))
        ? null
        : { command: lock.command, pid: lock.pid, hostname: lock.hostname, since: lock.acquired_at }
  ))

const capitalised = (name: string) => name.charAt(0).toUpperCase() + name.slice(1)

/** What the step would take next: from its counts, or for a source step (no counts) from its own list. */
const pendingOf = (step: Step<any, any>, steps: ReadonlyMap<string, Step<any, any>>, counted: Pending.StepCounts | null, skip: ReadonlySet<string>) =>
  Effect.gen(function*() {
    const releases = counted === null
      ? (yield* Pending.pending(step, steps, { selection: everything })).filter(({ item }) => !skip.has(item)).length
      : counted.total - counted.done - counted.waiting - counted.skipped
    const waiting = counted?.waiting ?? 0
    const waitingFor = waiting === 0 ? [] : step.dependsOn.filter((name) => steps.get(name)?.items === step.items)
    return { step: step.name, unit: step.items.name, releases, waiting, waitingFor }
  })

export interface TrackFigures {
  readonly total: number
  readonly matched: number
  readonly noMatch: number
  readonly audioFiles: number
}

/** The tracks, those with a video, those with no match, those with an audio file. */
export const readTrackFigures: Effect.Effect<TrackFigures, SqlError, SqlClient.SqlClient> = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const [row] = yield* sql<TrackFigures>`SELECT
      (SELECT count(*) FROM tracks) AS total,
      (SELECT count(*) FROM youtube_matches WHERE video_id IS NOT NULL) AS matched,
      (SELECT count(*) FROM youtube_matches WHERE video_id IS NULL) AS noMatch,
      (SELECT count(*) FROM audio_files) AS audioFiles`
  return row ?? { total: 0, matched: 0, noMatch: 0, audioFiles: 0 }
})

/** The seed's status figures and what is behind them, read in one go (a read transaction, so the figures agree). */
export const readStatus = (steps: ReadonlyMap<string, Step<any, any>>, runs = 5): Effect.Effect<Status, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const [counts] = yield* sql<{ releases: number }>`SELECT count(*) AS releases FROM releases`
    const tracks = yield* readTrackFigures
    const progress: Array<StepProgress> = []
    const pending: Array<PendingWork> = []
    const trackFigures: Readonly<Record<string, StepProgress["tracks"]>> = {
      youtube: { done: tracks.matched, total: tracks.total, what: "with a video" },
      audio: { done: tracks.audioFiles, total: tracks.total, what: "with audio" }
    }
    for (const step of steps.values()) {
      const skip = yield* Pending.standingFailures(step)
      const counted = yield* Pending.counts(step, steps, { selection: everything }, skip)
      const figures = step.items.name === "release" ? trackFigures[step.name] : undefined
      if (counted !== null) {
        progress.push({
          step: step.name,
          title: step.title ?? capitalised(step.name),
          unit: step.items.name,
          done: counted.done,
          total: counted.total,
          ...(figures === undefined ? {} : { tracks: figures })
        })
      }
      if (step.name !== "collection") pending.push(yield* pendingOf(step, steps, counted, skip))
    }
    const order = [...steps.keys()]
    const failures = [...(yield* sql<FailureGroup>`SELECT c.step, coalesce(c.error_kind, 'unknown') AS kind,
        coalesce(c.error_reason, 'unknown') AS reason, count(*) AS count,
        (SELECT item FROM checkpoints x WHERE x.step = c.step AND x.status = 'failed'
          AND x.error_reason IS c.error_reason ORDER BY x.updated_at DESC LIMIT 1) AS item,
        (SELECT error_message FROM checkpoints x WHERE x.step = c.step AND x.status = 'failed'
          AND x.error_reason IS c.error_reason ORDER BY x.updated_at DESC LIMIT 1) AS message
      FROM checkpoints c WHERE c.status = 'failed'
      GROUP BY c.step, c.error_kind, c.error_reason ORDER BY count(*) DESC`)]
      .sort((a, b) => order.indexOf(a.step) - order.indexOf(b.step))
    const paused = yield* sql<Paused>`SELECT step, count(*) AS count, max(error_message) AS message
      FROM checkpoints WHERE status = 'pending' AND error_kind = 'deferred' GROUP BY step`
    const recent = yield* sql<Omit<RunRow, "summary"> & { summary: string | null }>`SELECT run_id, pipeline, command, status,
        started_at, finished_at, error, summary FROM runs ORDER BY run_id DESC LIMIT ${runs}`
    const running = yield* runHolder
    const of = (name: string): Progress => {
      const found = progress.find((line) => line.step === name)
      return { done: found?.done ?? 0, total: found?.total ?? counts?.releases ?? 0 }
    }
    return {
      releases: counts?.releases ?? 0,
      steps: progress,
      covers: of("covers"),
      youtube: of("youtube"),
      audio: of("audio"),
      tracks,
      pending,
      failures,
      paused,
      runs: recent.map((run) => ({ ...run, summary: run.summary === null ? null : JSON.parse(run.summary) as unknown })),
      running
    }
  }).pipe((read) => Effect.flatMap(SqlClient.SqlClient, (sql) => sql.withTransaction(read)))

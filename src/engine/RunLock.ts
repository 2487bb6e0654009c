import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Clock, Data, Effect, Schedule, type Scope } from "effect"
import { randomUUID } from "node:crypto"
import { hostname } from "node:os"
import { nowIso } from "./clock.ts"
import { isAlive } from "./processes.ts"

export class DatabaseBusy extends Data.TaggedError("DatabaseBusy")<{
  readonly command: string
  readonly pid: number
  readonly hostname: string
  readonly since: string
}> {
  override get message() {
    return `another crate run is writing this database: \`${this.command}\` (pid ${this.pid} on ${this.hostname}, since ${this.since}); wait for it to finish or stop it`
  }
}

interface LockRow {
  readonly token: string
  readonly command: string
  readonly pid: number
  readonly hostname: string
  readonly acquired_at: string
  readonly heartbeat_at: string
}

const heartbeatEvery = "5 seconds"
/** A lock whose holder cannot be checked (another host) is stale once its heartbeat is this old. */
const staleAfterMs = 30_000

const isStale = (lock: LockRow, nowMs: number): boolean =>
  lock.hostname === hostname()
    ? !isAlive(lock.pid)
    : nowMs - Date.parse(lock.heartbeat_at) > staleAfterMs

/**
 * Holds the database's run lock for the scope: refused with `DatabaseBusy` when a live run
 * holds it; taken over when its holder died (same host: its pid is gone; elsewhere: no
 * heartbeat for 30 s). Each statement is atomic on its own, so two runs starting together
 * cannot both win.
 */
export const acquire = (
  command: string
): Effect.Effect<string, DatabaseBusy | SqlError, SqlClient.SqlClient | Scope.Scope> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const token = randomUUID()
    const at = yield* nowIso
    const me = { token, command, pid: process.pid, hostname: hostname(), at }

    const inserted = yield* sql<{ token: string }>`INSERT INTO run_lock (id, token, command, pid, hostname, acquired_at, heartbeat_at)
      VALUES (1, ${me.token}, ${me.command}, ${me.pid}, ${me.hostname}, ${me.at}, ${me.at})
      ON CONFLICT (id) DO NOTHING RETURNING token`
    if (inserted.length === 0) {
      const [holder] = yield* sql<LockRow>`SELECT token, command, pid, hostname, acquired_at, heartbeat_at FROM run_lock WHERE id = 1`
      const nowMs = yield* Clock.currentTimeMillis
      if (holder && !isStale(holder, nowMs)) {
        return yield* new DatabaseBusy({ command: holder.command, pid: holder.pid, hostname: holder.hostname, since: holder.acquired_at })
      }
      const taken = yield* sql<{ token: string }>`UPDATE run_lock SET token = ${me.token}, command = ${me.command}, pid = ${me.pid},
          hostname = ${me.hostname}, acquired_at = ${me.at}, heartbeat_at = ${me.at}
        WHERE id = 1 AND token = ${holder?.token ?? ""} RETURNING token`
      // Another run took the stale lock between our read and our update: it holds it now.
      if (taken.length === 0) return yield* acquire(command)
    }

    const beat = nowIso.pipe(
      Effect.flatMap((now) => sql`UPDATE run_lock SET heartbeat_at = ${now} WHERE token = ${token}`),
      Effect.ignore
    )
    yield* Effect.forkScoped(Effect.repeat(beat, Schedule.spaced(heartbeatEvery)))
    yield* Effect.addFinalizer(() => Effect.ignore(sql`DELETE FROM run_lock WHERE token = ${token}`))
    return token
  })

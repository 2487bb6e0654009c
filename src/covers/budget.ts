import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Clock, Effect } from "effect"
import { hostname } from "node:os"
import { isAlive } from "../engine/processes.ts"

/** "2024-05-01": Discogs' daily image allowance is counted per UTC day. */
export const utcDay = (millis: number): string => new Date(millis).toISOString().slice(0, 10)

export interface Reservation {
  readonly id: number
  readonly day: string
  readonly count: number
}

/** Gives back what a reservation did not ask for, and forgets it. */
const settle = (id: number) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    Effect.gen(function*() {
      const [row] = yield* sql<{ day: string; unused: number }>`DELETE FROM discogs_image_reservations
        WHERE reservation_id = ${id} RETURNING day, reserved - requested AS unused`
      if (row !== undefined && row.unused > 0) {
        yield* sql`UPDATE discogs_image_budget SET used = max(0, used - ${row.unused}) WHERE day = ${row.day}`
      }
    }))

/** Reservations of runs killed on this machine: their pid is gone, and so is any chance they ask for more. */
const settleDead = Effect.flatMap(SqlClient.SqlClient, (sql) =>
  Effect.gen(function*() {
    const rows = yield* sql<{ reservation_id: number; pid: number }>`SELECT reservation_id, pid FROM discogs_image_reservations
      WHERE hostname = ${hostname()}`
    for (const row of rows) if (!isAlive(row.pid)) yield* settle(row.reservation_id)
  }))

/**
 * Takes `count` images from today's budget (`discogs_image_budget`) in one statement, so that
 * concurrent items cannot overspend it together, and records the reservation. None when they
 * do not fit in what is left.
 */
export const reserveImages = (
  count: number,
  perDay: number
): Effect.Effect<Reservation | undefined, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    if (count > perDay) return undefined
    yield* settleDead
    const day = utcDay(yield* Clock.currentTimeMillis)
    return yield* sql.withTransaction(Effect.gen(function*() {
      const rows = yield* sql<{ used: number }>`INSERT INTO discogs_image_budget (day, used) VALUES (${day}, ${count})
        ON CONFLICT(day) DO UPDATE SET used = used + excluded.used WHERE used + excluded.used <= ${perDay}
        RETURNING used`
      if (rows.length === 0) return undefined
      const [row] = yield* sql<{ reservation_id: number }>`INSERT INTO discogs_image_reservations (day, reserved, pid, hostname)
        VALUES (${day}, ${count}, ${process.pid}, ${hostname()}) RETURNING reservation_id`
      return { id: row!.reservation_id, day, count }
    }))
  })

/** One image of the reservation is about to be asked for: it is spent, whatever happens next. */
export const spendOne = (reservation: Reservation): Effect.Effect<void, SqlError, SqlClient.SqlClient> =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql`UPDATE discogs_image_reservations SET requested = requested + 1 WHERE reservation_id = ${reservation.id}`.pipe(Effect.asVoid))

/** The release is done with its reservation (fetched, failed or stopped): what it never asked for goes back. */
export const release = (reservation: Reservation): Effect.Effect<void, SqlError, SqlClient.SqlClient> => settle(reservation.id)

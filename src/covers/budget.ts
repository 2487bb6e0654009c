import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Clock, Effect } from "effect"

/** "2024-05-01": Discogs' daily image allowance is counted per UTC day. */
export const utcDay = (millis: number): string => new Date(millis).toISOString().slice(0, 10)

export interface Reservation {
  readonly day: string
  readonly count: number
}

/**
 * Takes `count` images from today's budget (`discogs_image_budget`) in one statement, so that
 * concurrent items cannot overspend it together. None when they do not fit in what is left.
 */
export const reserveImages = (
  count: number,
  perDay: number
): Effect.Effect<Reservation | undefined, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const day = utcDay(yield* Clock.currentTimeMillis)
    if (count > perDay) return undefined
    const rows = yield* sql<{ used: number }>`INSERT INTO discogs_image_budget (day, used) VALUES (${day}, ${count})
      ON CONFLICT(day) DO UPDATE SET used = used + excluded.used WHERE used + excluded.used <= ${perDay}
      RETURNING used`
    return rows.length > 0 ? { day, count } : undefined
  })

/** Gives back images reserved but never requested (the item failed or stopped first). */
export const giveBack = (reservation: Reservation, count: number): Effect.Effect<void, SqlError, SqlClient.SqlClient> =>
  count <= 0
    ? Effect.void
    : Effect.flatMap(SqlClient.SqlClient, (sql) =>
      sql`UPDATE discogs_image_budget SET used = max(0, used - ${count}) WHERE day = ${reservation.day}`.pipe(Effect.asVoid))


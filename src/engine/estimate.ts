import { SqlClient } from "@effect/sql"
import { Effect } from "effect"
import type { Estimate } from "./Step.ts"

/** `count` requests paced at `perMinute`: the floor a rate limit puts under a step's duration. */
export const paced = (count: number, perMinute: number, what: string): Estimate => ({
  ms: (count * 60_000) / perMinute,
  basis: `${count} ${what} at ${perMinute}/min`
})

/** From how long the step's items took in earlier runs, `concurrency` at a time; null when it never ran. */
export const fromHistory = (step: string, count: number, concurrency: number) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const [row] = yield* sql<{ ms: number | null; n: number }>`SELECT avg((julianday(finished_at) - julianday(started_at)) * 86400000) AS ms,
        count(*) AS n FROM checkpoints WHERE step = ${step} AND status = 'done' AND started_at IS NOT NULL AND finished_at IS NOT NULL`
    if (row?.ms == null) return null
    return { ms: (row.ms * count) / Math.max(1, concurrency), basis: `${Math.round(row.ms)} ms an item in earlier runs (${row.n} items)` } satisfies Estimate
  })

import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/** Every artist, label and genre/style name, for the interactive query's tab completion. */
export const allNames = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const names = (rows: ReadonlyArray<{ readonly name: string }>) => rows.map((row) => row.name)
  return {
    artist: names(yield* sql<{ name: string }>`SELECT DISTINCT name FROM artists ORDER BY name`),
    label: names(yield* sql<{ name: string }>`SELECT DISTINCT name FROM labels ORDER BY name`),
    genre: names(yield* sql<{ name: string }>`SELECT name FROM genres UNION SELECT name FROM styles ORDER BY name`)
  }
})

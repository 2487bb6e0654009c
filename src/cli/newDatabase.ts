import { Console, Effect } from "effect"
import { existsSync } from "node:fs"

/** Says once, on stderr, that a command is about to create the collection's database, and where. */
export const announceNewDatabase = (database: string) =>
  Effect.suspend(() =>
    existsSync(database)
      ? Effect.void
      : Console.error(`crate: creating a new collection database at ${database} (CRATE_DB or \`database\` in pipeline.config.ts puts it elsewhere)`)
  )

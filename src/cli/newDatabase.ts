import { Console, Effect } from "effect"
import { existsSync } from "node:fs"
import { dirname, resolve } from "node:path"
import { userFolders } from "../config/Config.ts"

/**
 * Says once, on stderr, that a command is about to create the collection's database in the
 * user's data folder, where nothing said the user would find it; a database in a folder the
 * user chose is seen there.
 */
export const announceNewDatabase = (database: string) =>
  Effect.suspend(() =>
    existsSync(database) || dirname(resolve(database)) !== userFolders(process.env).data
      ? Effect.void
      : Console.error(`crate: creating a new collection database at ${database} (CRATE_DB or \`database\` in pipeline.config.ts puts it elsewhere)`)
  )

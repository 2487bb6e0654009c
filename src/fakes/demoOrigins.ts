import Database from "better-sqlite3"
import { existsSync } from "node:fs"
import type { DemoOrigins } from "./demoWorld.ts"

/** The demo's own columns that hold a fake's address. */
const columns: ReadonlyArray<readonly [table: string, column: string, origin: keyof DemoOrigins]> = [
  ["images", "uri", "images"],
  ["images", "downloaded_uri", "images"],
  ["youtube_matches", "video_url", "youtube"],
  ["audio_files", "video_url", "youtube"]
]

const loopback = "http://127.0.0.1:%"

/** The fakes' addresses an earlier demo left in its database, if it has one. */
export const readOrigins = (database: string): DemoOrigins | undefined => {
  if (!existsSync(database)) return undefined
  const db = new Database(database, { readonly: true, fileMustExist: true })
  try {
    const first = (table: string, column: string) =>
      (db.prepare(`SELECT ${column} AS url FROM ${table} WHERE ${column} LIKE ? LIMIT 1`).get(loopback) as { url: string } | undefined)?.url
    const images = first("images", "uri")
    const youtube = first("youtube_matches", "video_url")
    return images === undefined && youtube === undefined
      ? undefined
      : { images: images === undefined ? "" : new URL(images).origin, youtube: youtube === undefined ? "" : new URL(youtube).origin }
  } catch {
    return undefined // a database from before these tables: nothing to point elsewhere
  } finally {
    db.close()
  }
}

/**
 * Points the demo database's stored addresses at this demo's fakes when a port an earlier
 * demo used was taken: a reset, then `crate demo` again, must not retry dead ports.
 */
export const moveOrigins = (database: string, before: DemoOrigins | undefined, now: DemoOrigins) => {
  const moved = columns.filter(([, , origin]) => before !== undefined && before[origin] !== "" && before[origin] !== now[origin])
  if (moved.length === 0) return
  const db = new Database(database)
  try {
    db.transaction(() => {
      for (const [table, column, origin] of moved) {
        db.prepare(`UPDATE ${table} SET ${column} = ? || substr(${column}, ?) WHERE ${column} LIKE ? || '/%'`)
          .run(now[origin], before![origin].length + 1, before![origin])
      }
    })()
  } finally {
    db.close()
  }
}

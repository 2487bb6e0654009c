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

/** The fakes' addresses an earlier demo left in its database, those it has. */
export const readOrigins = (database: string): Partial<DemoOrigins> => {
  if (!existsSync(database)) return {}
  const db = new Database(database, { readonly: true, fileMustExist: true })
  try {
    const first = (table: string, column: string) =>
      (db.prepare(`SELECT ${column} AS url FROM ${table} WHERE ${column} LIKE ? LIMIT 1`).get(loopback) as { url: string } | undefined)?.url
    const found: { images?: string; youtube?: string } = {}
    const images = first("images", "uri")
    const youtube = first("youtube_matches", "video_url")
    if (images !== undefined) found.images = new URL(images).origin
    if (youtube !== undefined) found.youtube = new URL(youtube).origin
    return found
  } catch {
    return {} // a database from before these tables: nothing to point elsewhere
  } finally {
    db.close()
  }
}

/**
 * Points the demo database's stored addresses at this demo's fakes when a port an earlier
 * demo used was taken: a reset, then `crate demo` again, must not retry dead ports.
 */
export const moveOrigins = (database: string, before: Partial<DemoOrigins>, now: DemoOrigins) => {
  const moved = columns.flatMap(([table, column, origin]) => {
    const old = before[origin]
    return old === undefined || old === now[origin] ? [] : [{ table, column, old, now: now[origin] }]
  })
  if (moved.length === 0) return
  const db = new Database(database)
  try {
    db.transaction(() => {
      for (const { table, column, old, now } of moved) {
        db.prepare(`UPDATE ${table} SET ${column} = ? || substr(${column}, ?) WHERE ${column} LIKE ? || '/%'`).run(now, old.length + 1, old)
      }
    })()
  } finally {
    db.close()
  }
}

import { Effect } from "effect"
import { mkdir, rename, rm } from "node:fs/promises"
import { basename, dirname, join } from "node:path"
import { fileError, writeSynced } from "../library/files.ts"

/**
 * Writes a playlist all or nothing: a temporary file beside it (a playlist may live outside
 * the library, on another filesystem), flushed, then renamed over the old one.
 */
export const writePlaylist = (target: string, text: string) =>
  Effect.tryPromise({
    try: async () => {
      await mkdir(dirname(target), { recursive: true })
      const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`)
      try {
        await writeSynced(temp, text)
        await rename(temp, target)
      } finally {
        await rm(temp, { force: true })
      }
    },
    catch: fileError(target, "write")
  })

import { Effect } from "effect"
import { readdir, rm } from "node:fs/promises"
import { join } from "node:path"
import { fileError, type FileError, writeFilesAtomic } from "../library/files.ts"
import { isCoverFileName } from "./fileNames.ts"

export interface CoverToWrite {
  readonly name: string
  readonly bytes: Uint8Array
}

/**
 * Puts a release's covers into its folder all or nothing (every file written to a temporary
 * name first, then all renamed), then removes cover files of an earlier download that this
 * one no longer has (an image Discogs dropped, or one whose type changed from .jpg to .png).
 */
export const writeCovers = (
  library: string,
  folder: string,
  covers: ReadonlyArray<CoverToWrite>
): Effect.Effect<void, FileError> =>
  Effect.gen(function*() {
    yield* writeFilesAtomic(library, covers.map((cover) => ({ target: join(folder, cover.name), data: cover.bytes })))
    const keep = new Set(covers.map((cover) => cover.name))
    yield* Effect.tryPromise({
      try: async () => {
        const stale = (await readdir(folder)).filter((name) => isCoverFileName(name) && !keep.has(name))
        await Promise.all(stale.map((name) => rm(join(folder, name), { force: true })))
      },
      catch: fileError(folder, "tidy")
    })
  })

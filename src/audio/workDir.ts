import { Effect } from "effect"
import { mkdir, rm } from "node:fs/promises"
import { fileError, tempPath } from "../library/files.ts"

const marker = "audio-"

/**
 * A fresh folder for one download in the library's temp folder: yt-dlp's partial files,
 * the converted and the tagged file live there until the finished file is renamed into the
 * release folder (same filesystem, so the rename is atomic). Removed however the work ends.
 */
export const workDir = (library: string, trackId: number) =>
  Effect.acquireRelease(
    Effect.flatMap(tempPath(library, `${marker}${trackId}`), (path) =>
      Effect.tryPromise({ try: () => mkdir(path).then(() => path), catch: fileError(path, "create") })),
    (path) => Effect.promise(() => rm(path, { recursive: true, force: true }))
  )

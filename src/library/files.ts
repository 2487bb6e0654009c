import { Data, Effect } from "effect"
import { randomBytes } from "node:crypto"
import { createHash } from "node:crypto"
import { createReadStream } from "node:fs"
import { mkdir, open, readdir, rename, rm } from "node:fs/promises"
import { basename, join } from "node:path"
import { isAlive } from "../engine/processes.ts"
import { StepError } from "../engine/StepError.ts"

/** Temporary files live here, on the library's own filesystem, so that a rename into place is atomic. */
export const tempFolderName = ".crate-tmp"

export class FileError extends Data.TaggedError("FileError")<{
  readonly path: string
  readonly code: string
  readonly message: string
}> {
  /**
   * A full disk, a read-only library, a library path that is a file or a link to nowhere, a
   * release folder that leads outside the library: nothing later will work either, so the run
   * stops instead of retrying item after item.
   */
  get isFatal() {
    return ["ENOSPC", "EDQUOT", "EROFS", "EACCES", "EPERM", "ENOTDIR", "ELOOP", "EOUTSIDE"].includes(this.code)
  }
}

/** A file problem as a step failure: fatal when nothing later would work either, else tried again. */
export const fileStepError = (error: FileError): StepError =>
  error.isFatal ? StepError.fatal("File", error.message) : StepError.transient("File", error.message)

export const fileError = (path: string, action: string) => (error: unknown): FileError => {
  const code = (error as NodeJS.ErrnoException)?.code ?? "EUNKNOWN"
  const reason = code === "ENOSPC"
    ? "the disk is full: free some space, then run the same command again"
    : code === "EROFS"
    ? "the filesystem is read-only"
    : code === "ENOTDIR" || code === "ELOOP"
    ? "the library path (or a folder in it) is not a folder: check `library` in pipeline.config.ts or CRATE_LIBRARY"
    : String((error as Error)?.message ?? error)
  return new FileError({ path, code, message: `cannot ${action} ${path}: ${reason}` })
}

/** A fresh temporary path for `name` in the library's temp folder (created if needed). */
export const tempPath = (library: string, name: string) =>
  Effect.tryPromise({
    try: async () => {
      const folder = join(library, tempFolderName)
      await mkdir(folder, { recursive: true })
      return join(folder, `${process.pid}-${randomBytes(4).toString("hex")}-${basename(name)}`)
    },
    catch: fileError(join(library, tempFolderName), "create")
  })

/** Removes a file if it is there. */
export const removeIfPresent = (path: string) => Effect.promise(() => rm(path, { force: true }))

/** Writes a file and flushes it to disk before resolving. */
export const writeSynced = async (path: string, data: Uint8Array | string) => {
  const handle = await open(path, "w")
  try {
    await handle.writeFile(data)
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * Writes `data` to `target` all or nothing: into a temporary file, flushed to disk, then
 * renamed over the target. Interrupted or failed, it leaves no temporary file behind: the
 * write itself is not interruptible (a promise cannot be stopped; cleaning up while it still
 * runs would leave the file it creates after the clean-up), and it takes milliseconds.
 */
export const writeFileAtomic = (library: string, target: string, data: Uint8Array | string) =>
  Effect.acquireUseRelease(
    tempPath(library, basename(target)),
    (temp) =>
      Effect.uninterruptible(Effect.tryPromise({
        try: async () => {
          await writeSynced(temp, data)
          await rename(temp, target)
        },
        catch: fileError(target, "write")
      })),
    (temp) => removeIfPresent(temp)
  )

/**
 * Writes several files all or nothing: every one into a temporary file first, flushed; only
 * when all are written are they renamed into place (a rename needs no room). A full disk half-way
 * leaves none of them behind, and no temporary file.
 */
export const writeFilesAtomic = (library: string, files: ReadonlyArray<{ readonly target: string; readonly data: Uint8Array | string }>) =>
  Effect.acquireUseRelease(
    Effect.forEach(files, (file) => tempPath(library, basename(file.target))),
    (temps) =>
      Effect.uninterruptible(Effect.tryPromise({
        try: async () => {
          for (const [i, file] of files.entries()) await writeSynced(temps[i]!, file.data)
          for (const [i, file] of files.entries()) await rename(temps[i]!, file.target)
        },
        catch: fileError(files[0]?.target ?? library, "write")
      })),
    (temps) => Effect.forEach(temps, removeIfPresent, { discard: true })
  )

// tempPath names entries "<pid>-<8 hex>-<name>".
const ownerPid = (name: string) => /^(\d+)-[0-9a-f]{8}-/.exec(name)?.[1]

/**
 * Removes what runs that died (killed, or the machine stopped) left in the temp folder:
 * every entry whose process is gone, file or folder. Entries of live processes stay: this
 * runs in steps' preflights, before the run lock is taken, and another run may be writing.
 */
export const sweepDeadTemp = (library: string): Effect.Effect<number> =>
  Effect.promise(async () => {
    const folder = join(library, tempFolderName)
    const names = await readdir(folder).catch(() => [] as Array<string>)
    const dead = names.filter((name) => {
      const pid = ownerPid(name)
      return pid !== undefined && !isAlive(Number(pid))
    })
    await Promise.all(dead.map((name) => rm(join(folder, name), { force: true, recursive: true })))
    return dead.length
  })

/**
 * A fresh folder in the library's temp folder for one item's work (a download, a re-tag):
 * its files live there until the finished one is renamed into place (same filesystem, so
 * the rename is atomic). Removed however the work ends.
 */
export const workFolder = (library: string, name: string) =>
  Effect.acquireRelease(
    Effect.flatMap(tempPath(library, name), (path) =>
      Effect.tryPromise({ try: () => mkdir(path).then(() => path), catch: fileError(path, "create") })),
    (path) => Effect.promise(() => rm(path, { recursive: true, force: true }))
  )

/** A file's size and SHA-256, once it is flushed to disk. */
export const fileDigest = (path: string) =>
  Effect.tryPromise({
    try: async () => {
      const handle = await open(path, "r")
      try {
        await handle.sync()
      } finally {
        await handle.close()
      }
      const hash = createHash("sha256")
      let bytes = 0
      for await (const chunk of createReadStream(path)) {
        hash.update(chunk as Buffer)
        bytes += (chunk as Buffer).length
      }
      return { bytes, sha256: hash.digest("hex") }
    },
    catch: fileError(path, "read")
  })

import { Effect } from "effect"
import { readdir, rm } from "node:fs/promises"
import { join } from "node:path"
import { tempFolderName } from "../library/files.ts"

// tempPath names entries "<pid>-<8 hex>-<name>"; this step's names are its cover files'.
const ours = /^(\d+)-[0-9a-f]{8}-cover(_\d+)?\.(jpg|png|webp|gif)$/

const isAlive = (pid: number): boolean => {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

/**
 * Removes the cover files that runs killed mid-write left in the library's temp folder.
 * Only those of dead processes: this runs in the step's preflight, before the run lock is
 * taken, so another live run may be writing there. Other steps' files are theirs to handle.
 */
export const sweepDeadTempFiles = (library: string): Effect.Effect<number> =>
  Effect.promise(async () => {
    const folder = join(library, tempFolderName)
    const names = await readdir(folder).catch(() => [] as Array<string>)
    const dead = names.filter((name) => {
      const pid = ours.exec(name)?.[1]
      return pid !== undefined && !isAlive(Number(pid))
    })
    await Promise.all(dead.map((name) => rm(join(folder, name), { force: true })))
    return dead.length
  })

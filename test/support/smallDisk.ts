import { execFileSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach } from "vitest"

/** Mounting a size-limited tmpfs needs root (CI and these machines run as root). */
export const canMount = process.getuid?.() === 0

const mounted: Array<string> = []

afterEach(() => {
  for (const dir of mounted.splice(0)) {
    execFileSync("umount", ["-l", dir])
    rmSync(dir, { recursive: true, force: true })
  }
})

/** A real, tiny filesystem (tmpfs of `size`, e.g. "512k") that fills up for real. */
export const smallDisk = (size: string) => {
  const dir = mkdtempSync(join(tmpdir(), "crate-small-disk-"))
  execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir])
  mounted.push(dir)
  return {
    dir,
    /** Gives the filesystem more room, as a user freeing space would. */
    grow: (newSize: string) => execFileSync("mount", ["-o", `remount,size=${newSize}`, dir])
  }
}

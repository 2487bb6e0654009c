import { Data, Effect } from "effect"
import { existsSync, realpathSync, statSync } from "node:fs"
import { readdir } from "node:fs/promises"
import { isAbsolute, join, relative, resolve } from "node:path"
import { metadataFileName as metadataFile } from "../library/releaseFolder.ts"
import type { MigrateError } from "./folder.ts"
import { type FolderResult, migrateFolder } from "./migrateFolder.ts"

/** `crate migrate DIR` cannot start: the folder is missing, or outside the library. */
export class MigrateRefused extends Data.TaggedError("MigrateRefused")<{ readonly message: string }> {}

const real = (path: string) => (existsSync(path) ? realpathSync(path) : resolve(path))

/**
 * Release folders are recorded by their path in the library (`releases.library_path`), so the
 * folder to import must be the library or inside it: files stay where they are, nothing is copied.
 */
export const checkInsideLibrary = (dir: string, library: string): Effect.Effect<string, MigrateRefused> => {
  const folder = real(dir)
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return Effect.fail(new MigrateRefused({ message: `${dir} is not a folder` }))
  const inside = relative(real(library), folder)
  return inside.startsWith("..") || isAbsolute(inside)
    ? Effect.fail(new MigrateRefused({
      message: `${folder} is outside the library (${library}): crate records files where they are, so point the library at it — ` +
        `\`CRATE_LIBRARY=${folder} crate migrate ${folder}\` (and keep CRATE_LIBRARY, or set library in pipeline.config.ts) — or move the folders into the library`
    }))
    : Effect.succeed(folder)
}

/** The release folders to import: DIR itself when it holds a metadata.json, else its subfolders that do. */
export const releaseFolders = (dir: string) =>
  Effect.promise(async () => {
    if (existsSync(join(dir, metadataFile))) return { folders: [dir], skipped: [] as Array<string> }
    const entries = await readdir(dir, { withFileTypes: true })
    const subfolders = entries.filter((entry) => entry.isDirectory() && !entry.name.startsWith(".")).map((entry) => join(dir, entry.name)).sort()
    return {
      folders: subfolders.filter((folder) => existsSync(join(folder, metadataFile))),
      skipped: subfolders.filter((folder) => !existsSync(join(folder, metadataFile)))
    }
  })

export type FolderOutcome = { readonly _tag: "Imported"; readonly result: FolderResult } | { readonly _tag: "Failed"; readonly error: MigrateError }

/** Imports every release folder in turn; a folder that fails is reported and the others go on. */
export const migrateLibrary = (
  folders: ReadonlyArray<string>,
  settings: { readonly library: string; readonly youtubeUrl: string; readonly fileName: string },
  report: (outcome: FolderOutcome) => Effect.Effect<void>
) =>
  Effect.forEach(folders, (folder) =>
    migrateFolder(folder, settings.library, settings.youtubeUrl, settings.fileName).pipe(
      Effect.map((result): FolderOutcome => ({ _tag: "Imported", result })),
      Effect.catchAll((error) => Effect.succeed<FolderOutcome>({ _tag: "Failed", error })),
      Effect.tap(report)
    ))

import { Data, Effect, Schema } from "effect"
import { createHash } from "node:crypto"
import { readdir, readFile, readlink, stat } from "node:fs/promises"
import { join } from "node:path"
import { DiscogsRelease, formatParseError } from "../discogs/schema.ts"
import { AnalysisFile, type MigratedMatch, MatchesFile, matchesOf, TrackAnalysisFile } from "./shapes.ts"
import { metadataFileName } from "../library/releaseFolder.ts"

/** A folder that cannot be imported: nothing of it is written. */
export class MigrateError extends Data.TaggedError("MigrateError")<{ readonly folder: string; readonly message: string }> {}

export const matchesFileName = "yt_matches.json"
export const analysisFileName = "analysis.json"

export interface TrackAnalysis {
  readonly bpm: number | null
  readonly key: string | null
}

/** What a release folder holds, read and checked, before anything is written. */
export interface ReleaseFolder {
  readonly path: string
  readonly release: DiscogsRelease
  /** metadata.json's modification time: when its data came from Discogs, near enough. */
  readonly syncedAt: string
  readonly matches: ReadonlyArray<MigratedMatch>
  readonly matchedAt: string | null
  readonly analysis: ReadonlyMap<string, TrackAnalysis>
  /** Cover files by their place: 1 for `cover.<ext>`, n for `cover_<n>.<ext>`. */
  readonly covers: ReadonlyMap<number, string>
  readonly audio: ReadonlyArray<string>
  /** `<audio name>.json` analyses, by audio file name. */
  readonly audioAnalysis: ReadonlyMap<string, TrackAnalysis>
  /** Entries skipped, in words. */
  readonly notes: ReadonlyArray<string>
}

const coverName = /^cover(?:_(\d+))?\.(jpe?g|png|webp|gif)$/i

const readJson = <A, I>(folder: string, name: string, schema: Schema.Schema<A, I>) =>
  Effect.tryPromise({
    try: () => readFile(join(folder, name), "utf8"),
    catch: (error) => new MigrateError({ folder, message: `${name}: cannot be read (${(error as Error).message})` })
  }).pipe(
    Effect.flatMap((text) =>
      Effect.try({ try: () => JSON.parse(text) as unknown, catch: () => new MigrateError({ folder, message: `${name}: not valid JSON` }) })),
    Effect.flatMap((json) =>
      Schema.decodeUnknown(schema)(json).pipe(
        Effect.mapError((error) => new MigrateError({ folder, message: `${name}: ${formatParseError(error)}` }))
      ))
  )

const modifiedAt = (folder: string, name: string) =>
  Effect.tryPromise({
    try: async () => (await stat(join(folder, name))).mtime.toISOString(),
    catch: (error) => new MigrateError({ folder, message: `${name}: cannot be read (${(error as Error).message})` })
  })

const analysisOf = (entry: { readonly bpm?: number | null | undefined; readonly key?: string | null | undefined }): TrackAnalysis => ({
  bpm: entry.bpm ?? null,
  key: entry.key ?? null
})

/** Reads a release folder's accepted files (docs/commands.md); any malformed one refuses the whole folder. */
export const readReleaseFolder = (folder: string): Effect.Effect<ReleaseFolder, MigrateError> =>
  Effect.gen(function*() {
    const entries = yield* Effect.tryPromise({
      try: () => readdir(folder, { withFileTypes: true }),
      catch: (error) => new MigrateError({ folder, message: `cannot list the folder (${(error as Error).message})` })
    })
    const notes: Array<string> = []
    // A link could make crate record (and later serve or tag) a file from anywhere: only the folder's own files count.
    for (const entry of entries.filter((entry) => entry.isSymbolicLink())) {
      const target = yield* Effect.promise(() => readlink(join(folder, entry.name)).catch(() => "?"))
      notes.push(`${entry.name} is a link (to ${target}), not a file of the library; not imported`)
    }
    const names = entries.filter((entry) => entry.isFile()).map((entry) => entry.name)
    const has = new Set(names)
    const release = yield* readJson(folder, metadataFileName, DiscogsRelease)

    const matches: Array<MigratedMatch> = []
    if (has.has(matchesFileName)) {
      for (const entry of matchesOf(yield* readJson(folder, matchesFileName, MatchesFile))) {
        if ("problem" in entry) notes.push(`${matchesFileName}: track ${entry.position}: ${entry.problem}; skipped`)
        else matches.push(entry)
      }
    }

    const analysis = new Map<string, TrackAnalysis>()
    if (has.has(analysisFileName)) {
      const file = yield* readJson(folder, analysisFileName, AnalysisFile)
      for (const entry of "tracks" in file ? file.tracks : file) analysis.set(entry.position, analysisOf(entry))
    }

    const audio = names.filter((name) => name.toLowerCase().endsWith(".opus")).sort()
    const audioAnalysis = new Map<string, TrackAnalysis>()
    for (const name of audio) {
      const json = `${name.slice(0, -".opus".length)}.json`
      if (has.has(json)) audioAnalysis.set(name, analysisOf(yield* readJson(folder, json, TrackAnalysisFile)))
    }

    const covers = new Map<number, string>()
    for (const name of names) {
      const match = coverName.exec(name)
      if (match !== null) covers.set(match[1] === undefined ? 1 : Number(match[1]), name)
    }

    return {
      path: folder,
      release,
      syncedAt: yield* modifiedAt(folder, metadataFileName),
      matches,
      matchedAt: has.has(matchesFileName) ? yield* modifiedAt(folder, matchesFileName) : null,
      analysis,
      covers,
      audio,
      audioAnalysis,
      notes
    }
  })

export interface FileFacts {
  readonly bytes: number
  readonly sha256: string
  readonly modifiedAt: string
}

/** Size, SHA-256 and modification time of a file, as the covers and audio steps record them. */
export const fileFacts = (folder: string, path: string) =>
  Effect.tryPromise({
    try: async (): Promise<FileFacts> => {
      const [data, info] = await Promise.all([readFile(path), stat(path)])
      return { bytes: data.length, sha256: createHash("sha256").update(data).digest("hex"), modifiedAt: info.mtime.toISOString() }
    },
    catch: (error) => new MigrateError({ folder, message: `${path}: cannot be read (${(error as Error).message})` })
  })

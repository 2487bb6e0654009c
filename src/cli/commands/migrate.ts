import { Args, Command, Options } from "@effect/cli"
import { Console, Effect } from "effect"
import { relative } from "node:path"
import * as RunLock from "../../engine/RunLock.ts"
import * as Database from "../../library/Database.ts"
import type { FolderResult } from "../../migrate/migrateFolder.ts"
import { checkInsideLibrary, type FolderOutcome, migrateLibrary, releaseFolders } from "../../migrate/migrateLibrary.ts"
import { loadConfig } from "../loadConfig.ts"
import { announceNewDatabase } from "../newDatabase.ts"
import { UserError } from "../UserError.ts"
import { mark, plural } from "../../query/text.ts"
import { configOption } from "./run.ts"

const folderLine = (result: FolderResult, dir: string) => {
  const added = [
    result.imported ? "Discogs data" : null,
    result.covers > 0 ? plural(result.covers, "cover") : null,
    result.matches > 0 ? plural(result.matches, "match", "matches") : null,
    result.audio > 0 ? plural(result.audio, "audio file") : null,
    result.analysis > 0 ? plural(result.analysis, "analysis", "analyses") : null
  ].filter((part) => part !== null)
  const flags = `covers ${mark(result.flags.covers)} youtube ${mark(result.flags.youtube)} audio ${mark(result.flags.audio)}`
  const head = `release ${result.releaseId} (${relative(dir, result.folder) || "."}): ${added.length > 0 ? `added ${added.join(", ")}` : "nothing new"} · ${flags}`
  return [head, ...result.notes.map((note) => `  ${note}`)].join("\n")
}

const totals = (outcomes: ReadonlyArray<FolderOutcome>, skipped: number) => {
  const done = outcomes.flatMap((outcome) => (outcome._tag === "Imported" ? [outcome.result] : []))
  const failed = outcomes.length - done.length
  const count = (pick: (result: FolderResult) => boolean) => done.filter(pick).length
  return {
    folders: outcomes.length,
    imported: count((result) => result.imported),
    alreadyThere: count((result) => !result.imported),
    covers: count((result) => result.flags.covers),
    youtube: count((result) => result.flags.youtube),
    audio: count((result) => result.flags.audio),
    failed,
    skipped
  }
}

export const migrate = Command.make(
  "migrate",
  {
    dir: Args.text({ name: "dir" }).pipe(Args.withDescription("the existing library: one folder per release, each with a metadata.json")),
    json: Options.boolean("json").pipe(Options.withDescription("print one JSON line per folder and a summary")),
    config: configOption
  },
  (flags) =>
    Effect.gen(function*() {
      const config = yield* loadConfig(flags.config)
      const dir = yield* checkInsideLibrary(flags.dir, config.library).pipe(Effect.mapError((refused) => new UserError({ message: refused.message })))
      const { folders, skipped } = yield* releaseFolders(dir)
      if (folders.length === 0) return yield* new UserError({ message: `${dir} has no release folder (a folder with a metadata.json)` })
      const report = (outcome: FolderOutcome) =>
        flags.json
          ? Console.log(JSON.stringify(outcome._tag === "Imported" ? outcome.result : { folder: outcome.error.folder, error: outcome.error.message }))
          : outcome._tag === "Imported"
          ? Console.log(folderLine(outcome.result, dir))
          : Console.error(`✗ ${relative(dir, outcome.error.folder) || "."}: ${outcome.error.message}; nothing of it imported`)
      yield* announceNewDatabase(config.database)
      const outcomes = yield* Effect.scoped(Effect.gen(function*() {
        yield* RunLock.acquire(`crate ${process.argv.slice(2).join(" ")}`)
        return yield* migrateLibrary(folders, { library: config.library, youtubeUrl: config.youtube.baseUrl, fileName: config.audio.fileName }, report)
      })).pipe(Effect.provide(Database.layer(config.database)))
      const sum = totals(outcomes, skipped.length)
      yield* Console.log(flags.json ? JSON.stringify({ summary: sum }) : [
        `migrate: ${plural(sum.folders, "release folder")}: ${sum.imported} imported, ${sum.alreadyThere} already in the database; ` +
        `now done: covers ${sum.covers}, youtube ${sum.youtube}, audio ${sum.audio}`,
        ...(sum.skipped > 0 ? [`${plural(sum.skipped, "folder")} without ${"metadata.json"} skipped`] : []),
        "Run it again at any time: it adds only what is new. Next: `crate status`, then `crate run assets` for what is missing."
      ].join("\n"))
      if (sum.failed > 0) return yield* new UserError({ message: `${plural(sum.failed, "folder")} could not be imported (see above)` })
    })
).pipe(
  Command.withDescription(
    "Import an existing folder-per-release library (metadata.json, yt_matches.json, analysis JSON, cover and .opus files) into the " +
      "database, without network access, marking what is there as done. Running it again changes nothing. The folder must be the " +
      "library or inside it (files stay where they are). File shapes: docs/commands.md.\n\nExamples:\n  crate migrate library\n" +
      "  CRATE_LIBRARY=~/Music/discogs crate migrate ~/Music/discogs"
  )
)

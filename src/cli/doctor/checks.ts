import { SqlClient } from "@effect/sql"
import * as Database from "../../library/Database.ts"
import { Clock, Effect, Either } from "effect"
import { execFile } from "node:child_process"
import { accessSync, constants, existsSync } from "node:fs"
import { dirname } from "node:path"
import type { ResolvedConfig } from "../../config/Config.ts"
import * as DiscogsApi from "../../discogs/DiscogsApi.ts"
import { tokenRejected } from "../../discogs/DiscogsError.ts"
import { fileSchemaVersion, latestSchemaVersion } from "../../query/readDatabase.ts"
import { essentiaVersion } from "../../analysis/essentia.ts"
import { runHolder } from "../../query/status.ts"
import { isYouTubeItself } from "../../config/urlPolicy.ts"
import { findFfmpeg, findFfprobe, findYtDlp, jsRuntimeFor, jsRuntimesSince, tooOldForYouTube } from "../../tools/audioTools.ts"
import { tokenMissing } from "../runPipeline.ts"
import { type CheckResult, fail, ok, warn } from "./check.ts"
import { ageInDays, ageText, staleAfterDays } from "./ytDlpAge.ts"

const minimumNode = [20, 6] as const

export const node = (version = process.versions.node): CheckResult => {
  const [major = 0, minor = 0] = version.split(".").map(Number)
  const enough = major > minimumNode[0] || (major === minimumNode[0] && minor >= minimumNode[1])
  return enough ? ok("node", version) : fail("node", `${version} is too old: crate needs ${minimumNode.join(".")} or later`)
}

const writable = (path: string) => {
  try {
    accessSync(path, constants.W_OK)
    return true
  } catch {
    return false
  }
}

/** The nearest folder that exists on the way up to `path`: where a missing folder would be created. */
const existingParent = (path: string): string => (existsSync(path) || dirname(path) === path ? path : existingParent(dirname(path)))

/** SQLite's own check of the whole file: "ok", or its first finding. */
const integrity = Effect.flatMap(SqlClient.SqlClient, (sql) =>
  Effect.map(sql<{ quick_check: string }>`PRAGMA quick_check(1)`, ([row]) => {
    const found = (row?.quick_check ?? "ok").replace("*** in database main ***", "").replace(/\s+/g, " ").trim()
    return found.length > 100 ? `${found.slice(0, 100)}…` : found
  }))

export const database = (config: ResolvedConfig) =>
  Effect.gen(function*() {
    const path = config.database
    if (!existsSync(path)) {
      const parent = existingParent(dirname(path))
      return writable(parent)
        ? ok("database", `${path} does not exist yet: the first \`crate run metadata\` creates it`)
        : fail("database", `${path} cannot be created: ${parent} is not writable`)
    }
    const version = yield* fileSchemaVersion(path)
    // The whole file is read (quick_check): doctor is where a damaged page should show, before a run trips on it.
    const opened = yield* Effect.either(Effect.zip(runHolder, integrity).pipe(Effect.provide(Database.open(path, { readonly: true }))))
    if (opened._tag === "Left") {
      const error = opened.left
      return fail("database", error._tag === "DatabaseError" ? error.message : `cannot use the database ${path}: ${Database.describeOpenFailure(error.cause)}`)
    }
    if (opened._tag === "Right" && opened.right[1] !== "ok") {
      return fail("database", `${path}: ${Database.damaged(opened.right[1])}`)
    }
    const running = opened._tag === "Right" ? opened.right[0] : null
    const busy = running === null ? "" : `; a run is writing it now (\`${running.command}\`, pid ${running.pid})`
    // WAL needs the folder too: SQLite creates -wal and -shm files next to the database.
    if (!writable(path) || !writable(dirname(path))) return fail("database", `${path} is not writable (the file and its folder must be)`)
    if (version > latestSchemaVersion) {
      return fail("database", `${path} has schema ${version}, newer than this crate's ${latestSchemaVersion}: update crate`)
    }
    if (version < latestSchemaVersion) {
      return warn("database", `${path} has schema ${version}; the next run upgrades it to ${latestSchemaVersion}${busy}`)
    }
    return ok("database", `${path} (writable, schema ${version})${busy}`)
  })

export const library = (config: ResolvedConfig): CheckResult => {
  const parent = existingParent(config.library)
  if (!writable(parent)) return fail("library", `${config.library} is not writable (${parent})`)
  return ok("library", existsSync(config.library) ? `${config.library} (writable)` : `${config.library} does not exist yet: the first assets run creates it`)
}

/** The token is set and Discogs accepts it (GET /oauth/identity); the username matches it. */
export const discogs = (config: ResolvedConfig) =>
  Effect.gen(function*() {
    if (config.discogs.token === null) return [fail("Discogs token", tokenMissing)]
    // One quick retry: doctor should answer in seconds, not wait out a run's backoff.
    const quick = DiscogsApi.layer({ ...config.discogs, retry: { times: 1, base: "500 millis" } })
    const identity = yield* Effect.either(Effect.flatMap(DiscogsApi.DiscogsApi, (client) => client.identity).pipe(Effect.provide(quick)))
    if (Either.isLeft(identity)) {
      const error = identity.left
      return [fail("Discogs token", error.reason === "Unauthorized" ? tokenRejected : `could not be checked: ${error.message}`)]
    }
    const user = identity.right.username
    const token = ok("Discogs token", `accepted by Discogs (${config.discogs.apiUrl}) as user ${user}`)
    const username = config.discogs.username
    if (username === null) return [token, fail("username", `not set: \`export DISCOGS_USERNAME=${user}\` (the token's user) or set discogs.username`)]
    return [token, username.toLowerCase() === user.toLowerCase()
      ? ok("username", username)
      : warn("username", `${username}, but the token is ${user}'s: ${username}'s collection must be public to be synced`)]
  })

const encoders = (ffmpeg: string) =>
  Effect.async<string>((resume) => {
    const child = execFile(ffmpeg, ["-hide_banner", "-encoders"], { timeout: 20_000 }, (_error, stdout) => resume(Effect.succeed(stdout)))
    return Effect.sync(() => child.kill())
  })

/**
 * yt-dlp, ffmpeg and ffprobe through the audio step's own lookup (src/tools), so doctor sees
 * exactly what a run would use. They are essential only while the audio step is enabled.
 */
export const audioTools = (config: ResolvedConfig) =>
  Effect.gen(function*() {
    const present = config.steps.has("audio")
    const essential = present && (config.policies["audio"]?.enabled ?? true)
    const why = essential ? "" : present ? " (the audio step is disabled in your config)" : " (no pipeline of your config has the audio step)"
    const results: Array<CheckResult> = []
    const ytDlp = yield* Effect.either(findYtDlp(config.tools.ytDlp))
    if (Either.isLeft(ytDlp)) {
      results.push(fail("yt-dlp", ytDlp.left.message + why, essential))
    } else {
      const found = ytDlp.right
      const others = found.others === undefined ? "" : `; the newest of ${found.others.length + 1} found (also ${found.others.join(", ")})`
      const where = `${found.version} (${found.path}${found.source === "PATH" ? "" : `, ${found.source}`}${others})`
      const runtime = jsRuntimeFor(found)
      const days = ageInDays(found.version, yield* Clock.currentTimeMillis)
      const youtube = isYouTubeItself(config.youtube.baseUrl)
      results.push(
        runtime === null
          ? youtube
            ? warn("yt-dlp", `${where}: ${tooOldForYouTube(found)}`)
            : ok("yt-dlp", `${where}; fine for ${new URL(config.youtube.baseUrl).host}, too old for YouTube itself (it needs ${jsRuntimesSince} or newer)`)
          : days !== undefined && days > staleAfterDays && youtube
          ? warn(
            "yt-dlp",
            `${where} is ${ageText(days)} old; YouTube changes often and a yt-dlp older than ${staleAfterDays} days commonly fails on it: ` +
              "update it (`yt-dlp -U`, `pipx upgrade yt-dlp` or `brew upgrade yt-dlp`)"
          )
          : ok("yt-dlp", `${where}; JavaScript runtime for YouTube: ${runtime.replace(/^node:/, "node ")} (--js-runtimes)`)
      )
    }
    const ffmpeg = yield* Effect.either(findFfmpeg(config.tools.ffmpeg))
    if (Either.isLeft(ffmpeg)) {
      results.push(fail("ffmpeg", ffmpeg.left.message + why, essential))
      return results
    }
    const opus = (yield* encoders(ffmpeg.right.path)).includes(" libopus ")
    results.push(opus
      ? ok("ffmpeg", `${ffmpeg.right.version} (${ffmpeg.right.path}, with libopus)`)
      : warn("ffmpeg", `${ffmpeg.right.version} (${ffmpeg.right.path}) has no libopus encoder: audio that YouTube serves as AAC cannot become .opus`))
    const ffprobe = yield* Effect.either(findFfprobe(ffmpeg.right))
    results.push(Either.isLeft(ffprobe) ? fail("ffprobe", ffprobe.left.message + why, essential) : ok("ffprobe", `${ffprobe.right.version} (${ffprobe.right.path})`))
    return results
  })

/**
 * essentia.js, which the analysis step uses for tempo and key: optional (AGPL-3.0), so its
 * absence is a warning that says what is lost and how to get it.
 */
export const essentia = (config: ResolvedConfig): CheckResult => {
  const version = essentiaVersion()
  if (!config.steps.has("analysis")) return ok("essentia.js", version === undefined ? "not installed; no pipeline of your config has the analysis step" : `${version} (not used: no pipeline has the analysis step)`)
  return version === undefined
    ? warn("essentia.js", "not installed: the analysis step measures loudness only, no tempo or key; `npm install essentia.js` in crate's folder adds them (it is AGPL-3.0)")
    : ok("essentia.js", `${version} (AGPL-3.0, loaded only by the analysis step) for tempo and key`)
}

export const config = (loaded: Either.Either<ResolvedConfig, { readonly message: string }>): CheckResult =>
  Either.match(loaded, {
    onLeft: (error) => fail("config", error.message),
    onRight: (resolved) => ok("config", resolved.file ?? "no pipeline.config.ts here: defaults and the environment")
  })

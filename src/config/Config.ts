import { Context, Data, Duration, Effect, ParseResult, Redacted, Schema } from "effect"
import { existsSync } from "node:fs"
import { homedir } from "node:os"
import { dirname, isAbsolute, join, resolve } from "node:path"
import type { Pipeline } from "../engine/Pipeline.ts"
import type { RetryPolicy } from "../engine/Retry.ts"
import type { StepPolicy } from "../engine/Runner.ts"
import type { Step } from "../engine/Step.ts"
import type { PipelineDefinition } from "./pipeline.ts"
import { duration, resolvePipelines, retryPolicy } from "./resolvePipelines.ts"
import { defaultFileName } from "./fileNameTemplate.ts"
import { UserConfig } from "./schema.ts"

export class ConfigError extends Data.TaggedError("ConfigError")<{ readonly message: string }> {}

/** The configuration in force: the file's settings, then the environment's, then defaults. */
export interface ResolvedConfig {
  /** The file it came from, or null when none was found (defaults only). */
  readonly file: string | null
  readonly database: string
  readonly library: string
  readonly discogs: {
    readonly username: string | null
    readonly token: Redacted.Redacted<string> | null
    readonly apiUrl: string
    readonly requestsPerMinute: number
    readonly retry: RetryPolicy
    readonly imagesPerDay: number
  }
  readonly youtube: {
    readonly baseUrl: string
    readonly requestsPerMinute: number
    readonly searchesAtOnce: number
    readonly cooldown: Duration.DurationInput
  }
  readonly audio: {
    /** Downloads in flight at once, all releases together. */
    readonly downloadsAtOnce: number
    readonly sleepSeconds: number
    readonly cooldown: Duration.DurationInput
    /** What yt-dlp gets past YouTube's bot checks with: a cookies file, a browser's cookies, options of the user's own. */
    readonly cookies: string | null
    readonly cookiesFromBrowser: string | null
    readonly ytDlpArgs: ReadonlyArray<string>
    /** The name of each track's file, from `{number}`, `{title}`, … (see audio/fileNames.ts). */
    readonly fileName: string
  }
  readonly analysis: {
    /** Seconds from the middle of a track that tempo and key are measured on; 0: all of it. */
    readonly windowSeconds: number
  }
  readonly network: {
    /** Hosts crate may fetch images and media from (each with its subdomains). */
    readonly allowedHosts: ReadonlyArray<string>
  }
  /** Explicit binaries; null means: look on PATH. */
  readonly tools: {
    readonly ytDlp: string | null
    readonly ffmpeg: string | null
  }
  /** The pipelines `crate run NAME` knows, by name: the config's, or the built-in ones. */
  readonly pipelines: Readonly<Record<string, Pipeline<any>>>
  /** Every step of those pipelines, by name. */
  readonly steps: ReadonlyMap<string, Step<any, any>>
  /** Each step's policies: the config's `steps.NAME`, else the step's own defaults. */
  readonly policies: Readonly<Record<string, StepPolicy>>
}

export class CrateConfig extends Context.Tag("crate/CrateConfig")<CrateConfig, ResolvedConfig>() {}

const candidates = ["pipeline.config.ts", "pipeline.config.mts", "pipeline.config.js", "pipeline.config.mjs"]

const databaseName = "discogs_collection.db"

/** The per-user folders (XDG Base Directory): `~/.config/crate`, `~/.local/share/crate`. */
export const userFolders = (env: Readonly<Record<string, string | undefined>>) => {
  const home = env.HOME || homedir()
  return {
    config: join(env.XDG_CONFIG_HOME || join(home, ".config"), "crate"),
    data: join(env.XDG_DATA_HOME || join(home, ".local", "share"), "crate")
  }
}

const findConfig = (folder: string) => candidates.map((name) => join(folder, name)).find((path) => existsSync(path)) ?? null

/** Where Discogs images and YouTube media live; each entry allows its subdomains too. */
const defaultAllowedHosts = ["discogs.com", "youtube.com", "youtu.be", "youtube-nocookie.com", "googlevideo.com", "ytimg.com"]
const formatIssue = (file: string, error: ParseResult.ParseError): string => {
  const [issue] = ParseResult.ArrayFormatter.formatErrorSync(error)
  if (!issue) return `${file}: invalid configuration`
  const key = issue.path.join(".") || "(the exported value)"
  const message = issue.message.startsWith("is unexpected") ? "unknown key; check its spelling in docs/config.md" : issue.message
  return `${file}: ${key}: ${message}`
}

/** A config is plain code: one whose top-level await never ends must not hang crate. */
const loadTimeout = "20 seconds"

/**
 * Compiles the config file with esbuild (TypeScript or JavaScript, its relative imports and
 * the user's step files bundled in, crate's and Effect's own modules answered by this very
 * process) and imports the result: ~20 ms, where a TypeScript loader costs ~300 ms at every
 * command.
 */
const loadFile = (file: string) =>
  Effect.tryPromise({
    try: async () => {
      const { build } = await import("esbuild")
      const { hostModules } = await import("./hostModules.ts")
      const result = await build({
        entryPoints: [file], bundle: true, write: false, format: "esm", platform: "node", target: "node20", logLevel: "silent",
        plugins: [hostModules],
        // The user's own packages resolve from the config's folder, wherever crate is installed.
        nodePaths: [join(dirname(file), "node_modules")]
      })
      const code = result.outputFiles[0]!.text
      const module = await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`) as { default?: unknown }
      return module.default
    },
    catch: (error) => new ConfigError({ message: `${file}: could not be loaded: ${describeLoadError(error)}` })
  }).pipe(
    Effect.timeoutFail({
      duration: loadTimeout,
      onTimeout: () => new ConfigError({ message: `${file}: still loading after ${loadTimeout} (a top-level await that never ends?)` })
    })
  )

const describeLoadError = (error: unknown): string => {
  const first = (error as { errors?: ReadonlyArray<{ text: string; location?: { line: number; column: number } | null }> }).errors?.[0]
  if (first) return first.location ? `line ${first.location.line}, column ${first.location.column}: ${first.text}` : first.text
  return String((error as Error)?.message ?? error).split("\n")[0] ?? "unknown error"
}

const checkUrl = (name: string, value: string) =>
  URL.canParse(value) && /^https?:$/.test(new URL(value).protocol)
    ? Effect.succeed(value.replace(/\/+$/, ""))
    : Effect.fail(new ConfigError({ message: `${name}: "${value}" is not an http(s) URL` }))

/**
 * Finds, loads and validates the configuration. `explicitPath` (`--config`) must exist;
 * otherwise `pipeline.config.ts` (or .mts/.js/.mjs) in `cwd` is used when present.
 * Relative paths in the file are relative to the file's folder.
 */
export const load = (options: {
  readonly explicitPath?: string | undefined
  readonly cwd: string
  readonly env: Readonly<Record<string, string | undefined>>
  /** The pipelines crate ships (metadata, assets): the default, and what the older `{ batch, steps }` form tunes. */
  readonly builtins?: Readonly<Record<string, PipelineDefinition>> | undefined
}): Effect.Effect<ResolvedConfig, ConfigError> =>
  Effect.gen(function*() {
    const { env } = options
    const here = resolve(options.cwd)
    let file: string | null = null
    if (options.explicitPath !== undefined) {
      file = resolve(options.cwd, options.explicitPath)
      if (!existsSync(file)) return yield* new ConfigError({ message: `config file ${file} does not exist` })
    } else {
      file = findConfig(here) ?? findConfig(userFolders(env).config)
    }
    // Where the collection lives when nothing says: beside a config of this folder, in this folder
    // when it holds a database already (how crate worked before), else the user's data folder,
    // the same from every folder.
    const dataFolder = (file !== null && dirname(file) === here) || existsSync(join(here, databaseName)) ? here : userFolders(env).data

    const raw = file === null ? {} : yield* loadFile(file)
    if (raw !== undefined && (typeof raw !== "object" || raw === null || Array.isArray(raw))) {
      return yield* new ConfigError({ message: `${file}: the default export must be an object (defineConfig({ … })), not ${Array.isArray(raw) ? "an array" : raw === null ? "null" : typeof raw}` })
    }
    const user = yield* Schema.decodeUnknown(UserConfig, { onExcessProperty: "error" })(raw ?? {}).pipe(
      Effect.mapError((error) => new ConfigError({ message: formatIssue(file ?? "config", error) }))
    )

    const base = file === null ? options.cwd : dirname(file)
    const path = (value: string) => (isAbsolute(value) ? value : resolve(base, value))
    const fromEnv = (name: string) => (env[name] === undefined || env[name] === "" ? undefined : env[name])

    const { pipelines, steps, policies } = yield* Effect.try({
      try: () => resolvePipelines(user, options.builtins ?? {}),
      catch: (error) => new ConfigError({ message: `${file ?? "config"}: ${(error as Error).message}` })
    })

    // A bare name ("yt-dlp") is looked up on PATH; anything with a slash is a path.
    const optionalPath = (value: string | undefined) =>
      value === undefined ? null : value.includes("/") ? path(value) : value
    const apiUrl = yield* checkUrl(
      fromEnv("DISCOGS_API_URL") ? "DISCOGS_API_URL" : "discogs.apiUrl",
      fromEnv("DISCOGS_API_URL") ?? user.discogs?.apiUrl ?? "https://api.discogs.com"
    )
    const youtubeUrl = yield* checkUrl(
      fromEnv("CRATE_YOUTUBE_URL") ? "CRATE_YOUTUBE_URL" : "youtube.baseUrl",
      fromEnv("CRATE_YOUTUBE_URL") ?? user.youtube?.baseUrl ?? "https://www.youtube.com"
    )
    const token = fromEnv("DISCOGS_TOKEN")
    // A token pasted with its line break would reach Discogs as a broken header: say so instead.
    if (token !== undefined && !/^[\x21-\x7e]+$/.test(token)) {
      return yield* new ConfigError({ message: "DISCOGS_TOKEN is not a valid token: it holds spaces, line breaks or other characters Discogs tokens do not have; set it again, copied exactly" })
    }
    return {
      file,
      database: path(fromEnv("CRATE_DB") ?? user.database ?? join(dataFolder, databaseName)),
      library: path(fromEnv("CRATE_LIBRARY") ?? user.library ?? join(dataFolder, "library")),
      discogs: {
        username: fromEnv("DISCOGS_USERNAME") ?? user.discogs?.username ?? null,
        token: token === undefined ? null : Redacted.make(token),
        apiUrl,
        requestsPerMinute: user.discogs?.requestsPerMinute ?? 60,
        retry: retryPolicy(user.discogs?.retry, { times: 5, base: "1 second" }),
        imagesPerDay: user.discogs?.imagesPerDay ?? 1000
      },
      youtube: {
        baseUrl: youtubeUrl,
        requestsPerMinute: user.youtube?.requestsPerMinute ?? 30,
        searchesAtOnce: user.youtube?.searchesAtOnce ?? 2,
        cooldown: duration(user.youtube?.cooldown, "15 minutes")
      },
      audio: {
        downloadsAtOnce: user.audio?.downloadsAtOnce ?? 2,
        sleepSeconds: user.audio?.sleepSeconds ?? 5,
        cooldown: duration(user.audio?.cooldown, "30 minutes"),
        cookies: user.audio?.cookies === undefined ? null : path(user.audio.cookies),
        cookiesFromBrowser: user.audio?.cookiesFromBrowser ?? null,
        ytDlpArgs: user.audio?.ytDlpArgs ?? [],
        fileName: user.audio?.fileName ?? defaultFileName
      },
      analysis: {
        windowSeconds: user.analysis?.windowSeconds ?? 90
      },
      network: {
        allowedHosts: [
          ...defaultAllowedHosts,
          ...(user.network?.allowedHosts ?? []),
          // The configured endpoints' own hosts (loopback fakes in tests and the demo).
          new URL(apiUrl).hostname,
          new URL(youtubeUrl).hostname
        ]
      },
      tools: {
        ytDlp: optionalPath(fromEnv("CRATE_YTDLP") ?? user.tools?.ytDlp),
        ffmpeg: optionalPath(fromEnv("CRATE_FFMPEG") ?? user.tools?.ffmpeg)
      },
      pipelines,
      steps,
      policies
    }
  })

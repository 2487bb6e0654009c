import { Data, Effect } from "effect"
import { execFile } from "node:child_process"
import { accessSync, constants, realpathSync, statSync } from "node:fs"
import { delimiter, join } from "node:path"

/** An external program crate runs, as found on this machine. */
export interface ToolInfo {
  readonly name: string
  readonly path: string
  /** As the tool reports it, e.g. "2023.03.04" or "5.1.9-0+deb12u1". */
  readonly version: string
  /** Where it was found: "configured" (a setting or variable), "PATH", or a fallback's own word. */
  readonly source: string
  /** Other copies found and not used (an older one further down PATH, say): "2023.03.04 at /usr/bin/yt-dlp". */
  readonly others?: ReadonlyArray<string>
}

export class ToolMissing extends Data.TaggedError("ToolMissing")<{
  readonly tool: string
  /** One line for people, saying how to get the tool. */
  readonly message: string
}> {}

export interface ToolSpec {
  readonly name: string
  /** A path, or a bare command name to look up on PATH; null: the default name on PATH. */
  readonly configured: string | null
  /** How users set `configured`, for messages, e.g. "CRATE_YTDLP (or tools.ytDlp)". */
  readonly setting: string
  /** Tried, in order, when PATH has no such command. */
  readonly fallbacks?: ReadonlyArray<{ readonly path: string; readonly source: string }>
  readonly versionArgs: ReadonlyArray<string>
  /** The version from the tool's output; undefined when the output is not that tool's. */
  readonly parseVersion: (output: string) => string | undefined
  /** How to install it, e.g. "`apt-get install ffmpeg` or `brew install ffmpeg`". */
  readonly install: string
}

export const isExecutableFile = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK)
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/** The first executable `name` in the PATH's folders (with Windows' extensions there). */
export const lookOnPath = (name: string, pathVariable: string | undefined): string | undefined => {
  const extensions = process.platform === "win32" ? ["", ".exe", ".cmd"] : [""]
  for (const folder of (pathVariable ?? "").split(delimiter)) {
    if (folder === "") continue
    for (const extension of extensions) {
      const candidate = join(folder, name + extension)
      if (isExecutableFile(candidate)) return candidate
    }
  }
  return undefined
}

/** Every executable `name` in the PATH's folders, in PATH order, each file once. */
export const everyOnPath = (name: string, pathVariable: string | undefined): ReadonlyArray<string> => {
  const found: Array<string> = []
  const seen = new Set<string>()
  for (const folder of (pathVariable ?? "").split(delimiter)) {
    const candidate = folder === "" ? undefined : lookOnPath(name, folder)
    if (candidate === undefined) continue
    const real = realpathSync(candidate)
    if (!seen.has(real)) found.push(candidate)
    seen.add(real)
  }
  return found
}

const versionOf = (spec: ToolSpec, path: string) =>
  Effect.async<string, ToolMissing>((resume) => {
    const child = execFile(path, [...spec.versionArgs], { timeout: 20_000 }, (error, stdout, stderr) => {
      const version = error ? undefined : spec.parseVersion(`${stdout}\n${stderr}`)
      resume(
        version === undefined
          ? Effect.fail(new ToolMissing({
            tool: spec.name,
            message: `${path} does not run as ${spec.name} (${error ? error.message.split("\n")[0] : "unexpected output"}): ` +
              `install ${spec.name} (${spec.install}) or set ${spec.setting} to a working one`
          }))
          : Effect.succeed(version)
      )
    })
    return Effect.sync(() => child.kill())
  })

/** The tool at `path`, once it has said its version (which also proves that it runs). */
export const toolAt = (spec: ToolSpec, path: string, source: string): Effect.Effect<ToolInfo, ToolMissing> =>
  Effect.map(versionOf(spec, path), (version) => ({ name: spec.name, path, version, source }))

/**
 * Finds a tool: the configured path (which must exist: a wrong setting is an error, not a
 * reason to pick another binary), else the name on PATH, else the fallbacks; then asks it
 * for its version, which also proves that it runs.
 */
export const findTool = (spec: ToolSpec, pathVariable: string | undefined = process.env.PATH): Effect.Effect<ToolInfo, ToolMissing> =>
  Effect.gen(function*() {
    const configured = spec.configured
    if (configured !== null && configured.includes("/")) {
      if (!isExecutableFile(configured)) {
        return yield* new ToolMissing({
          tool: spec.name,
          message: `${spec.setting} is ${configured}, which is not an executable file: correct it, or unset it to use ${spec.name} from PATH (${spec.install})`
        })
      }
      return { name: spec.name, path: configured, version: yield* versionOf(spec, configured), source: "configured" }
    }
    const command = configured ?? spec.name
    const onPath = lookOnPath(command, pathVariable)
    if (onPath !== undefined) return { name: spec.name, path: onPath, version: yield* versionOf(spec, onPath), source: "PATH" }
    const fallback = configured === null ? spec.fallbacks?.find((candidate) => isExecutableFile(candidate.path)) : undefined
    if (fallback !== undefined) {
      return { name: spec.name, path: fallback.path, version: yield* versionOf(spec, fallback.path), source: fallback.source }
    }
    return yield* new ToolMissing({
      tool: spec.name,
      message: `${command} was not found on PATH: install it (${spec.install}) or set ${spec.setting} to its path`
    })
  })

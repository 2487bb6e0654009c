import { Data, Effect, Schema } from "effect"
import { execFile, spawn } from "node:child_process"

/** ffmpeg or ffprobe failed on a file: the file is not what it should be. */
export class MediaToolFailed extends Data.TaggedError("MediaToolFailed")<{ readonly message: string }> {}

// The `file:` protocol: a path is never read as an option or another protocol, whatever its characters.
const asFile = (path: string) => `file:${path}`

const run = (binary: string, args: ReadonlyArray<string>, timeoutMs = 120_000) =>
  Effect.async<string, MediaToolFailed>((resume) => {
    const child = execFile(binary, [...args], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const why = stderr.trim().split("\n").at(-1) || error.message.split("\n")[0]
        resume(Effect.fail(new MediaToolFailed({ message: `${binary} failed: ${why}` })))
      } else resume(Effect.succeed(stdout))
    })
    return Effect.sync(() => child.kill("SIGKILL"))
  })

export interface StreamedExit {
  readonly code: number | null
  /** The end of ffmpeg's stderr, where its summaries and errors are. */
  readonly stderr: string
}

const stderrTail = 64 * 1024

/**
 * Runs ffmpeg with its output on stdout handed to `onData` as it comes (a decode is never held
 * whole), and resolves once it exits, with its exit code and the end of its stderr: what a
 * failure means is the caller's to say. Killed if interrupted; fails only if it cannot start.
 */
export const streamOutput = (ffmpeg: string, args: ReadonlyArray<string>, onData: (chunk: Buffer) => void) =>
  Effect.async<StreamedExit, MediaToolFailed>((resume) => {
    let stderr = ""
    const child = spawn(ffmpeg, [...args], { stdio: ["ignore", "pipe", "pipe"] })
    child.stdout.on("data", onData)
    child.stderr.on("data", (chunk: Buffer) => void (stderr = (stderr + chunk.toString("utf8")).slice(-stderrTail)))
    child.on("error", (error) => resume(Effect.fail(new MediaToolFailed({ message: `cannot run ${ffmpeg}: ${error.message}` }))))
    child.on("close", (code) => resume(Effect.succeed({ code, stderr })))
    return Effect.sync(() => child.kill("SIGKILL"))
  })

const Probe = Schema.parseJson(Schema.Struct({
  streams: Schema.optionalWith(
    Schema.Array(Schema.Struct({
      codec_type: Schema.optional(Schema.String),
      codec_name: Schema.optional(Schema.String),
      width: Schema.optional(Schema.Number),
      height: Schema.optional(Schema.Number),
      tags: Schema.optionalWith(Schema.Record({ key: Schema.String, value: Schema.String }), { default: () => ({}) })
    })),
    { default: () => [] }
  ),
  format: Schema.optional(Schema.Struct({ duration: Schema.optional(Schema.NumberFromString) }))
}))

const probe = (ffprobe: string, file: string, entries = "stream=codec_type,codec_name,width,height:format=duration") =>
  run(ffprobe, ["-v", "error", "-show_entries", entries, "-of", "json", "-i", asFile(file)]).pipe(
    Effect.flatMap(Schema.decodeUnknown(Probe)),
    Effect.mapError((error) =>
      error._tag === "MediaToolFailed" ? error : new MediaToolFailed({ message: `ffprobe gave unexpected output for ${file}` })
    )
  )

export interface AudioProbe {
  readonly codec: string
  readonly durationSeconds: number
}

/** The codec and duration of an audio file. */
export const probeAudio = (ffprobe: string, file: string): Effect.Effect<AudioProbe, MediaToolFailed> =>
  Effect.flatMap(probe(ffprobe, file), (result) => {
    const audio = result.streams.find((stream) => stream.codec_type === "audio")
    const duration = result.format?.duration
    return audio?.codec_name === undefined || duration === undefined
      ? Effect.fail(new MediaToolFailed({ message: `${file} has no readable audio stream` }))
      : Effect.succeed({ codec: audio.codec_name, durationSeconds: duration })
  })

export interface ImageProbe {
  readonly codec: string
  readonly width: number
  readonly height: number
}

export const probeImage = (ffprobe: string, file: string): Effect.Effect<ImageProbe, MediaToolFailed> =>
  Effect.flatMap(probe(ffprobe, file), (result) => {
    const image = result.streams.find((stream) => stream.codec_type === "video")
    return image?.codec_name === undefined || image.width === undefined || image.height === undefined
      ? Effect.fail(new MediaToolFailed({ message: `${file} is not a readable image` }))
      : Effect.succeed({ codec: image.codec_name, width: image.width, height: image.height })
  })

/**
 * Copies the audio of `input` into `output` (no re-encoding) with exactly the tags of the
 * ffmetadata file: the source's own stream tags are dropped.
 */
export const writeTags = (ffmpeg: string, input: string, metadataFile: string, output: string) =>
  run(ffmpeg, [
    "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
    "-i", asFile(input),
    "-f", "ffmetadata", "-i", asFile(metadataFile),
    "-map", "0:a", "-map_metadata", "1", "-map_metadata:s:a", "-1",
    "-c", "copy", "-f", "opus", asFile(output)
  ]).pipe(Effect.asVoid)

const escape = (value: string) => value.replace(/[=;#\\\n]/g, (char) => `\\${char}`)

/**
 * ffmpeg's metadata file (`;FFMETADATA1`): how tags reach ffmpeg without going through the
 * command line (a cover as METADATA_BLOCK_PICTURE is far over Linux's 128 kB per argument).
 */
export const ffmetadata = (comments: ReadonlyArray<readonly [string, string]>): string =>
  [";FFMETADATA1", ...comments.map(([key, value]) => `${escape(key)}=${escape(value)}`)].join("\n") + "\n"

export interface AudioTags {
  /** The audio stream's comments, as ffmpeg names them (`album_artist`, `track`: it writes them back the same way). */
  readonly comments: Readonly<Record<string, string>>
  /** The embedded cover (a METADATA_BLOCK_PICTURE, which ffmpeg shows as a picture stream), if any. */
  readonly picture: ImageProbe | undefined
}

/** The comments and embedded cover of an Ogg audio file. */
export const readAudioTags = (ffprobe: string, file: string): Effect.Effect<AudioTags, MediaToolFailed> =>
  probe(ffprobe, file, "stream=codec_type,codec_name,width,height:stream_tags").pipe(
    Effect.map(({ streams }) => {
      const audio = streams.find((stream) => stream.codec_type === "audio")
      const image = streams.find((stream) => stream.codec_type === "video")
      return {
        comments: audio?.tags ?? {},
        picture: image?.codec_name !== undefined && image.width !== undefined && image.height !== undefined
          ? { codec: image.codec_name, width: image.width, height: image.height }
          : undefined
      }
    })
  )

/** Copies the embedded cover of `input` into `output`, as it is stored. */
export const extractPicture = (ffmpeg: string, input: string, output: string) =>
  run(ffmpeg, [
    "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
    "-i", asFile(input), "-map", "0:v:0", "-c", "copy", "-frames:v", "1", "-f", "image2", asFile(output)
  ]).pipe(Effect.asVoid)

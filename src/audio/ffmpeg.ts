import { Data, Effect, Schema } from "effect"
import { execFile } from "node:child_process"

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

const Probe = Schema.parseJson(Schema.Struct({
  streams: Schema.optionalWith(
    Schema.Array(Schema.Struct({
      codec_type: Schema.optional(Schema.String),
      codec_name: Schema.optional(Schema.String),
      width: Schema.optional(Schema.Number),
      height: Schema.optional(Schema.Number)
    })),
    { default: () => [] }
  ),
  format: Schema.optional(Schema.Struct({ duration: Schema.optional(Schema.NumberFromString) }))
}))

const probe = (ffprobe: string, file: string) =>
  run(ffprobe, ["-v", "error", "-show_entries", "stream=codec_type,codec_name,width,height:format=duration", "-of", "json", "-i", asFile(file)]).pipe(
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

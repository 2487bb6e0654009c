import { Data, Duration, Effect } from "effect"
import { existsSync } from "node:fs"
import { rename, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { nowIso } from "../engine/clock.ts"
import { fileDigest, fileError, type FileError } from "../library/files.ts"
import { type AudioTools, supportsJsRuntimes, tooOldForYouTube } from "../tools/audioTools.ts"
import { probeAudio, writeTags } from "../tools/ffmpeg.ts"
import { classify, type Failure } from "./failures.ts"
import type { AudioFileRow } from "./store.ts"
import { isYouTubeItself } from "../config/urlPolicy.ts"
import { checkVideoUrl, downloadArgs, outputName, runYtDlp, type YtDlpSession } from "./ytDlp.ts"

/** One track's download failed; `label` names the track and its video for messages. */
export class TrackFailed extends Data.TaggedError("TrackFailed")<{
  readonly label: string
  /** The track's position ("B1"), to name it among others. */
  readonly position: string
  readonly failure: Failure
}> {}

export interface TrackJob {
  readonly trackId: number
  readonly position: string
  /** e.g. `track B1 "Never Gonna Give You Up" (video dQw4w9WgXcQ)` */
  readonly label: string
  readonly videoId: string | null
  readonly videoUrl: string
  /** Whole seconds, as the match says; null when unknown. */
  readonly videoDuration: number | null
  /** Where the finished file goes (absolute), and the same relative to the library. */
  readonly target: string
  readonly relativePath: string
  /** The ffmetadata text: tags and, when the release has a cover, the picture. */
  readonly metadata: Effect.Effect<string, TrackFailed>
}

/** A yt-dlp run that hangs (it retries stalled connections itself) is given up after this. */
const downloadTimeout = Duration.minutes(30)

/** "Far shorter": more than 10% (and at least 3 s) short of the video's duration. */
export const isTruncated = (seconds: number, expected: number | null): boolean =>
  expected !== null && expected > 0 && seconds < expected - Math.max(3, expected * 0.1)

/**
 * Downloads one track with yt-dlp into a fresh work folder, checks the audio with ffprobe
 * (Opus, not far shorter than the video), writes the tags with ffmpeg and renames the finished
 * file into the release folder. Until that rename nothing appears there; whatever happens, the
 * work folder is removed.
 */
export const downloadTrack = (
  job: TrackJob,
  tools: AudioTools,
  workDir: string,
  /** crate's checking proxy, which yt-dlp's every request goes through. */
  proxy: string,
  session: YtDlpSession
): Effect.Effect<AudioFileRow, TrackFailed | FileError> =>
  Effect.gen(function*() {
    const fail = (failure: Failure) => new TrackFailed({ label: job.label, position: job.position, failure })
    const url = checkVideoUrl(job.videoUrl)
    if (url === undefined) {
      return yield* fail({ _tag: "Unavailable", reason: "unavailable", detail: `the match's URL is not an http(s) URL: ${job.videoUrl}` })
    }

    // An old yt-dlp still downloads from other hosts (the tests' and the demo's loopback media hosts), never from YouTube itself.
    if (isYouTubeItself(url) && !supportsJsRuntimes(tools.ytDlp)) {
      return yield* fail({ _tag: "Fatal", reason: "ToolTooOld", detail: tooOldForYouTube(tools.ytDlp) })
    }
    const exit = yield* runYtDlp(tools.ytDlp.path, url, downloadArgs(tools.ffmpeg.path, proxy, session), workDir).pipe(
      Effect.timeoutFail({
        duration: downloadTimeout,
        onTimeout: () => fail({ _tag: "Transient", reason: "Timeout", detail: `no result after ${Duration.format(downloadTimeout)}` })
      }),
      Effect.catchTag("YtDlpNotRunnable", (error) => fail({ _tag: "Fatal", reason: "ToolRefused", detail: error.message }))
    )
    if (exit.exitCode !== 0) {
      return yield* fail(
        exit.signal !== null
          ? { _tag: "Transient", reason: "Interrupted", detail: `yt-dlp was stopped by ${exit.signal}` }
          : classify(exit.exitCode, exit.stderr)
      )
    }

    const downloaded = join(workDir, outputName)
    if (!existsSync(downloaded)) {
      return yield* fail({ _tag: "Transient", reason: "BadFile", detail: `yt-dlp finished but wrote no ${outputName}` })
    }
    const badFile = (error: { readonly message: string }) => fail({ _tag: "Transient", reason: "BadFile", detail: error.message })
    const audio = yield* Effect.mapError(probeAudio(tools.ffprobe.path, downloaded), badFile)
    if (audio.codec !== "opus") {
      return yield* fail({ _tag: "Transient", reason: "BadFile", detail: `yt-dlp gave ${audio.codec} audio, not opus` })
    }
    if (isTruncated(audio.durationSeconds, job.videoDuration)) {
      return yield* fail({
        _tag: "Transient",
        reason: "Truncated",
        detail: `${audio.durationSeconds.toFixed(1)} s of audio for a ${job.videoDuration} s video`
      })
    }

    const metadataFile = join(workDir, "tags.txt")
    const metadata = yield* job.metadata
    yield* Effect.tryPromise({ try: () => writeFile(metadataFile, metadata), catch: fileError(metadataFile, "write") })
    const tagged = join(workDir, "tagged.opus")
    yield* Effect.mapError(writeTags(tools.ffmpeg.path, downloaded, metadataFile, tagged), badFile)
    const facts = yield* fileDigest(tagged)
    yield* Effect.tryPromise({ try: () => rename(tagged, job.target), catch: fileError(job.target, "write") })
    return {
      track_id: job.trackId,
      path: job.relativePath,
      codec: audio.codec,
      duration_seconds: Math.round(audio.durationSeconds * 1000) / 1000,
      bytes: facts.bytes,
      sha256: facts.sha256,
      video_id: job.videoId,
      video_url: job.videoUrl,
      downloaded_at: yield* nowIso
    }
  })

import { SqlClient } from "@effect/sql"
import { Duration, Effect, Either } from "effect"
import { existsSync, statSync } from "node:fs"
import { rm } from "node:fs/promises"
import { join, relative } from "node:path"
import { CrateConfig } from "../config/Config.ts"
import { refuseUrl } from "../config/urlPolicy.ts"
import { nowIso } from "../engine/clock.ts"
import type { Commit, StepContext } from "../engine/Step.ts"
import { StepError } from "../engine/StepError.ts"
import { type FileError, fileStepError, workFolder } from "../library/files.ts"
import { releaseFolder } from "../library/releaseFolder.ts"
import type { AudioTools } from "../tools/audioTools.ts"
import { AudioDownloader, type AudioDownloaderService } from "./AudioDownloader.ts"
import { coverComment } from "./cover.ts"
import { downloadTrack, TrackFailed, type TrackJob } from "./downloadTrack.ts"
import { describe, type UnavailableReason } from "./failures.ts"
import { audioFileNames } from "./fileNames.ts"
import { trackNumbers } from "./numbering.ts"
import { maxCooldowns, releaseError, trackFailureLine } from "./releaseError.ts"
import {
  type AudioFileRow,
  flagUnavailable,
  markReleaseDownloaded,
  recordAudioFile,
  releaseInfo,
  releaseTracks,
  type TrackRow
} from "./store.ts"
import { ffmetadata } from "../tools/ffmpeg.ts"
import { vorbisComments } from "./tags.ts"

type MatchedTrack = TrackRow & { readonly match_id: number; readonly video_url: string }

const isMatched = (track: TrackRow): track is MatchedTrack => track.match_id !== null && track.video_url !== null

const unavailableReasons: ReadonlyArray<UnavailableReason> = [
  "unavailable", "private", "removed", "geo-blocked", "age-restricted", "members-only", "not-found"
]


const trackLabel = (track: MatchedTrack) => `track ${track.position || "?"} "${track.title}" (video ${track.video_id ?? track.video_url})`

/** Whether the track already has the file of its current video (a run may have stopped after it). */
const hasCurrentFile = (library: string, track: MatchedTrack) => {
  if (track.file_path === null || track.file_video_url !== track.video_url) return false
  const path = join(library, track.file_path)
  return existsSync(path) && statSync(path).size === track.file_bytes
}

/**
 * Downloads one track and `keep`s it (records it) while still holding its download slot,
 * so that a finished download is on record before the next one starts. Sits out cool-downs
 * (announced once for the whole step) up to `maxCooldowns` times.
 */
const downloadWithCooldowns = <E, R>(
  downloader: AudioDownloaderService,
  tools: AudioTools,
  job: TrackJob,
  context: StepContext,
  keep: (file: AudioFileRow) => Effect.Effect<void, E, R>
) => {
  const download = Effect.scoped(Effect.gen(function*() {
    const dir = yield* workFolder(downloader.library, `audio-${job.trackId}`)
    return yield* downloadTrack(job, tools, dir, yield* downloader.proxy, downloader.session(tools.ytDlp))
  }))
  const attempt = (round: number): Effect.Effect<void, TrackFailed | FileError | E, R> =>
    downloader.slot(Effect.flatMap(download, keep)).pipe(
      Effect.catchIf(
        (error): error is TrackFailed => error instanceof TrackFailed && error.failure._tag === "Cooldown" && round < maxCooldowns,
        (error) =>
          Effect.gen(function*() {
            const pause = Duration.format(downloader.cooldownFor)
            const started = yield* downloader.cooldown.pause(downloader.cooldownFor)
            if (started) yield* context.notice(`${describe(error.failure)} at ${error.label}: all downloads pause for ${pause}`)
            yield* downloader.cooldown.wait
            if (started) yield* context.notice(`the ${pause} pause is over: downloads go on`)
            return yield* attempt(round + 1)
          })
      )
    )
  return attempt(1)
}

/**
 * The audio step's work for one release: every matched track without its file is
 * downloaded (at most `concurrency` at once across the step), tagged and recorded; a video
 * found gone flags its match. Returns the commit that marks the release done, or fails with
 * the gravest of its tracks' failures.
 */
export const downloadRelease = (releaseId: number, context: StepContext) =>
  Effect.gen(function*() {
    const downloader = yield* AudioDownloader
    const config = yield* CrateConfig
    const sql = yield* SqlClient.SqlClient
    const commit: Commit = markReleaseDownloaded(releaseId).pipe(Effect.provideService(SqlClient.SqlClient, sql))
    const tools = yield* Effect.mapError(downloader.tools, (missing) => StepError.fatal("ToolMissing", missing.message))
    const tracks = yield* releaseTracks(releaseId)
    const matched = tracks.flatMap((track, index) => (isMatched(track) ? [{ track, index }] : []))
    if (matched.length === 0) return commit

    const release = yield* releaseInfo(releaseId)
    const folder = yield* releaseFolder(releaseId).pipe(Effect.catchTag("FileError", (error) => Effect.fail(fileStepError(error))))
    const names = audioFileNames(tracks.map((track) => ({ ...track, artist: track.artist ?? release.artist })), downloader.fileName)
    const numbers = trackNumbers(tracks.map((track) => track.position))
    const picture = yield* Effect.cached(coverComment(folder, tools.ffprobe.path))

    const processTrack = (track: MatchedTrack, index: number) =>
      Effect.gen(function*() {
        if (hasCurrentFile(downloader.library, track)) return
        const label = trackLabel(track)
        const position = track.position || String(index + 1)
        if (track.unavailable_reason !== null) {
          const reason = unavailableReasons.find((known) => known === track.unavailable_reason) ?? "unavailable"
          return yield* new TrackFailed({ label, position, failure: { _tag: "Unavailable", reason, detail: "flagged by an earlier run" } })
        }
        const refused = refuseUrl(config, track.video_url)
        if (refused !== null) return yield* new TrackFailed({ label, position, failure: { _tag: "Refused", reason: "UrlRefused", detail: refused } })
        const comments = vorbisComments(release, { position: track.position, title: track.title, artist: track.artist, numbering: numbers[index]! })
        const target = join(folder, names[index]!)
        const job: TrackJob = {
          trackId: track.track_id,
          position,
          label,
          videoId: track.video_id,
          videoUrl: track.video_url,
          videoDuration: track.video_duration,
          target,
          relativePath: relative(downloader.library, target),
          metadata: Effect.map(picture, (cover) =>
            ffmetadata(cover === undefined ? comments : [...comments, ["METADATA_BLOCK_PICTURE", cover] as const]))
        }
        const keep = (file: AudioFileRow) =>
          Effect.gen(function*() {
            yield* recordAudioFile(file, track.match_id)
            // A re-synced title renames the file: the old name goes.
            if (track.file_path !== null && track.file_path !== file.path) {
              yield* Effect.promise(() => rm(join(downloader.library, track.file_path!), { force: true }))
            }
          })
        yield* downloadWithCooldowns(downloader, tools, job, context, keep).pipe(
          Effect.tapError((error) =>
            error instanceof TrackFailed && error.failure._tag === "Unavailable"
              ? Effect.flatMap(nowIso, (at) => flagUnavailable(track.match_id, error.failure.reason, at))
              : Effect.void
          )
        )
      })

    const outcomes = yield* Effect.forEach(matched, ({ index, track }) => Effect.either(processTrack(track, index)), {
      concurrency: "unbounded"
    })
    const failures: Array<TrackFailed> = []
    for (const outcome of outcomes) {
      if (Either.isRight(outcome)) continue
      const error = outcome.left
      if (error._tag === "SqlError") return yield* StepError.database(error)
      if (error._tag === "FileError") return yield* fileStepError(error)
      failures.push(error)
    }
    if (failures.length > 1) {
      yield* Effect.forEach(failures, (failed) => context.notice(`release ${releaseId}: ${trackFailureLine(failed)}`), { discard: true })
    }
    if (failures.length > 0) return yield* releaseError(failures, matched.length)
    return commit
  }).pipe(Effect.catchTag("SqlError", (error) => Effect.fail(StepError.database(error))))

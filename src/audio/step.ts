import { Effect } from "effect"
import * as Step from "../engine/Step.ts"
import { StepError } from "../engine/StepError.ts"
import { AudioDownloader } from "./AudioDownloader.ts"
import { downloadRelease } from "./downloadRelease.ts"
import { matchedVideos, pendingReleases } from "./store.ts"
import { sweepDeadTemp } from "../library/files.ts"

/**
 * Phase 2: the audio of every matched track as a tagged .opus in the release folder,
 * `<position> - <title>.opus`. An item is a release; each track's file is recorded as soon
 * as it is in place, so a stopped run never downloads a finished track again, and the release
 * is marked `audio_downloaded` once every matched track has its file.
 */
export const audio = Step.make({
  name: "audio",
  description: "download the audio of matched tracks as tagged .opus",
  dependsOn: ["youtube"],
  version: 1,
  label: (releaseId) => `release ${releaseId}`,
  pending: pendingReleases,
  inputs: matchedVideos,
  preflight: Effect.gen(function*() {
    const downloader = yield* AudioDownloader
    yield* Effect.mapError(downloader.tools, (missing) => StepError.fatal("ToolMissing", `the audio step cannot run: ${missing.message}`))
    yield* sweepDeadTemp(downloader.library)
  }),
  run: (item, context) => downloadRelease(Number(item), context)
})

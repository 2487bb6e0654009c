import { Effect } from "effect"
import { CrateConfig } from "../config/Config.ts"
import * as Step from "../engine/Step.ts"
import { StepError } from "../engine/StepError.ts"
import { AudioDownloader } from "./AudioDownloader.ts"
import { downloadRelease } from "./downloadRelease.ts"
import { audioDone, downloadsDue, forgetAudio, matchedVideos } from "./store.ts"
import { sweepDeadTemp } from "../library/files.ts"
import { releaseItems } from "../library/releaseItems.ts"

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
  concurrency: 2,
  title: "Audio",
  items: releaseItems,
  done: audioDone,
  reset: forgetAudio,
  inputs: matchedVideos,
  preflight: Effect.gen(function*() {
    const downloader = yield* AudioDownloader
    yield* Effect.mapError(downloader.tools, (missing) => StepError.fatal("ToolMissing", `the audio step cannot run: ${missing.message}`))
    yield* sweepDeadTemp(downloader.library)
  }),
  // One download starts at most every audio.sleepSeconds; releases matched during the run add theirs.
  estimate: (releaseIds) =>
    Effect.gen(function*() {
      const config = yield* CrateConfig
      const downloads = yield* downloadsDue(releaseIds)
      return { ms: downloads * config.audio.sleepSeconds * 1000, basis: `${downloads} downloads known now, one every ${config.audio.sleepSeconds} s at most` }
    }),
  run: downloadRelease
})

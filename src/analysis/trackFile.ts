import { Effect } from "effect"
import { access } from "node:fs/promises"
import { join } from "node:path"
import { StepError } from "../engine/StepError.ts"
import type { TrackId } from "../library/trackItems.ts"
import { Analyser } from "./Analyser.ts"
import { trackAudio } from "./store.ts"

/**
 * The downloaded file of a track, as the analysis and waveform steps find it: its record
 * and where it is. A record without its file (deleted, a library moved without it) fails
 * the track for good, saying how to download it again.
 */
export const downloadedFile = (trackId: TrackId) =>
  Effect.gen(function*() {
    const analyser = yield* Analyser
    const audio = yield* Effect.orDie(trackAudio(trackId))
    if (audio === undefined) return yield* StepError.permanent("NoAudio", `track ${trackId} has no audio file any more`)
    const file = join(analyser.library, audio.path)
    const present = yield* Effect.promise(() => access(file).then(() => true, () => false))
    if (!present) {
      return yield* StepError.permanent(
        "AudioMissing",
        `${file} is gone from the library: \`crate reset audio --release-id ${audio.release_id}\` downloads it again`
      )
    }
    return { audio, file }
  })

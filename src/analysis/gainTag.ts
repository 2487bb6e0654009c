import { Effect } from "effect"
import { readFile, rename, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { fileDigest, fileError, workFolder } from "../library/files.ts"
import { extractPicture, ffmetadata, MediaToolFailed, readAudioTags, writeTags } from "../tools/ffmpeg.ts"
import { imageMime, pictureComment } from "../tools/picture.ts"
import type { MediaTools } from "./Analyser.ts"

// ffmpeg writes its own; an older gain is replaced.
const replaced = new Set(["encoder", "r128_track_gain"])

/**
 * Writes `R128_TRACK_GAIN` into an .opus file without re-encoding: the audio is copied with
 * every comment it had, and its cover (ffmpeg reads a METADATA_BLOCK_PICTURE as a picture
 * stream it cannot write back to Ogg, so the picture goes back in as that comment). The new
 * file replaces the old by a rename, and only if the old is still the one measured
 * (`expectedSha256`): a file re-downloaded meanwhile is left alone. Returns the file's new
 * digest, or undefined when it has that gain already and is the file on record (a run killed
 * after the rename left a tagged file whose record is older: its digest is returned then).
 */
export const writeGainTag = (tools: MediaTools, library: string, file: string, work: string, gain: string, expectedSha256: string) =>
  Effect.scoped(Effect.gen(function*() {
    const folder = yield* workFolder(library, work)
    const tags = yield* readAudioTags(tools.ffprobe.path, file)
    const current = Object.entries(tags.comments).find(([key]) => key.toLowerCase() === "r128_track_gain")?.[1]
    if (current === gain) {
      const digest = yield* fileDigest(file)
      return digest.sha256 === expectedSha256 ? undefined : digest
    }
    const comments: Array<readonly [string, string]> = Object.entries(tags.comments).filter(([key]) => !replaced.has(key.toLowerCase()))
    comments.push(["R128_TRACK_GAIN", gain])
    const mime = tags.picture === undefined ? undefined : imageMime(tags.picture.codec)
    if (tags.picture !== undefined && mime !== undefined) {
      const picture = join(folder, "cover")
      yield* extractPicture(tools.ffmpeg.path, file, picture)
      const data = yield* Effect.tryPromise({ try: () => readFile(picture), catch: fileError(picture, "read") })
      comments.push(["METADATA_BLOCK_PICTURE", pictureComment({ data, mime, width: tags.picture.width, height: tags.picture.height, depth: 24 })])
    }
    const metadata = join(folder, "tags.txt")
    yield* Effect.tryPromise({ try: () => writeFile(metadata, ffmetadata(comments)), catch: fileError(metadata, "write") })
    const tagged = join(folder, "tagged.opus")
    yield* writeTags(tools.ffmpeg.path, file, metadata, tagged)
    const digest = yield* fileDigest(tagged)
    if ((yield* fileDigest(file)).sha256 !== expectedSha256) {
      return yield* new MediaToolFailed({ message: `${file} changed while it was analysed` })
    }
    yield* Effect.tryPromise({ try: () => rename(tagged, file), catch: fileError(file, "replace") })
    return digest
  }))

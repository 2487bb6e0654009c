import { Effect } from "effect"
import { readFile } from "node:fs/promises"
import { probeImage } from "../tools/ffmpeg.ts"
import { imageMime, pictureComment } from "../tools/picture.ts"
import { findCover } from "./picture.ts"

/**
 * The release's cover as a METADATA_BLOCK_PICTURE comment, or undefined when the release
 * folder has no `cover.*` or it is not an image ffprobe can read (the audio is then tagged
 * without a picture rather than not downloaded).
 */
export const coverComment = (folder: string, ffprobe: string): Effect.Effect<string | undefined> =>
  Effect.gen(function*() {
    const path = yield* findCover(folder)
    if (path === undefined) return undefined
    const image = yield* Effect.option(probeImage(ffprobe, path))
    if (image._tag === "None") return undefined
    const mime = imageMime(image.value.codec)
    if (mime === undefined) return undefined
    const data = yield* Effect.option(Effect.tryPromise(() => readFile(path)))
    if (data._tag === "None") return undefined
    return pictureComment({ data: data.value, mime, width: image.value.width, height: image.value.height, depth: 24 })
  })

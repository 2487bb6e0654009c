import { Effect } from "effect"
import { readdir } from "node:fs/promises"
import { join } from "node:path"

export interface Picture {
  readonly data: Uint8Array
  readonly mime: string
  readonly width: number
  readonly height: number
  /** Bits per pixel. */
  readonly depth: number
}

const u32 = (n: number) => {
  const bytes = Buffer.alloc(4)
  bytes.writeUInt32BE(n >>> 0)
  return bytes
}

/**
 * A FLAC METADATA_BLOCK_PICTURE (type 3, front cover), base64: how Ogg files carry a cover,
 * as a Vorbis comment (https://xiph.org/flac/format.html#metadata_block_picture).
 */
export const pictureComment = (picture: Picture): string => {
  const mime = Buffer.from(picture.mime, "ascii")
  const description = Buffer.alloc(0)
  return Buffer.concat([
    u32(3),
    u32(mime.length),
    mime,
    u32(description.length),
    description,
    u32(picture.width),
    u32(picture.height),
    u32(picture.depth),
    u32(0), // colours used: 0 for pictures without a palette
    u32(picture.data.length),
    picture.data
  ]).toString("base64")
}

const coverName = /^cover\.(jpe?g|png|webp|gif)$/i
const preference = ["jpg", "jpeg", "png", "webp", "gif"]

/** The release's `cover.*` written by the covers step, if there is one (a JPEG first). */
export const findCover = (folder: string): Effect.Effect<string | undefined> =>
  Effect.promise(async () => {
    const names = await readdir(folder).catch(() => [] as Array<string>)
    const covers = names
      .filter((name) => coverName.test(name))
      .sort((a, b) => preference.indexOf(extension(a)) - preference.indexOf(extension(b)))
    return covers[0] === undefined ? undefined : join(folder, covers[0])
  })

const extension = (name: string) => name.slice(name.lastIndexOf(".") + 1).toLowerCase()

/** The MIME type of an image ffprobe read, by its codec. */
export const imageMime = (codec: string): string | undefined =>
  ({ mjpeg: "image/jpeg", png: "image/png", webp: "image/webp", gif: "image/gif" } as Record<string, string>)[codec]

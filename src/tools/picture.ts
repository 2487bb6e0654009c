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

/** The MIME type of an image ffprobe read, by its codec. */
export const imageMime = (codec: string): string | undefined =>
  ({ mjpeg: "image/jpeg", png: "image/png", webp: "image/webp", gif: "image/gif" } as Record<string, string>)[codec]

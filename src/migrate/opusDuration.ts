import { open } from "node:fs/promises"

const capture = Buffer.from("OggS")
const tailBytes = 65_536

/**
 * The playing time of an Ogg Opus file in seconds, read from its first page (OpusHead: the
 * pre-skip) and its last page (the granule position, in 48 kHz samples), without decoding
 * and without ffprobe. Undefined when the file is not Ogg Opus.
 */
export const opusDuration = async (path: string): Promise<number | undefined> => {
  const file = await open(path, "r")
  try {
    const { size } = await file.stat()
    const head = Buffer.alloc(Math.min(size, 512))
    await file.read(head, 0, head.length, 0)
    if (!head.subarray(0, 4).equals(capture)) return undefined
    const segments = head[26] ?? 0
    const payload = 27 + segments
    if (head.toString("latin1", payload, payload + 8) !== "OpusHead") return undefined
    const preSkip = head.readUInt16LE(payload + 10)

    const start = Math.max(0, size - tailBytes)
    const tail = Buffer.alloc(size - start)
    await file.read(tail, 0, tail.length, start)
    const last = tail.lastIndexOf(capture)
    if (last < 0 || last + 14 > tail.length) return undefined
    const granule = tail.readBigInt64LE(last + 6)
    if (granule < 0n) return undefined
    return Math.max(0, Number(granule) - preSkip) / 48_000
  } finally {
    await file.close()
  }
}

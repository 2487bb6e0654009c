/** What the first bytes of a body say it is. The file extension follows this, never the URL. */
export interface ImageType {
  readonly extension: "jpg" | "png" | "webp" | "gif"
  readonly mime: string
}

const startsWith = (bytes: Uint8Array, signature: ReadonlyArray<number>, offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((byte, i) => bytes[offset + i] === byte)

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0))

export const sniffImageType = (bytes: Uint8Array): ImageType | undefined => {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { extension: "jpg", mime: "image/jpeg" }
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { extension: "png", mime: "image/png" }
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return { extension: "webp", mime: "image/webp" }
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) return { extension: "gif", mime: "image/gif" }
  return undefined
}

/** How a body that is not an image looks, in a few words for an error message. */
export const describeBody = (bytes: Uint8Array): string => {
  if (bytes.length === 0) return "an empty body"
  const head = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(0, 512)).replace(/^\uFEFF/, "").trimStart()
  if (/^<(!doctype html|html|head|body)\b/i.test(head)) return `an HTML page (${bytes.length} bytes)`
  if (/^[{[]/.test(head)) return `JSON (${bytes.length} bytes)`
  const hex = [...bytes.subarray(0, 8)].map((byte) => byte.toString(16).padStart(2, "0")).join(" ")
  return `${bytes.length} bytes starting ${hex}`
}

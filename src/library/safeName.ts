/** Longest folder or file name we write, in UTF-8 bytes: under every common filesystem's 255. */
export const maxNameBytes = 180

const byteLength = (text: string) => Buffer.byteLength(text, "utf8")

/** Cuts at a whole character (never inside a UTF-8 sequence or a surrogate pair) to fit `maxBytes`. */
const cutToBytes = (text: string, maxBytes: number): string => {
  if (byteLength(text) <= maxBytes) return text
  let out = ""
  for (const char of text) {
    if (byteLength(out + char) > maxBytes) break
    out += char
  }
  return out
}

/**
 * Makes text safe as one path segment on Linux, macOS and Windows/exFAT drives: NFC, no
 * separators, NUL or control characters, none of `<>:"|?*`, no leading or trailing dots
 * or spaces (so never "." or ".."), at most `maxBytes` bytes. Never empty.
 */
export const safeName = (text: string, maxBytes = maxNameBytes, fallback = "untitled"): string => {
  const cleaned = text
    .normalize("NFC")
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, "")
    .replace(/[/\\<>:"|?*]/g, "_")
    .replace(/\s+/g, " ")
  const trimmed = (value: string) => value.replace(/^[\s.]+|[\s.]+$/g, "")
  const result = trimmed(cutToBytes(trimmed(cleaned), maxBytes))
  return result === "" ? fallback : result
}

/** `<Artist> - <Title> [<release_id>]`, with the id always kept whole however long the rest is. */
export const releaseFolderName = (artist: string, title: string, releaseId: number): string => {
  const suffix = ` [${releaseId}]`
  const head = safeName(`${artist} - ${title}`, maxNameBytes - byteLength(suffix), "release")
  return `${head}${suffix}`
}

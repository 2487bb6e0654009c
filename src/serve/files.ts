import { realpath } from "node:fs/promises"
import { extname, isAbsolute, join, relative, resolve } from "node:path"

const types: Record<string, string> = {
  ".opus": "audio/ogg",
  ".ogg": "audio/ogg",
  ".m4a": "audio/mp4",
  ".mp3": "audio/mpeg",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".png": "image/png",
  ".webp": "image/webp",
  ".gif": "image/gif",
  ".json": "application/json",
  ".m3u8": "audio/mpegurl"
}

export const contentType = (path: string): string => types[extname(path).toLowerCase()] ?? "application/octet-stream"

const inside = (root: string, path: string) => {
  const rel = relative(root, path)
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel)
}

/**
 * The real path of a file the library holds, from its path relative to the library (as the
 * database stores it and URLs carry it), or null: a path that leaves the library, by `..` or
 * by a link pointing outside, is treated as not there.
 */
export const libraryFile = async (library: string, wanted: string): Promise<string | null> => {
  if (wanted.includes("\0")) return null
  const root = resolve(library)
  const path = resolve(join(root, wanted))
  if (!inside(root, path)) return null
  try {
    const [realRoot, real] = await Promise.all([realpath(root), realpath(path)])
    return inside(realRoot, real) ? real : null
  } catch {
    return null
  }
}

/** The URL of a library file, each segment encoded ("#" and "?" are common in release folders). */
export const fileUrl = (relativePath: string): string => `/files/${relativePath.split(/[\\/]/).map(encodeURIComponent).join("/")}`

export type ByteRange = { readonly start: number; readonly end: number } | "unsatisfiable" | null

/** One `Range: bytes=…` of a file of `size` bytes (end included); null when absent or not one range (the whole file is sent). */
export const byteRange = (header: string | undefined, size: number): ByteRange => {
  const match = /^bytes=(\d*)-(\d*)$/.exec((header ?? "").trim())
  if (match === null) return null
  const [, from, to] = match
  if (from === "" && to === "") return null
  if (from === "") {
    const suffix = Number(to)
    return suffix === 0 ? "unsatisfiable" : { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(from)
  const end = to === "" ? size - 1 : Math.min(Number(to), size - 1)
  return start >= size || end < start ? "unsatisfiable" : { start, end }
}

import type { ImageType } from "./imageType.ts"

export interface ImageToName {
  readonly position: number
  /** Discogs' type: "primary" or "secondary". */
  readonly type: string
  readonly extension: ImageType["extension"]
}

/**
 * Names each image: `cover.<ext>` for the primary one (the first Discogs types "primary",
 * else simply the first), `cover_2.<ext>`, `cover_3.<ext>`, … for the others in Discogs
 * order (position). Returns the images in that order.
 */
export const nameCovers = <A extends ImageToName>(images: ReadonlyArray<A>): ReadonlyArray<{ readonly image: A; readonly name: string }> => {
  const ordered = [...images].sort((a, b) => a.position - b.position)
  const primary = ordered.find((image) => image.type === "primary") ?? ordered[0]
  const others = ordered.filter((image) => image !== primary)
  return [
    ...(primary === undefined ? [] : [{ image: primary, name: `cover.${primary.extension}` }]),
    ...others.map((image, i) => ({ image, name: `cover_${i + 2}.${image.extension}` }))
  ]
}

/** A name this step may have written, and so may remove when a later download no longer has it. */
export const isCoverFileName = (name: string): boolean => /^cover(_\d+)?\.(jpg|png|webp|gif)$/.test(name)

import { readFileSync } from "node:fs"
import { join } from "node:path"
import { packageRoot } from "../packageRoot.ts"

/** Absolute path of test/fixtures/images (tiny real images made with ffmpeg; see SOURCES.md). */
export const imageFixturesDir: string = join(packageRoot, "test/fixtures/images")

/** What the fake image server serves, by a release image's position: a JPEG, a PNG, a WEBP, then JPEGs. */
export const IMAGE_FIXTURES = ["cover-64.jpg", "label-32.png", "inner-40.webp", "back-48.jpg"] as const
export type ImageFixture = (typeof IMAGE_FIXTURES)[number]

export const fixtureFor = (position: number): ImageFixture => IMAGE_FIXTURES[Math.min(position, IMAGE_FIXTURES.length - 1)]!

export const loadImageFixtures = (): ReadonlyMap<ImageFixture, Buffer> =>
  new Map(IMAGE_FIXTURES.map((name) => [name, readFileSync(join(imageFixturesDir, name))]))

/** The bytes served for image `position` of any release. */
export const imageBytes = (position: number): Buffer => readFileSync(join(imageFixturesDir, fixtureFor(position)))

/**
 * Where the fake serves image `position` of a release. It ends in `.jpeg`, as Discogs' URLs
 * do, whatever the image really is: a client must read the type from the bytes.
 */
export const imagePath = (releaseId: number, position: number): string => `/images/R-${releaseId}-${position}.jpeg`

export const IMAGE_PATH = /^\/images\/R-(\d+)-(\d+)\.jpeg$/

type Json = Record<string, unknown>

/**
 * A copy of `releases` (GET /releases/{id} bodies) whose images point at the fake image
 * server at `url` (the recorded bodies point at i.discogs.com, or are relative). The bodies
 * are copied at the top level and the `images` array is new: the originals are not touched.
 */
export const pointImagesAt = (releases: ReadonlyMap<number, unknown>, url: string): Map<number, unknown> =>
  new Map([...releases].map(([id, body]) => {
    const release = body as Json
    if (!Array.isArray(release["images"])) return [id, body]
    const images = (release["images"] as Array<Json>).map((image, position) => ({
      ...image,
      uri: `${url}${imagePath(id, position)}`,
      uri150: `${url}${imagePath(id, position)}`
    }))
    return [id, { ...release, images }]
  }))

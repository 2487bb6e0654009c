import { Effect } from "effect"
import { createHash } from "node:crypto"
import { join, relative } from "node:path"
import { CrateConfig } from "../config/Config.ts"
import { nowIso } from "../engine/clock.ts"
import { StepError } from "../engine/StepError.ts"
import { releaseFolder } from "../library/releaseFolder.ts"
import type { DownloadedImage } from "./download.ts"
import { fileFailure } from "./errors.ts"
import { nameCovers } from "./fileNames.ts"
import type { CoverFile } from "./store.ts"
import { writeCovers } from "./writeCovers.ts"

/** Writes a release's downloaded images into its library folder; returns what to record of each. */
export const placeCovers = (releaseId: number, images: ReadonlyArray<DownloadedImage>) =>
  Effect.gen(function*() {
    const { library } = yield* CrateConfig
    const folder = yield* releaseFolder(releaseId).pipe(
      Effect.catchTags({
        SqlError: (error) => Effect.fail(StepError.database(error)),
        FileError: (error) => Effect.fail(fileFailure(error))
      })
    )
    const covers = nameCovers(images.map((image) => ({ ...image, extension: image.imageType.extension })))
    yield* Effect.mapError(writeCovers(library, folder, covers.map(({ image, name }) => ({ name, bytes: image.bytes }))), fileFailure)
    const downloadedAt = yield* nowIso
    return covers.map(({ image, name }): CoverFile => ({
      position: image.position,
      file_path: relative(library, join(folder, name)),
      bytes: image.bytes.byteLength,
      sha256: createHash("sha256").update(image.bytes).digest("hex"),
      downloaded_at: downloadedAt,
      downloaded_uri: image.uri
    }))
  })

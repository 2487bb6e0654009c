import type { SqlClient } from "@effect/sql"
import { Effect } from "effect"
import { CrateConfig } from "../config/Config.ts"
import { refuseUrl } from "../config/urlPolicy.ts"
import { DiscogsApi } from "../discogs/DiscogsApi.ts"
import { toStepError } from "../discogs/DiscogsError.ts"
import { StepError } from "../engine/StepError.ts"
import { release, reserveImages, spendOne } from "./budget.ts"
import { budgetSpent, notAnImage, overBudget } from "./errors.ts"
import { type ImageType, sniffImageType } from "./imageType.ts"
import type { ListedImage } from "./store.ts"

export interface DownloadedImage extends ListedImage {
  readonly bytes: Uint8Array
  readonly imageType: ImageType
}

/**
 * Fetches every image of a release into memory, one after another, before anything is
 * written: a release whose images cannot all be fetched leaves no file behind. The images
 * are taken from today's budget first, all together, so a release is never half-fetched
 * for want of budget; the ones never requested (the item failed or stopped) are given back.
 */
export const downloadImages = (
  releaseId: number,
  images: ReadonlyArray<ListedImage>
): Effect.Effect<ReadonlyArray<DownloadedImage>, StepError, DiscogsApi | CrateConfig | SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const api = yield* DiscogsApi
    const config = yield* CrateConfig
    const perDay = config.discogs.imagesPerDay
    if (images.length > perDay) return yield* overBudget(releaseId, images.length, perDay)
    const reservation = yield* Effect.mapError(reserveImages(images.length, perDay), StepError.database)
    if (reservation === undefined) return yield* budgetSpent(perDay)

    const fetchOne = (image: ListedImage) =>
      Effect.gen(function*() {
        const resource = `image ${image.position + 1} of release ${releaseId}`
        const refused = refuseUrl(config, image.uri)
        if (refused !== null) return yield* StepError.permanent("UrlRefused", `${resource}: ${refused}`)
        yield* Effect.mapError(spendOne(reservation), StepError.database)
        const bytes = yield* Effect.mapError(api.image(image.uri, resource, (url) => refuseUrl(config, url)), toStepError)
        const imageType = sniffImageType(bytes)
        if (imageType === undefined) return yield* notAnImage(resource, bytes)
        return { ...image, bytes, imageType }
      })
    return yield* Effect.forEach(images, fetchOne).pipe(Effect.ensuring(Effect.ignore(release(reservation))))
  })

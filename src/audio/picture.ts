import { Effect } from "effect"
import { readdir } from "node:fs/promises"
import { join } from "node:path"

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

import { Effect } from "effect"
import { join } from "node:path"
import { CrateConfig } from "../config/Config.ts"
import { writeFileAtomic } from "../library/files.ts"
import { releaseFolder } from "../library/releaseFolder.ts"
import { matchesFile, matchesFileName } from "./matchFile.ts"
import type { ReleaseToMatch } from "./store.ts"

/** Writes yt_matches.json into the release's folder (created if needed), all or nothing. */
export const writeMatchesFile = (release: ReleaseToMatch, fresh: Parameters<typeof matchesFile>[1], at: string) =>
  Effect.gen(function*() {
    const config = yield* CrateConfig
    const folder = yield* releaseFolder(release.releaseId)
    const text = JSON.stringify(matchesFile(release, fresh, at), null, 2) + "\n"
    yield* writeFileAtomic(config.library, join(folder, matchesFileName), text)
  })

import { Command, Options } from "@effect/cli"
import { Console, Effect, Option, Redacted } from "effect"
import { resolve } from "node:path"
import * as Config from "../../config/Config.ts"
import { demoCollection, loadRecordedReleases, startFakeDiscogs } from "../../fakes/discogs-server.ts"
import { runPipeline } from "../runPipeline.ts"

const demoToken = "demo-token"

/** A fake Discogs on loopback serving the bundled recordings, for as long as the scope lasts. */
const fakeDiscogs = Effect.acquireRelease(
  Effect.promise(() => {
    const releases = loadRecordedReleases()
    return startFakeDiscogs({ releases, collection: demoCollection(releases), username: "demo", token: demoToken, rateLimit: { limit: 600, windowMs: 60_000 } })
  }),
  (fake) => Effect.promise(() => fake.close())
)

export const demo = Command.make(
  "demo",
  {
    dir: Options.text("dir").pipe(Options.withDescription("where to put the demo database and library"), Options.withDefault("crate-demo"))
  },
  ({ dir }) =>
    Effect.scoped(Effect.gen(function*() {
      const folder = resolve(dir)
      const fake = yield* fakeDiscogs
      const defaults = yield* Config.load({ cwd: folder, env: {} })
      const config: Config.ResolvedConfig = {
        ...defaults,
        discogs: { ...defaults.discogs, username: "demo", token: Redacted.make(demoToken), apiUrl: fake.url, requestsPerMinute: 600 }
      }
      yield* Console.log(`crate demo: a fake Discogs on ${fake.url} serves a recorded collection of ${demoCollection(loadRecordedReleases()).length} records.\n`)
      const flags = { only: [], max: Option.none(), releaseIds: [], retryFailed: false, refresh: false, json: false }
      yield* runPipeline(config, "metadata", flags, "crate demo")
      yield* Console.log(
        `\nThe collection is in ${config.database}. Look inside:\n` +
          `  sqlite3 ${config.database} "SELECT release_id, title, year FROM releases"\n` +
          "Run `crate demo` again: it continues where it stopped and fetches nothing twice."
      )
    }))
).pipe(Command.withDescription("Run crate end to end against a fake Discogs on loopback with recorded data: no account needed."))

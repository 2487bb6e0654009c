import { SqlClient } from "@effect/sql"
import { Effect, Option, Redacted, Schema } from "effect"
import { createHash } from "node:crypto"
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative } from "node:path"
import { servicesLayer } from "../../src/cli/services.ts"
import { covers } from "../../src/covers/step.ts"
import * as Config from "../../src/config/Config.ts"
import { normalizeRelease } from "../../src/discogs/normalize.ts"
import { DiscogsRelease } from "../../src/discogs/schema.ts"
import type { RunEvent, RunSummary } from "../../src/engine/events.ts"
import * as Pipeline from "../../src/engine/Pipeline.ts"
import * as Runner from "../../src/engine/Runner.ts"
import { writeRelease } from "../../src/library/releaseStore.ts"
import { query } from "./db.ts"

export const COVERS_TOKEN = "covers-token-8e21"

/** Every file under `dir`, relative to it, sorted (directories not listed); the sync's metadata.json files are left out. */
export const filesUnder = (dir: string): Array<string> => {
  if (!existsSync(dir)) return []
  const out: Array<string> = []
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name)
      if (statSync(path).isDirectory()) walk(path)
      else if (name !== "metadata.json") out.push(relative(dir, path))
    }
  }
  walk(dir)
  return out.sort()
}

export const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex")

export interface ImageRecord {
  readonly release_id: number
  readonly position: number
  readonly type: string
  readonly uri: string
  readonly file_path: string | null
  readonly bytes: number | null
  readonly sha256: string | null
  readonly downloaded_at: string | null
  readonly downloaded_uri: string | null
}

export const imageRows = (db: string, releaseId?: number): Array<ImageRecord> =>
  releaseId === undefined
    ? query<ImageRecord>(db, "SELECT * FROM images ORDER BY release_id, position")
    : query<ImageRecord>(db, "SELECT * FROM images WHERE release_id = ? ORDER BY position", releaseId)

/** The configuration of a test dir, pointed at the fakes: fast retries, no pacing worth the name. */
export const coversConfig = (dir: string, apiUrl: string, overrides: Partial<Config.ResolvedConfig["discogs"]> = {}) =>
  Effect.runPromise(Config.load({ cwd: dir, env: { CRATE_DB: join(dir, "discogs_collection.db"), CRATE_LIBRARY: join(dir, "library") } })).then((base): Config.ResolvedConfig => ({
    ...base,
    discogs: {
      ...base.discogs,
      token: Redacted.make(COVERS_TOKEN),
      apiUrl,
      requestsPerMinute: 60_000,
      retry: { times: 2, base: "5 millis" },
      ...overrides
    },
    // The fakes serve from loopback.
    network: { allowedHosts: [...base.network.allowedHosts, "127.0.0.1", "localhost"] }
  }))

/** Stores release bodies as phase 1 would (without a fake Discogs). */
export const seedReleases = (config: Config.ResolvedConfig, releases: ReadonlyMap<number, unknown>, syncedAt = "2024-01-01T00:00:00.000Z") =>
  Effect.runPromise(Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    for (const body of releases.values()) {
      yield* sql.withTransaction(writeRelease(normalizeRelease(Schema.decodeUnknownSync(DiscogsRelease)(body)), syncedAt))
    }
  }).pipe(Effect.provide(servicesLayer(config))))

/** The assets pipeline with only its covers step: what `--only covers` runs, without the other steps' services. */
export const coversOnly = Pipeline.make("assets", [covers])

export interface CoversRun {
  readonly summary: Option.Option<RunSummary>
  readonly error: string | undefined
  readonly events: ReadonlyArray<RunEvent>
}

/** `crate run assets --only covers` in this process, with the real services. */
export const runCovers = (
  config: Config.ResolvedConfig,
  options: { readonly items?: ReadonlyArray<string>; readonly refresh?: boolean; readonly retryFailed?: boolean; readonly concurrency?: number } = {}
): Promise<CoversRun> => {
  const events: Array<RunEvent> = []
  return Effect.runPromise(
    Runner.run(coversOnly, {
      command: "crate run assets --only covers",
      only: ["covers"],
      selection: { items: options.items ?? [], refresh: options.refresh ?? false, flags: new Set() },
      retryFailed: options.retryFailed ?? false,
      policy: () => ({ enabled: true, concurrency: options.concurrency ?? 2, retry: { times: 2, base: "5 millis" } }),
      onEvent: (event) => Effect.sync(() => events.push(event))
    }).pipe(
      Effect.provide(servicesLayer(config)),
      Effect.match({
        onSuccess: (summary) => ({ summary: Option.some(summary), error: undefined, events }),
        onFailure: (error) => ({ summary: Option.none(), error: error.message, events })
      })
    )
  )
}

/** The bytes of a library file, by the path `images.file_path` records. */
export const readLibraryFile = (library: string, filePath: string) => readFileSync(join(library, filePath))

import { readFileSync } from "node:fs"
import { join } from "node:path"
import { packageRoot } from "../packageRoot.ts"
import type { CollectionEntry } from "./discogs-collection.ts"

/** Absolute path of test/fixtures/discogs. */
export const fixturesDir: string = join(packageRoot, "test/fixtures/discogs")

export const RECORDED_RELEASE_IDS = [1, 2, 3, 1503102, 8604223, 11578434, 16004480] as const

/** The recorded GET /releases/{id} bodies, by ascending id. */
export const loadRecordedReleases = (): Map<number, unknown> =>
  new Map(
    RECORDED_RELEASE_IDS.map((id) => [id, JSON.parse(readFileSync(join(fixturesDir, "releases", `${id}.json`), "utf8"))])
  )

const START = Date.parse("2020-01-01T10:00:00-08:00")
const HOUR = 3_600_000
const DAY = 24 * HOUR

/** Discogs-style timestamp in a fixed -08:00 offset, e.g. "2020-01-01T10:00:00-08:00". */
const discogsDate = (ms: number): string => new Date(ms - 8 * HOUR).toISOString().slice(0, 19) + "-08:00"

/** The release owned twice in the demo collection (a second copy in folder 2). */
export const DEMO_DUPLICATE_RELEASE_ID = 1503102

/**
 * One entry per release (instance ids 1000+i, folder 1, one day apart, ratings 0..5), then a second
 * copy of release 1503102 in folder 2 when that release is present.
 */
export const demoCollection = (releases: ReadonlyMap<number, unknown>): Array<CollectionEntry> => {
  const entries: Array<CollectionEntry> = [...releases.keys()].map((releaseId, i) => ({
    instanceId: 1000 + i,
    releaseId,
    folderId: 1,
    dateAdded: discogsDate(START + i * DAY),
    rating: i % 6
  }))
  if (releases.has(DEMO_DUPLICATE_RELEASE_ID)) {
    const n = entries.length
    entries.push({
      instanceId: 1000 + n,
      releaseId: DEMO_DUPLICATE_RELEASE_ID,
      folderId: 2,
      dateAdded: discogsDate(START + n * DAY),
      rating: 5
    })
  }
  return entries
}

type Json = Record<string, unknown>

const rewriteId = (value: unknown, segment: string, from: number, to: number): unknown =>
  typeof value === "string" ? value.replace(`/${segment}/${from}`, `/${segment}/${to}`) : value

/**
 * `count` releases cloned round-robin from the recorded ones, ids from `startId`, titles suffixed
 * " #n" (1-based). Only the top level is copied: nested arrays and objects are shared between
 * clones (and with the recorded release), so 50k of them stay cheap. Treat them as read-only.
 */
export const syntheticReleases = (count: number, startId = 5_000_000): Map<number, unknown> => {
  const bases = [...loadRecordedReleases().values()] as Array<Json>
  const out = new Map<number, unknown>()
  for (let n = 0; n < count; n++) {
    const base = bases[n % bases.length] as Json
    const from = base["id"] as number
    const id = startId + n
    const clone: Json = { ...base, id, title: `${String(base["title"])} #${n + 1}` }
    clone["resource_url"] = rewriteId(base["resource_url"], "releases", from, id)
    if ("uri" in base) clone["uri"] = rewriteId(base["uri"], "release", from, id)
    out.set(id, clone)
  }
  return out
}

/** One entry per release in map order: instance ids from 1_000_000, folder 1, an hour apart. */
export const syntheticCollection = (releases: ReadonlyMap<number, unknown>): Array<CollectionEntry> =>
  [...releases.keys()].map((releaseId, i) => ({
    instanceId: 1_000_000 + i,
    releaseId,
    folderId: 1,
    dateAdded: discogsDate(START + i * HOUR),
    rating: i % 6
  }))

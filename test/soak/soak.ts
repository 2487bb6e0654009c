// `npm run soak [-- --releases N --seed S]`: drives the real CLI through both pipelines over a
// synthetic collection against the loopback fakes with faults on, killing it with SIGKILL at
// random points and starting it again until it reports nothing pending; then checks that
// every item is done or failed with a reason, that what succeeded equals a fault-free run,
// that no file is partial or orphaned, and that nothing was fetched twice beyond what the
// faults and kills caused. Exits 1 when any of that does not hold.
import { parseArgs } from "node:util"
import { join } from "node:path"
import { syntheticCollection, syntheticReleases } from "../../src/fakes/discogs-server.ts"
import { mulberry32 } from "../../src/fakes/faults.ts"
import { startCli } from "../support/cli.ts"
import { query } from "../support/db.ts"
import { differences, doneItems, failuresByReason, libraryProblems, unaccounted } from "./checks.ts"
import { soakReleases, type SoakWorld, startSoakWorld } from "./world.ts"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"

const { values } = parseArgs({
  options: {
    releases: { type: "string", default: "2000" },
    seed: { type: "string", default: "7" },
    "audio-every": { type: "string", default: "50" },
    "max-kills": { type: "string", default: "12" }
  }
})
const size = Number(values.releases)
const seed = Number(values.seed)
const maxKills = Number(values["max-kills"])
const random = mulberry32(seed + 1)
const started = performance.now()

const fast = { times: 3, base: "20 millis" }
const config = {
  // Far above what the soak fetches: the daily image budget has its own tests.
  discogs: { requestsPerMinute: 1e6, retry: fast, imagesPerDay: 1e6 },
  youtube: { requestsPerMinute: 1e6, cooldown: "200 millis" },
  audio: { sleepSeconds: 0, cooldown: "200 millis" },
  // Tempo and key of 10 s of each track: the soak is about kills and resumes, not Essentia's speed.
  analysis: { windowSeconds: 10 },
  pipelines: {
    metadata: { steps: { collection: { retry: fast }, release: { retry: fast, concurrency: 4 } } },
    assets: { steps: { covers: { retry: fast, concurrency: 4 }, youtube: { retry: fast, concurrency: 2 }, audio: { retry: fast, concurrency: 2 } } }
  }
}

const workspace = () => {
  const dir = mkdtempSync(join(tmpdir(), "crate-soak-"))
  writeFileSync(join(dir, "pipeline.config.mjs"), `export default ${JSON.stringify(config)}\n`)
  return { dir, db: join(dir, "discogs_collection.db"), library: join(dir, "library") }
}

interface Outcome {
  readonly killed: boolean
  readonly code: number | null
  readonly remaining: number
  readonly failed: number
  readonly stderr: string
}

/** One CLI run; killed with SIGKILL after `killAfter` requests to the fakes, if given. */
const runOnce = async (world: SoakWorld, cwd: string, pipeline: string, killAfter?: number): Promise<Outcome> => {
  const cli = startCli(["run", pipeline, "--json"], { cwd, env: world.env })
  let seen = 0
  const stop = world.onAnyRequest(() => {
    if (killAfter !== undefined && ++seen === killAfter) cli.child.kill("SIGKILL")
  })
  const result = await cli.done
  stop()
  // A response held back when the process died is recorded when it is sent: count it with this run.
  await world.discogs.settled()
  const finished = result.stdout.split("\n").filter((line) => line.includes('"RunFinished"')).map((line) => JSON.parse(line) as {
    summary: { steps: Array<{ remaining: number; failed: number }> }
  }).at(-1)
  const remaining = finished?.summary.steps.reduce((n, step) => n + step.remaining, 0) ?? Number.NaN
  const failed = finished?.summary.steps.reduce((n, step) => n + step.failed, 0) ?? 0
  // Exit 1 with a summary: failures were recorded (or the run stopped because a service looked down); the next run goes on.
  const code = result.code === 1 && finished !== undefined ? 0 : result.code
  return { killed: result.signal === "SIGKILL", code, remaining, failed, stderr: result.stderr }
}

const okFetches = (paths: ReadonlyArray<{ path: string; status: number; fault?: unknown }>, prefix: string) => {
  const counts = new Map<string, number>()
  for (const r of paths) if (r.path.startsWith(prefix) && r.status === 200 && r.fault === undefined) counts.set(r.path, (counts.get(r.path) ?? 0) + 1)
  return counts
}

const releases = soakReleases(syntheticReleases(size), Number(values["audio-every"]))
// The collection changes after the first run: 2% of it sold, 3% bought (the newest). The
// fault-free run knows only the final collection.
const everything = syntheticCollection(releases)
const bought = new Set(everything.slice(-Math.max(1, Math.floor(everything.length * 0.03))).map((entry) => entry.instanceId))
const sold = new Set(everything.filter((entry) => !bought.has(entry.instanceId) && random() < 0.02).map((entry) => entry.instanceId))
const before = everything.filter((entry) => !bought.has(entry.instanceId))
const after = everything.filter((entry) => !sold.has(entry.instanceId))

// The fault-free reference.
const reference = workspace()
const calm = await startSoakWorld(releases, { faults: false, seed, collection: after })
for (const pipeline of ["metadata", "assets"]) {
  const outcome = await runOnce(calm, reference.dir, pipeline)
  if (outcome.code !== 0 || outcome.failed > 0) throw new Error(`the fault-free ${pipeline} run failed: ${outcome.stderr}`)
}
await calm.close()

// The soak.
const soak = workspace()
const world = await startSoakWorld(releases, { faults: true, seed, collection: before })
let kills = 0
let runs = 0
// Fetches a kill made necessary: answered, but their item was not committed when the process died.
const lostToKills = new Map<string, number>()
const account = (fromDiscogs: number, fromImages: number) => {
  const synced = doneItems(soak.db, "release")
  for (const [path] of okFetches(world.discogs.requests.slice(fromDiscogs), "/releases/")) {
    if (!synced.has(path.split("/")[2]!)) lostToKills.set(path, (lostToKills.get(path) ?? 0) + 1)
  }
  const covered = doneItems(soak.db, "covers")
  for (const [path] of okFetches(world.images.requests.slice(fromImages), "/")) {
    const releaseId = /(\d+)/.exec(path)?.[1]
    if (releaseId !== undefined && !covered.has(releaseId)) lostToKills.set(path, (lostToKills.get(path) ?? 0) + 1)
  }
}

let complete = false
while (!complete && runs < 60) {
  let clean = true
  for (const pipeline of ["metadata", "assets"]) {
    for (;;) {
      // Until the kills are used up, every run is killed after a random number of requests
      // (if it lasts that long); after that, runs go to the end.
      const kill = kills < maxKills ? 20 + Math.floor(random() * 300) : undefined
      const marks = [world.discogs.requests.length, world.images.requests.length] as const
      const outcome = await runOnce(world, soak.dir, pipeline, kill)
      runs++
      if (runs === 1) world.discogs.setCollection(after)
      if (outcome.killed) {
        kills++
        account(...marks)
        clean = false
        continue
      }
      if (outcome.code !== 0) throw new Error(`crate run ${pipeline} failed: ${outcome.stderr}`)
      if (outcome.remaining !== 0) clean = false
      break
    }
  }
  complete = clean
}
await world.close()

const problems: Array<string> = []
if (!complete) problems.push("still pending work after 60 runs")
problems.push(...unaccounted(soak.db), ...differences(soak.db, reference.db))
const soldNotRemoved = query<{ n: number }>(soak.db, `SELECT count(*) AS n FROM collection_items WHERE removed_at IS NULL
  AND instance_id IN (SELECT value FROM json_each(?))`, JSON.stringify([...sold]))[0]!.n
if (soldNotRemoved > 0) problems.push(`${soldNotRemoved} sold record(s) not marked removed`)
const synced = doneItems(soak.db, "release")
const boughtNotSynced = after.filter((entry) => bought.has(entry.instanceId) && !synced.has(String(entry.releaseId))).length
if (boughtNotSynced > 0) problems.push(`${boughtNotSynced} bought record(s) never synced`)
const disallowed = world.images.requests.filter((request) => request.host?.startsWith("localhost")).length
if (disallowed > 0) problems.push(`${disallowed} request(s) reached a host that is not allowed`)
const files = libraryProblems(soak.db, soak.library)
problems.push(...files.partial.map((file) => `partial file ${file}`), ...files.orphans.map((file) => `orphaned file ${file}`))

const duplicates = (counts: Map<string, number>) =>
  [...counts].reduce((n, [path, count]) => n + Math.max(0, count - 1 - (lostToKills.get(path) ?? 0)), 0)
const duplicateReleases = duplicates(okFetches(world.discogs.requests, "/releases/"))
const duplicateImages = duplicates(okFetches(world.images.requests, "/"))
if (duplicateReleases + duplicateImages > 0) problems.push(`${duplicateReleases} release and ${duplicateImages} image fetch(es) repeated beyond what faults and kills caused`)

const count = (sql: string) => query<{ n: number }>(soak.db, sql)[0]!.n
console.log(`soak: ${size} releases (seed ${seed}), ${runs} runs, ${kills} kills (SIGKILL), ${runs - 1} restarts, ${((performance.now() - started) / 1000).toFixed(0)} s`)
console.log(`  faults injected: ${Object.entries(world.faultsInjected()).map(([k, v]) => `${v} ${k}`).join(", ")}`)
console.log(`  done: ${["release", "covers", "youtube", "audio", "analysis", "waveform"].map((step) => `${step} ${doneItems(soak.db, step).size}`).join(", ")}; ` +
  `tracks matched ${count("SELECT count(*) AS n FROM youtube_matches WHERE video_id IS NOT NULL")}, audio files ${count("SELECT count(*) AS n FROM audio_files")}`)
console.log(`  failed by reason: ${failuresByReason(soak.db).map((row) => `${row.step} ${row.error_reason} ${row.n}`).join(", ") || "none"}`)
console.log(`  re-fetched after kills (in flight when killed): ${[...lostToKills.values()].reduce((a, b) => a + b, 0)}; duplicates beyond faults and kills: ${duplicateReleases + duplicateImages} (goal 0)`)
console.log(`  library: ${files.files} files, ${files.partial.length} partial (goal 0), ${files.orphans.length} orphaned (goal 0)`)
if (problems.length > 0) {
  console.log(`soak FAILED:\n${problems.map((p) => `  - ${p}`).join("\n")}`)
  console.log(`  (kept for inspection: ${soak.dir} and ${reference.dir})`)
  process.exit(1)
}
rmSync(soak.dir, { recursive: true, force: true })
rmSync(reference.dir, { recursive: true, force: true })
console.log("soak: 1 passed, 0 failed")

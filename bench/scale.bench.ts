// Scale (issue #7): peak memory of `crate run metadata` syncing a 50,000-release collection
// against the one for 5,000 (goal: under 150 MB and flat, within 20%), and the wall time of
// a no-op run of both pipelines over the synced 50,000.
import Database from "better-sqlite3"
import { existsSync } from "node:fs"
import { join } from "node:path"
import { startFakeDiscogs, syntheticCollection, syntheticReleases } from "../src/fakes/discogs-server.ts"
import { fmt, removeDir, scratchDir, seconds, timeCli, writeConfig } from "./support.ts"

const TOKEN = "bench-token"
const gnuTime = "/usr/bin/time"

/**
 * Phase 2 for 50,000 releases would take hours against the fakes: its outcome is written
 * directly instead (flags set, every track decided, its file recorded, analysed and drawn), so
 * that the timed run of `crate run assets` has the whole database to look through, tracks
 * included, and nothing to do.
 */
const markAssetsDone = (path: string) => {
  const db = new Database(path)
  const at = "'2026-01-01T00:00:00Z'"
  db.exec(`UPDATE releases SET covers_downloaded = 1, youtube_matched = 1, audio_downloaded = 1;
    INSERT INTO youtube_matches (track_id, score, matched_at) SELECT track_id, 0, ${at} FROM tracks;
    INSERT INTO audio_files (track_id, path, codec, duration_seconds, bytes, sha256, video_url, downloaded_at)
      SELECT track_id, 'r/' || track_id || '.opus', 'opus', 200, 1000, 'sha' || track_id, 'https://www.youtube.com/watch?v=x', ${at} FROM tracks;
    INSERT INTO audio_analysis (track_id, bpm, key, camelot, audio_sha256, analyser, analyzed_at)
      SELECT track_id, 120, 'A minor', '8A', 'sha' || track_id, 'essentia.js 0.1.3, ffmpeg', ${at} FROM tracks;
    INSERT INTO waveforms (track_id, json_path, png_path, samples_per_pixel, length, audio_sha256, made_at)
      SELECT track_id, 'r/w.json', 'r/w.png', 2205, 100, 'sha' || track_id, ${at} FROM tracks`)
  db.close()
}

const sync = async (size: number) => {
  const releases = syntheticReleases(size)
  const fake = await startFakeDiscogs({ releases, collection: syntheticCollection(releases), username: "bench", token: TOKEN, rateLimit: { limit: 1e9, windowMs: 60_000 } })
  const dir = scratchDir(`scale-${size}`)
  try {
    writeConfig(dir, { discogs: { requestsPerMinute: 1e9 }, pipelines: { metadata: { steps: { release: { concurrency: 8 } } } } })
    const env = { DISCOGS_TOKEN: TOKEN, DISCOGS_USERNAME: "bench", DISCOGS_API_URL: fake.url }
    const full = await timeCli(["run", "metadata"], dir, env, { measureRss: true })
    if (full.code !== 0) throw new Error(`sync of ${size} failed: ${full.stderr}`)
    const noOpMetadata = await timeCli(["run", "metadata"], dir, env)
    markAssetsDone(join(dir, "discogs_collection.db"))
    const noOpAssets = await timeCli(["run", "assets"], dir, env)
    if (!/covers\s+0 done/.test(noOpAssets.stdout) || !/analysis\s+0 done/.test(noOpAssets.stdout)) throw new Error(`the assets run was not a no-op: ${noOpAssets.stdout.slice(-400)}`)
    return { size, full, noOpMetadata, noOpAssets }
  } finally {
    await fake.close()
    removeDir(dir)
  }
}

if (!existsSync(gnuTime)) console.log(`(${gnuTime} is missing: peak RSS is not measured; apt-get install time)`)
const small = await sync(5_000)
const large = await sync(50_000)
for (const r of [small, large]) {
  console.log(`${r.size} releases: full sync ${seconds(r.full.ms)}, peak RSS ${fmt(r.full.peakRssMb, 0)} MB; no-op runs: metadata ${seconds(r.noOpMetadata.ms)}, assets ${seconds(r.noOpAssets.ms)}`)
}
console.log(`peak RSS 50,000 / 5,000: ${fmt(large.full.peakRssMb / small.full.peakRssMb)} (goal: under 150 MB and within 1.20)`)

import Database from "better-sqlite3"
import { execFileSync } from "node:child_process"
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll } from "vitest"
import { demoCollection, loadRecordedReleases, startFakeDiscogs } from "../../src/fakes/discogs-server.ts"
import { type MediaFaults, type MediaServer, startMediaServer } from "../../src/fakes/media-server.ts"
import { makeTone } from "../../src/fakes/media-tone.ts"
import { runCli, startCli, writeTestConfig } from "./cli.ts"
import { query } from "./db.ts"
import { tempDir } from "./tempDir.ts"

export const TONE_SECONDS = 8

/** The 8 s test tone (Opus in WebM), made once per test file. */
let tone: Promise<Buffer> | undefined
export const testTone = () => (tone ??= makeTone({ seconds: TONE_SECONDS }))

/** A 300×300 JPEG, as the covers step would have written. */
export const makeCover = (path: string) =>
  execFileSync("ffmpeg", ["-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "color=c=red:s=300x300", "-frames:v", "1", path])

let template: Promise<string> | undefined
const templateDir = mkdtempSync(join(tmpdir(), "crate-audio-template-"))
afterAll(() => rmSync(templateDir, { recursive: true, force: true }))

/** A database synced by `crate run metadata` from the fake Discogs (the 7 recorded releases), made once per test file. */
const syncedDatabase = () =>
  (template ??= (async () => {
    const releases = loadRecordedReleases()
    const discogs = await startFakeDiscogs({
      releases,
      collection: demoCollection(releases),
      username: "digger",
      token: "t",
      rateLimit: { limit: 10_000, windowMs: 60_000 }
    })
    try {
      writeTestConfig(templateDir)
      const result = await runCli(["run", "metadata"], {
        cwd: templateDir,
        env: { DISCOGS_TOKEN: "t", DISCOGS_USERNAME: "digger", DISCOGS_API_URL: discogs.url }
      })
      if (result.code !== 0) throw new Error(`crate run metadata failed: ${result.stderr}`)
      return join(templateDir, "discogs_collection.db")
    } finally {
      await discogs.close()
    }
  })())

export const write = (db: string, sql: string, ...params: Array<unknown>) => {
  const handle = new Database(db)
  try {
    handle.prepare(sql).run(...params)
  } finally {
    handle.close()
  }
}

export interface MatchOptions {
  /** Video duration to record per video id (default: the tone's 8 s). */
  readonly durations?: Readonly<Record<string, number | null>>
  /** Match only these positions; the others get "no match" rows (default: match every track). */
  readonly positions?: ReadonlyArray<string>
}

export interface AudioWorld {
  readonly dir: string
  readonly db: string
  readonly library: string
  readonly media: MediaServer
  /** `crate <args>` in the world's folder. */
  readonly crate: (...args: Array<string>) => ReturnType<typeof runCli>
  readonly start: (...args: Array<string>) => ReturnType<typeof startCli>
  /** Decides every track of the release as the youtube step would: video `r<release>-<position>` on the media server. */
  readonly match: (releaseId: number, options?: MatchOptions) => ReadonlyArray<{ readonly videoId: string; readonly position: string; readonly title: string }>
  /** Fixes the release's library folder (relative), so that a test can put a cover there first. */
  readonly folderOf: (releaseId: number, name: string) => string
  readonly close: () => Promise<void>
}

/** A video id per track, stable across runs and safe in URLs. */
export const videoIdOf = (releaseId: number, position: string) => `r${releaseId}-${position.replace(/[^A-Za-z0-9]/g, "_")}`

export const setupAudioWorld = async (options: {
  readonly faults?: MediaFaults
  readonly bytesPerSecond?: number
  readonly config?: Record<string, unknown>
  readonly env?: Record<string, string>
} = {}): Promise<AudioWorld> => {
  const media = await startMediaServer({
    media: await testTone(),
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    ...(options.bytesPerSecond === undefined ? {} : { bytesPerSecond: options.bytesPerSecond })
  })
  const dir = tempDir("crate-audio-")
  const db = join(dir, "discogs_collection.db")
  const source = await syncedDatabase()
  for (const suffix of ["", "-wal"]) if (existsSync(source + suffix)) copyFileSync(source + suffix, db + suffix)
  writeTestConfig(dir, {
    network: { allowedHosts: ["127.0.0.1"] },
    audio: { sleepSeconds: 0, cooldown: "1 second" },
    pipelines: { assets: { steps: { audio: { concurrency: 2, retry: { times: 2, base: "10 millis" } } } } },
    ...options.config
  })
  const env = { ...options.env }
  return {
    dir,
    db,
    library: join(dir, "library"),
    media,
    crate: (...args) => runCli(args, { cwd: dir, env }),
    start: (...args) => startCli(args, { cwd: dir, env }),
    match: (releaseId, matchOptions = {}) => {
      const tracks = query<{ track_id: number; position: string; title: string }>(
        db,
        "SELECT track_id, position, title FROM tracks WHERE release_id = ? ORDER BY sequence",
        releaseId
      )
      const matched = []
      for (const track of tracks) {
        const videoId = videoIdOf(releaseId, track.position)
        if (matchOptions.positions !== undefined && !matchOptions.positions.includes(track.position)) {
          write(db, "INSERT INTO youtube_matches (track_id, score, source, matched_at) VALUES (?, 0.2, 'search', '2024-01-01T00:00:00Z')", track.track_id)
          continue
        }
        const duration = matchOptions.durations?.[videoId] === undefined ? TONE_SECONDS : matchOptions.durations[videoId]
        write(
          db,
          `INSERT INTO youtube_matches (track_id, video_id, video_url, video_title, channel, video_duration, score, source, matched_at)
            VALUES (?, ?, ?, ?, 'Loopback', ?, 0.9, 'search', '2024-01-01T00:00:00Z')`,
          track.track_id,
          videoId,
          media.urlFor(videoId),
          track.title,
          duration
        )
        matched.push({ videoId, position: track.position, title: track.title })
      }
      write(db, "UPDATE releases SET youtube_matched = 1 WHERE release_id = ?", releaseId)
      return matched
    },
    folderOf: (releaseId, name) => {
      write(db, "UPDATE releases SET library_path = ? WHERE release_id = ?", name, releaseId)
      const folder = join(dir, "library", name)
      mkdirSync(folder, { recursive: true })
      return folder
    },
    close: () => media.close()
  }
}

/** Every file under `folder` (relative paths), sorted; `.crate-tmp` included. */
export const listFiles = (folder: string): Array<string> => {
  if (!existsSync(folder)) return []
  const out: Array<string> = []
  const walk = (relative: string) => {
    for (const name of readdirSync(join(folder, relative))) {
      const path = relative === "" ? name : join(relative, name)
      if (statSync(join(folder, path)).isDirectory()) walk(path)
      else out.push(path)
    }
  }
  walk("")
  return out.sort()
}

/** Pids of live processes whose command line mentions `text` (Linux /proc; empty elsewhere). */
export const processesMentioning = (text: string): Array<number> => {
  if (!existsSync("/proc")) return []
  return readdirSync("/proc").filter((name) => /^\d+$/.test(name)).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(text)
    } catch {
      return false
    }
  }).map(Number)
}

export interface Probed {
  readonly codec: string
  readonly duration: number
  readonly tags: Record<string, string>
  readonly pictures: ReadonlyArray<string>
}

/** What ffprobe reads in an audio file: the audio codec, duration, Vorbis comments and attached pictures' codecs. */
export const probe = (file: string): Probed => {
  const json = JSON.parse(execFileSync("ffprobe", [
    "-v", "error", "-show_entries", "stream=codec_name,codec_type:stream_tags:format=duration", "-of", "json", file
  ]).toString()) as {
    streams: Array<{ codec_name: string; codec_type: string; tags?: Record<string, string> }>
    format: { duration: string }
  }
  const audio = json.streams.find((stream) => stream.codec_type === "audio")!
  return {
    codec: audio.codec_name,
    duration: Number(json.format.duration),
    tags: audio.tags ?? {},
    pictures: json.streams.filter((stream) => stream.codec_type === "video").map((stream) => stream.codec_name)
  }
}

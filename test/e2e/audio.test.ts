import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { type AudioWorld, listFiles, makeCover, probe, processesMentioning, setupAudioWorld, TONE_SECONDS, write } from "../support/audio-world.ts"
import { query } from "../support/db.ts"

const worlds: Array<AudioWorld> = []
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((world) => world.close()))
})

const setup = async (options: Parameters<typeof setupAudioWorld>[0] = {}) => {
  const world = await setupAudioWorld(options)
  worlds.push(world)
  return world
}

const RICK = 1503102
const RICK_FOLDER = "Rick Astley - Never Gonna Give You Up [1503102]"
/** Release 3, a DJ mix: every track credits its own artist. */
const MIX = 3

const transfers = (world: AudioWorld, videoId: string) => world.media.requestsFor(videoId).filter((r) => r.method === "GET")

describe("crate run assets --only audio (real yt-dlp and ffmpeg against the loopback media server)", () => {
  it("downloads every matched track as a tagged .opus, the cover as its picture, and records it", async () => {
    const world = await setup()
    const folder = world.folderOf(RICK, RICK_FOLDER)
    makeCover(join(folder, "cover.jpg"))
    const rick = world.match(RICK)
    const mix = world.match(MIX, { positions: ["1", "3"] })

    const result = await world.crate("run", "assets", "--only", "audio")
    expect(result.stderr).toBe("")
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/audio\s+2 \w+ done/)

    expect(listFiles(folder)).toEqual([
      "A - Never Gonna Give You Up (Cake Mix).opus",
      "B1 - Never Gonna Give You Up (Instrumental).opus",
      "B2 - Never Gonna Give You Up.opus",
      "cover.jpg"
    ])
    const a = probe(join(folder, "A - Never Gonna Give You Up (Cake Mix).opus"))
    expect(a.codec).toBe("opus")
    expect(a.duration).toBeGreaterThan(TONE_SECONDS - 0.5)
    expect(a.duration).toBeLessThan(TONE_SECONDS + 0.5)
    expect(a.pictures).toEqual(["mjpeg"])
    expect(a.tags).toMatchObject({
      TITLE: "Never Gonna Give You Up (Cake Mix)",
      ARTIST: "Rick Astley",
      album_artist: "Rick Astley",
      ALBUM: "Never Gonna Give You Up",
      track: "1",
      TRACKTOTAL: "3",
      DATE: "1987",
      LABEL: "RCA Victor",
      CATALOGNUMBER: "TDS 407",
      GENRE: "Electronic; Pop",
      DISCOGS_RELEASE_ID: String(RICK)
    })
    expect(probe(join(folder, "B2 - Never Gonna Give You Up.opus")).tags).toMatchObject({ track: "3", DISCOGS_POSITION: "B2" })

    const files = query<{ path: string; codec: string; duration_seconds: number; bytes: number; sha256: string; video_id: string }>(
      world.db,
      "SELECT f.path, f.codec, f.duration_seconds, f.bytes, f.sha256, f.video_id FROM audio_files f JOIN tracks t USING (track_id) ORDER BY t.release_id DESC, t.sequence"
    )
    expect(files.map((file) => file.video_id)).toEqual([...rick, ...mix].map((track) => track.videoId))
    for (const file of files) {
      const bytes = readFileSync(join(world.library, file.path))
      expect(file).toMatchObject({ codec: "opus", bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") })
    }
    // The mix has no cover: no picture; its tracks carry their own artists.
    const mixFile = probe(join(world.library, files.find((file) => file.video_id === mix[0]!.videoId)!.path))
    expect(mixFile.pictures).toEqual([])
    expect(mixFile.tags).toMatchObject({ ARTIST: "Heiko Laux & Johannes Heil", album_artist: "Josh Wink", DATE: "1999-07-13", track: "1", TRACKTOTAL: "14" })
    expect(query(world.db, "SELECT release_id, audio_downloaded FROM releases WHERE youtube_matched = 1 ORDER BY release_id"))
      .toEqual([{ release_id: MIX, audio_downloaded: 1 }, { release_id: RICK, audio_downloaded: 1 }])
    expect(listFiles(join(world.library, ".crate-tmp"))).toEqual([])

    const before = world.media.requests.length
    const again = await world.crate("run", "assets", "--only", "audio")
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/audio\s+0 \w+ done/)
    expect(world.media.requests.length).toBe(before)

    // A new decision for one track (an override, a rematch): only that track is downloaded again.
    write(world.db, "UPDATE youtube_matches SET video_id = 'other', video_url = ? WHERE video_id = ?", world.media.urlFor("other"), rick[1]!.videoId)
    const rematched = await world.crate("run", "assets", "--only", "audio")
    expect(rematched.stdout).toMatch(/audio\s+1 \w+ done/)
    expect(new Set(world.media.requests.slice(before).map((request) => request.id))).toEqual(new Set(["other"]))
    expect(query(world.db, "SELECT count(*) AS n FROM audio_files WHERE video_id = 'other'")).toEqual([{ n: 1 }])
  })

  it("yt-dlp goes through crate's proxy: a redirect to a host that is not allowed is refused there, one to an allowed host followed", async () => {
    const world = await setup()
    const [a, b1] = world.match(RICK)
    const port = new URL(world.media.url).port
    world.media.setFaults({
      redirect: [
        { id: a!.videoId, to: `http://localhost:${port}/media/${a!.videoId}-elsewhere.webm` },
        { id: b1!.videoId, to: world.media.urlFor(`${b1!.videoId}-moved`) }
      ]
    })
    const result = await world.crate("run", "assets", "--only", "audio")
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(`audio: release ${RICK} failed: track A "Never Gonna Give You Up (Cake Mix)" (video ${a!.videoId}): the video's URL is refused: a redirect led to a host that is not allowed (network.allowedHosts)`)
    // The disallowed hop never left the machine; the allowed one was fetched.
    expect(world.media.requestsFor(`${a!.videoId}-elsewhere`)).toEqual([])
    expect(world.media.requestsFor(`${b1!.videoId}-moved`).length).toBeGreaterThan(0)
    expect(query(world.db, "SELECT video_id FROM audio_files ORDER BY video_id").map((row) => (row as { video_id: string }).video_id)).toContain(b1!.videoId)
  })

  it("a video that answers 404 fails the release permanently, flags the match, and the other tracks are kept", async () => {
    const world = await setup()
    const [a, b1, b2] = world.match(RICK)
    world.media.setFaults({ notFound: [b1!.videoId] })

    const result = await world.crate("run", "assets", "--only", "audio")
    expect(result.code).toBe(1) // failures recorded
    expect(result.stdout).toContain(
      `audio: release ${RICK} failed: track B1 "Never Gonna Give You Up (Instrumental)" (video ${b1!.videoId}): ` +
        "the video is not there any more (HTTP 404) ([generic] None: Unable to download webpage: HTTP Error 404: Not Found); " +
        "flagged, so `crate run assets --rematch-failed` can pick another video"
    )
    expect(result.stdout).toMatch(/audio\s+0 \w+ done · 1 failed \(1 NotFound\)/)
    expect(query(world.db, "SELECT status, error_kind, error_reason FROM checkpoints WHERE step = 'audio'"))
      .toEqual([{ status: "failed", error_kind: "permanent", error_reason: "NotFound" }])
    expect(query(world.db, "SELECT video_id, unavailable_reason, unavailable_at IS NOT NULL AS dated FROM youtube_matches WHERE unavailable_reason IS NOT NULL"))
      .toEqual([{ video_id: b1!.videoId, unavailable_reason: "not-found", dated: 1 }])
    expect(query(world.db, "SELECT video_id FROM audio_files ORDER BY video_id")).toEqual([{ video_id: a!.videoId }, { video_id: b2!.videoId }])
    expect(query(world.db, "SELECT audio_downloaded FROM releases WHERE release_id = ?", RICK)).toEqual([{ audio_downloaded: 0 }])
    // No retry for a permanent failure: one probe, nothing else.
    expect(transfers(world, b1!.videoId)).toHaveLength(1)

    const before = world.media.requests.length
    const again = await world.crate("run", "assets", "--only", "audio")
    expect(again.stdout).toMatch(/audio\s+0 \w+ done · 1 skipped after earlier permanent failures/)
    expect(world.media.requests.length).toBe(before)

    // A rematch gives the track another video: the release is tried again, no --retry-failed needed.
    write(world.db, "UPDATE youtube_matches SET video_id = 'rematched', video_url = ?, unavailable_reason = NULL, unavailable_at = NULL WHERE video_id = ?",
      world.media.urlFor("rematched"), b1!.videoId)
    const rematched = await world.crate("run", "assets", "--only", "audio")
    expect(rematched.stdout).toMatch(/audio\s+1 \w+ done/)
    expect(new Set(world.media.requests.slice(before).map((request) => request.id))).toEqual(new Set(["rematched"]))
    expect(query(world.db, "SELECT audio_downloaded FROM releases WHERE release_id = ?", RICK)).toEqual([{ audio_downloaded: 1 }])
  })

  it("a connection cut halfway is resumed by yt-dlp, or retried by the step when yt-dlp gives up; no partial file is ever in the library", async () => {
    const world = await setup()
    const [a, b1] = world.match(RICK, { positions: ["A", "B1"] })
    const folder = join(world.library, RICK_FOLDER)
    // Each yt-dlp run makes a probe GET, the transfer, then up to 3 resumptions: 2 cuts are
    // resumed inside yt-dlp; 6 make its first run give up, and the step's retry gets it.
    world.media.setFaults({ dropHalfway: [{ id: a!.videoId, times: 2 }, { id: b1!.videoId, times: 6 }] })
    const seen: Array<Array<string>> = []
    world.media.onRequest(() => {
      seen.push(listFiles(world.library).filter((path) => !path.startsWith(".crate-tmp")))
    })

    const result = await world.crate("run", "assets", "--only", "audio")
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(
      new RegExp(`audio: release ${RICK}: track B1 .*\\(video ${b1!.videoId}\\): the connection failed or was cut \\(\\[download\\] Got error: Downloaded \\d+ bytes, expected \\d+ bytes\\. Giving up after 3 retries\\); retry 1 in`)
    )
    expect(result.stdout).toMatch(/audio\s+1 \w+ done/)
    expect(transfers(world, a!.videoId).filter((r) => r.range !== null)).toHaveLength(1)
    expect(transfers(world, b1!.videoId).filter((r) => r.fault === "dropped")).toHaveLength(6)

    // At every request, the library held only finished files: nothing partial, nothing of yt-dlp's.
    expect(seen.some((files) => files.length > 0)).toBe(true)
    for (const files of seen) {
      for (const file of files) expect(file).toMatch(/^Rick Astley - Never Gonna Give You Up \[1503102\]\/(A|B1) - .*\.opus$/)
    }
    expect(listFiles(folder)).toHaveLength(2)
    for (const file of listFiles(folder)) expect(probe(join(folder, file)).duration).toBeGreaterThan(TONE_SECONDS - 0.5)
    expect(listFiles(join(world.library, ".crate-tmp"))).toEqual([])
  })

  it("a far shorter download than the video is an error, not a track", async () => {
    const world = await setup()
    const [a] = world.match(RICK, { positions: ["A"], durations: { [`r${RICK}-A`]: 60 } })
    const result = await world.crate("run", "assets", "--only", "audio")
    expect(result.stdout).toContain(
      `audio: release ${RICK} failed: track A "Never Gonna Give You Up (Cake Mix)" (video ${a!.videoId}): the download is far shorter than the video (8.0 s of audio for a 60 s video)`
    )
    expect(query(world.db, "SELECT count(*) AS n FROM audio_files")).toEqual([{ n: 0 }])
    expect(listFiles(world.library)).toEqual([])
  })

  it("a URL crate's policy refuses (a host not allowed) is never handed to yt-dlp", async () => {
    const world = await setup()
    const [a] = world.match(RICK, { positions: ["A"] })
    const elsewhere = world.media.urlFor(a!.videoId).replace("127.0.0.1", "localhost")
    write(world.db, "UPDATE youtube_matches SET video_url = ? WHERE video_id = ?", elsewhere, a!.videoId)
    const result = await world.crate("run", "assets", "--only", "audio")
    expect(result.stdout).toContain(
      `audio: release ${RICK} failed: track A "Never Gonna Give You Up (Cake Mix)" (video ${a!.videoId}): the video's URL is refused: ` +
        "localhost is not an allowed host; if you trust it, add it to network.allowedHosts in pipeline.config.ts"
    )
    expect(query(world.db, "SELECT error_kind, error_reason FROM checkpoints WHERE step = 'audio'")).toEqual([{ error_kind: "permanent", error_reason: "UrlRefused" }])
    expect(query(world.db, "SELECT count(*) AS n FROM youtube_matches WHERE unavailable_reason IS NOT NULL")).toEqual([{ n: 0 }])
    expect(world.media.requests).toEqual([])
  })

  it("YouTube's bot check pauses every download for audio.cooldown, said once, then the step goes on", async () => {
    const world = await setup({
      faults: { botCheck: { times: 1 } },
      config: { audio: { sleepSeconds: 0, cooldown: "1500 millis", downloadsAtOnce: 1 }, pipelines: { assets: { steps: { audio: { concurrency: 1 } } } } }
    })
    world.match(RICK)
    const result = await world.crate("run", "assets", "--only", "audio")
    expect(result.code).toBe(0)
    const notices = result.stdout.split("\n").filter((line) => line.includes("pause"))
    expect(notices).toEqual([
      expect.stringMatching(
        /^audio: YouTube asks to confirm this is not a bot \(\[generic\] None: Unable to download webpage: HTTP Error 429: Sign in to confirm you're not a bot\. This helps protect our community\) at track A .*: all downloads pause for 1s 500ms$/
      ),
      "audio: the 1s 500ms pause is over: downloads go on"
    ])
    expect(result.stdout).toMatch(/audio\s+1 \w+ done\n/)
    expect(result.stdout).not.toMatch(/failed|retry/)

    const [check, ...rest] = world.media.requests
    expect(check!.fault).toBe("botCheck")
    // Nothing was asked of the server during the pause.
    expect(rest[0]!.at - check!.at).toBeGreaterThanOrEqual(1400)
    expect(query(world.db, "SELECT count(*) AS n FROM audio_files")).toEqual([{ n: 3 }])
  })

  it("killed with SIGKILL mid-download, a second run completes without downloading any finished track again", async () => {
    const world = await setup({
      bytesPerSecond: 200_000,
      config: { audio: { sleepSeconds: 0, cooldown: "1 second" }, pipelines: { assets: { steps: { audio: { concurrency: 2, retry: { times: 2, base: "10 millis" } } } } } }
    })
    const videos = [...world.match(2), ...world.match(RICK)].map((track) => track.videoId)
    const run = world.start("run", "assets", "--only", "audio")
    let killedAt = 0
    const started = new Set<string>()
    const stop = world.media.onRequest((request) => {
      if (request.id !== undefined) started.add(request.id)
      if (started.size === 4 && killedAt === 0) {
        killedAt = Date.now()
        run.child.kill("SIGKILL")
        stop()
      }
    })
    expect((await run.done).signal).toBe("SIGKILL")

    const finished = query<{ video_id: string }>(world.db, "SELECT video_id FROM audio_files").map((row) => row.video_id)
    // A download is on record before its slot takes the next one: two slots freed, two recorded.
    expect(finished.length).toBeGreaterThanOrEqual(2)
    // Whatever is in the library is whole: files appear only once finished.
    for (const file of listFiles(world.library).filter((path) => !path.startsWith(".crate-tmp"))) {
      expect(probe(join(world.library, file)).duration).toBeGreaterThan(TONE_SECONDS - 0.5)
    }

    const resumed = await world.crate("run", "assets", "--only", "audio")
    expect(resumed.code).toBe(0)
    expect(resumed.stdout).toMatch(/item\(s\) left running by a stopped run will be redone/)
    for (const videoId of finished) {
      expect(world.media.requestsFor(videoId).filter((request) => request.at > killedAt)).toEqual([])
    }
    expect(query<{ video_id: string }>(world.db, "SELECT video_id FROM audio_files ORDER BY video_id").map((row) => row.video_id))
      .toEqual([...videos].sort())
    expect(query(world.db, "SELECT count(*) AS n FROM releases WHERE youtube_matched = 1 AND audio_downloaded = 1")).toEqual([{ n: 2 }])
    expect(listFiles(join(world.library, ".crate-tmp"))).toEqual([])
  })

  it("without yt-dlp or ffmpeg, stops before any work with one line saying how to install them", async () => {
    const world = await setup({ env: { CRATE_YTDLP: "/nowhere/yt-dlp" } })
    world.match(RICK)
    const wrongPath = await world.crate("run", "assets", "--only", "audio")
    expect(wrongPath).toMatchObject({ code: 1, stdout: "" })
    expect(wrongPath.stderr).toBe(
      "crate: the audio step cannot run: CRATE_YTDLP (or tools.ytDlp in pipeline.config.ts) is /nowhere/yt-dlp, which is not an executable file: " +
        "correct it, or unset it to use yt-dlp from PATH (`apt-get install yt-dlp ffmpeg` or `brew install yt-dlp ffmpeg`)\n"
    )

    const bare = await setupAudioWorld({ env: { PATH: "/nowhere" } })
    worlds.push(bare)
    bare.match(RICK)
    const noPath = await bare.crate("run", "assets", "--only", "audio")
    expect(noPath.code).toBe(1)
    expect(noPath.stderr.split("\n")).toEqual([
      "crate: the audio step cannot run: yt-dlp was not found on PATH: install it (`apt-get install yt-dlp ffmpeg` or `brew install yt-dlp ffmpeg`) " +
        "or set CRATE_YTDLP (or tools.ytDlp in pipeline.config.ts) to its path; ffmpeg was not found on PATH: install it " +
        "(`apt-get install yt-dlp ffmpeg` or `brew install yt-dlp ffmpeg`) or set CRATE_FFMPEG (or tools.ffmpeg in pipeline.config.ts) to its path",
      ""
    ])
    expect([...world.media.requests, ...bare.media.requests]).toEqual([])
    expect(query(bare.db, "SELECT count(*) AS n FROM checkpoints WHERE step = 'audio'")).toEqual([{ n: 0 }])
  })

  it("Ctrl-C stops the downloads in flight: exit 130, yt-dlp stopped, no file half-written, the next run finishes", async () => {
    const world = await setup({ bytesPerSecond: 40_000 })
    world.match(RICK)
    const run = world.start("run", "assets", "--only", "audio")
    const stop = world.media.onRequest((request) => {
      // The transfer (second GET) of a track: yt-dlp is mid-download for 2 s.
      if (world.media.requestsFor(request.id ?? "").length === 2) {
        stop()
        run.child.kill("SIGINT")
      }
    })
    const interrupted = await run.done
    expect(interrupted.code).toBe(130)
    expect(processesMentioning(world.media.url)).toEqual([])
    expect(listFiles(world.library).filter((path) => !path.startsWith("cover"))).toEqual([])
    expect(query(world.db, "SELECT status FROM checkpoints WHERE step = 'audio'")).toEqual([{ status: "pending" }])

    const resumed = await world.crate("run", "assets", "--only", "audio")
    expect(resumed.code).toBe(0)
    expect(query(world.db, "SELECT count(*) AS n FROM audio_files")).toEqual([{ n: 3 }])
  })
})

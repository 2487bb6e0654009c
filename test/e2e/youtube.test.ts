import Database from "better-sqlite3"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { query } from "../support/db.ts"
import { type ReleaseSpec, recordedReleases, startYouTubeWorld, type YouTubeWorld } from "../support/youtubeWorld.ts"

const worlds: Array<YouTubeWorld> = []
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((world) => world.close()))
})

const world = async (...args: Parameters<typeof startYouTubeWorld>) => {
  const started = await startYouTubeWorld(...args)
  worlds.push(started)
  const synced = await started.crate("run", "metadata")
  expect(synced.code).toBe(0)
  return started
}

interface MatchRow {
  readonly position: string
  readonly video_id: string | null
  readonly source: string | null
  readonly score: number | null
  readonly is_override: number
}

const matches = (db: string, releaseId: number) =>
  query<MatchRow>(db, `SELECT t.position, m.video_id, m.source, m.score, m.is_override FROM tracks t
    LEFT JOIN youtube_matches m USING (track_id) WHERE t.release_id = ? ORDER BY t.sequence`, releaseId)

const matchedFlag = (db: string, releaseId: number) =>
  query<{ youtube_matched: number }>(db, "SELECT youtube_matched FROM releases WHERE release_id = ?", releaseId)[0]?.youtube_matched

const { mata, pantamera, pianoMan, twinbow } = recordedReleases

describe("crate run assets --only youtube (the real CLI, youtubei.js against the fake YouTube)", () => {
  it("matches each track to the studio recording, not a live upload or a remix, and explains it", async () => {
    const { crate, db, dir, youtube } = await world([pianoMan, twinbow, mata])
    const run = await crate("run", "assets", "--only", "youtube")
    expect(run.stderr).toBe("")
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/youtube\s+3 \w+ done/)

    expect(matches(db, pianoMan.id)).toMatchObject([{ video_id: "LLbew85exp0", source: "youtube-music" }])
    expect(matches(db, twinbow.id)).toMatchObject([{ video_id: "_IS-Tvbvjn0", source: "youtube-music" }])
    // The track no recording is about gets "no match", with the best score it saw, never a guess.
    const [pisze, unknown] = matches(db, mata.id)
    expect(["SbnzkyaYlIE", "YlY71g3kzDU"]).toContain(pisze!.video_id)
    expect(unknown).toMatchObject({ video_id: null })
    expect(unknown!.score).toBeLessThan(70)
    for (const id of [pianoMan.id, twinbow.id, mata.id]) expect(matchedFlag(db, id)).toBe(1)

    // Every candidate considered is kept with its score; the live upload lost on its own words.
    const live = query<{ score: number; notes: string }>(db, "SELECT score, notes FROM youtube_candidates WHERE video_id = 'DpkAxNeCM4U'")
    expect(live).toHaveLength(1)
    expect(live[0]!.score).toBeLessThan(70)
    expect(JSON.parse(live[0]!.notes)).toContain(`title has "live"`)
    // A confident YouTube Music song stops the search: no videos or plain search for Piano Man.
    expect(youtube.searches().filter((s) => s.query?.includes("Piano Man")).map((s) => s.intent)).toEqual(["songs"])

    const file = JSON.parse(readFileSync(join(dir, "library", query<{ library_path: string }>(db, "SELECT library_path FROM releases WHERE release_id = ?", mata.id)[0]!.library_path, "yt_matches.json"), "utf8"))
    expect(file.tracks.map((t: { position: string; decision: string }) => [t.position, t.decision])).toEqual([["1", "match"], ["2", "no match"]])
    expect(file.tracks[1].best_candidate.score).toBe(unknown!.score)

    const show = await crate("match", "show", String(pianoMan.id))
    expect(show.code).toBe(0)
    expect(show.stdout).toContain(`match 100.0 from youtube-music: "Piano Man"`)
    expect(show.stdout).toContain("candidates (3 of 4; --all for every one)")
    const all = await crate("match", "show", String(pianoMan.id), "--all")
    expect(all.stdout).toMatch(/0\.0 {2}DpkAxNeCM4U {2}youtube-music "Billy Joel - Piano Man - Live @ Madison Square Garden/)
  })

  it("a compilation of Japanese and Hebrew tracks is matched end to end, each to an accepted upload (cases 16, 18, 40, 42)", async () => {
    const songsOfTheWorld = {
      id: 9_100_010,
      title: "Songs Of The World",
      artists: ["Various"],
      tracks: [
        { position: "1", title: "解憶", duration: "3:28", artists: ["Ai kamano"] },
        { position: "2", title: "光", duration: "5:00", artists: ["Ai kamano", "菅原一樹"] },
        { position: "3", title: "אומרים עליה", duration: "3:33", artists: ["Avi Aburomi"] },
        { position: "4", title: "מחכה לך", duration: "4:12", artists: ["Avi Aburomi"] }
      ]
    } satisfies ReleaseSpec
    const { crate, db } = await world([songsOfTheWorld])
    expect((await crate("run", "assets", "--only", "youtube")).code).toBe(0)
    const accepted: Record<string, ReadonlyArray<string>> = {
      "1": ["ysHhL3NyEUk"],
      "2": ["duhkbnJ_DJ4", "OtdCiuyE40g"],
      "3": ["LfD4z-7arZQ"],
      "4": ["AZXGnKwRA2A"]
    }
    const rows = matches(db, songsOfTheWorld.id)
    expect(rows).toHaveLength(4)
    for (const row of rows) expect(accepted[row.position], `track ${row.position}`).toContain(row.video_id)
  })

  it("a track with no Discogs duration still matches on title and artist", async () => {
    const { crate, db } = await world([pantamera])
    expect((await crate("run", "assets", "--only", "youtube")).code).toBe(0)
    expect(matches(db, pantamera.id)).toMatchObject([{ video_id: "OIfpADMVVvQ" }])
    const [candidate] = query<{ parts: string }>(db, "SELECT parts FROM youtube_candidates WHERE video_id = 'OIfpADMVVvQ'")
    expect(JSON.parse(candidate!.parts)).toMatchObject({ duration: null })
  })

  it("prefers the release's own Discogs video when it fits, without searching; one that does not fit is not used", async () => {
    const release: ReleaseSpec = {
      id: 9_100_010,
      title: "Twin Peaks",
      artists: ["Angelo Badalamenti"],
      tracks: [
        { position: "A1", title: "Blue Frank", duration: "5:12", artists: ["Angelo Badalamenti", "David Lynch"] },
        { position: "A2", title: "Piano Man", duration: "5:39", artists: ["Billy Joel"] }
      ],
      videos: [
        { uri: "https://www.youtube.com/watch?v=bLuEfRaNk01", title: "Angelo Badalamenti - Blue Frank", duration: 313 },
        { uri: "https://youtu.be/xMasXmAsX01", title: "A Christmas Song (Live)", duration: 340 }
      ]
    }
    const { crate, db, youtube } = await world([release])
    expect((await crate("run", "assets", "--only", "youtube")).code).toBe(0)
    expect(matches(db, release.id)).toMatchObject([
      { position: "A1", video_id: "bLuEfRaNk01", source: "discogs-video" },
      { position: "A2", video_id: "LLbew85exp0", source: "youtube-music" }
    ])
    expect(youtube.searches().map((s) => s.query)).toEqual(["Billy Joel - Piano Man"])
  })

  it("re-running a matched release does nothing: no request, nothing pending", async () => {
    const { crate, youtube } = await world([pianoMan, pantamera])
    expect((await crate("run", "assets", "--only", "youtube")).code).toBe(0)
    const before = youtube.requests.length
    const again = await crate("run", "assets", "--only", "youtube")
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/youtube\s+0 \w+ done/)
    expect(youtube.requests.length).toBe(before)
  })

  it("an override survives later runs, --refresh included; `match clear` gives the track back to the matcher", async () => {
    const { crate, db, youtube } = await world([pianoMan, mata])
    expect((await crate("run", "assets", "--only", "youtube")).code).toBe(0)

    const set = await crate("match", "set", String(pianoMan.id), "a1", "https://youtu.be/8F4MYJIC1sU")
    expect(set.stderr).toBe("")
    expect(set.stdout).toContain(`release ${pianoMan.id} A1 "Piano Man" → ${youtube.url}/watch?v=8F4MYJIC1sU`)
    expect((await crate("match", "none", String(mata.id), "1")).code).toBe(0)

    const refresh = await crate("run", "assets", "--only", "youtube", "--refresh")
    expect(refresh.code).toBe(0)
    expect(matches(db, pianoMan.id)).toMatchObject([{ video_id: "8F4MYJIC1sU", source: "override", is_override: 1 }])
    expect(matches(db, mata.id)).toMatchObject([{ video_id: null, source: "override", is_override: 1 }, { is_override: 0 }])

    const wrong = await crate("match", "set", String(pianoMan.id), "Z9", "8F4MYJIC1sU")
    expect(wrong).toMatchObject({ code: 1, stdout: "" })
    expect(wrong.stderr).toBe(`crate: release ${pianoMan.id} has no track at position "Z9"; its positions are: A1\n`)

    expect((await crate("match", "clear", String(pianoMan.id), "A1")).code).toBe(0)
    expect(matchedFlag(db, pianoMan.id)).toBe(0)
    expect((await crate("run", "assets", "--only", "youtube")).code).toBe(0)
    expect(matches(db, pianoMan.id)).toMatchObject([{ video_id: "LLbew85exp0", is_override: 0 }])
  })

  it("--rematch-failed decides again a track whose video the audio step found unavailable, never with that video", async () => {
    const { crate, db } = await world([mata])
    expect((await crate("run", "assets", "--only", "youtube")).code).toBe(0)
    const [first] = matches(db, mata.id)
    const gone = first!.video_id!
    // What the audio step does when yt-dlp says the video is gone for good.
    const writable = new Database(db)
    writable.prepare("UPDATE youtube_matches SET unavailable_reason = 'unavailable', unavailable_at = '2026-01-01T00:00:00Z' WHERE video_id = ?").run(gone)
    writable.close()

    // Without the flag nothing is pending.
    expect((await crate("run", "assets", "--only", "youtube")).stdout).toMatch(/youtube\s+0 \w+ done/)
    const rematch = await crate("run", "assets", "--only", "youtube", "--rematch-failed")
    expect(rematch.code).toBe(0)
    expect(rematch.stdout).toMatch(/youtube\s+1 \w+ done/)
    const [again] = matches(db, mata.id)
    expect(again!.video_id).not.toBe(gone)
    expect(["SbnzkyaYlIE", "YlY71g3kzDU"]).toContain(again!.video_id)
    expect(query(db, "SELECT video_id, reason FROM youtube_unavailable")).toEqual([{ video_id: gone, reason: "unavailable" }])
    expect(query(db, "SELECT count(*) AS n FROM youtube_matches m JOIN tracks t USING (track_id) WHERE t.release_id = ?", mata.id)).toEqual([{ n: 2 }])
  })

  it("a bot-check answer pauses every search for the cool-down and says so once, instead of failing track after track", async () => {
    const cooldownMs = 1500
    const { crate, db, youtube } = await world([pianoMan, twinbow, pantamera, mata], { config: { youtube: { requestsPerMinute: 60_000, cooldown: `${cooldownMs} millis` } } })
    youtube.setFaults({ botCheck: 1 })
    const run = await crate("run", "assets", "--only", "youtube")
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/youtube\s+4 \w+ done/)
    expect(run.stdout.match(/not a bot/g)).toHaveLength(1)
    expect(run.stdout).toContain("youtube: YouTube asked to confirm we're not a bot: pausing every YouTube search for 1s 500ms")

    const searches = youtube.searches()
    const blocked = searches.filter((s) => s.fault === "botCheck")
    expect(blocked).toHaveLength(1)
    // Besides a search already on its way when the answer came, nothing is asked until the pause is over.
    const after = searches.slice(searches.indexOf(blocked[0]!) + 1)
    const early = after.filter((s) => s.at < blocked[0]!.at + cooldownMs - 50)
    expect(early.length).toBeLessThanOrEqual(1)
    expect(after.length).toBeGreaterThan(3)
    expect(query(db, "SELECT count(*) AS n FROM checkpoints WHERE step = 'youtube' AND status = 'done'")).toEqual([{ n: 4 }])
  })

  it("when YouTube still refuses after the cool-downs, the step stops for this run and nothing is recorded as failed", async () => {
    const { crate, db, youtube } = await world([pianoMan, twinbow, pantamera], { config: { youtube: { requestsPerMinute: 60_000, cooldown: "200 millis" } } })
    youtube.setFaults({ botCheck: 1000 })
    const run = await crate("run", "assets", "--only", "youtube")
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/youtube\s+0 \w+ done · 3 still pending/)
    expect(run.stdout).toContain("paused: YouTube asked to confirm we're not a bot, again after the cool-down: run again later")
    // Two pauses per search in flight, not one refused search per track.
    expect(youtube.searches().length).toBeLessThanOrEqual(6)
    expect(query(db, "SELECT count(*) AS n FROM youtube_matches")).toEqual([{ n: 0 }])
    expect(query(db, "SELECT count(*) AS n FROM checkpoints WHERE step = 'youtube' AND status = 'failed'")).toEqual([{ n: 0 }])

    youtube.setFaults({})
    expect((await crate("run", "assets", "--only", "youtube")).stdout).toMatch(/youtube\s+3 \w+ done/)
  })
})

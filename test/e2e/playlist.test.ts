import { execFileSync, spawnSync } from "node:child_process"
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { type AudioWorld, setupAudioWorld, write } from "../support/audio-world.ts"
import { query } from "../support/db.ts"

const RICK = 1503102
const STOCKHOLM = 1

const worlds: Array<AudioWorld> = []
afterAll(() => Promise.all(worlds.map((world) => world.close())))

/** A world with two releases downloaded, and a tempo recorded for each track (as the analysis step would). */
const downloaded = async () => {
  const world = await setupAudioWorld()
  worlds.push(world)
  world.match(RICK)
  world.match(STOCKHOLM)
  const result = await world.crate("run", "assets", "--only", "audio")
  expect(result.code).toBe(0)
  const tracks = query<{ track_id: number }>(world.db, "SELECT track_id FROM audio_files ORDER BY track_id")
  tracks.forEach(({ track_id }, i) =>
    write(world.db, `INSERT INTO audio_analysis (track_id, bpm, bpm_alternative, key, camelot, analyzed_at)
      VALUES (?, ?, ?, 'A minor', '8A', '2026-01-01T00:00:00Z')`, track_id, 118 + i * 2, (118 + i * 2) / 2))
  return world
}

/** The entries of an .m3u8: title lines and paths. */
const entries = (text: string) => {
  const lines = text.trimEnd().split("\n")
  expect(lines[0]).toBe("#EXTM3U")
  expect(lines.pop()).toBe("#EXT-X-ENDLIST")
  const out: Array<{ title: string; path: string }> = []
  for (let i = 1; i < lines.length; i += 2) out.push({ title: lines[i]!.replace(/^#EXTINF:-?\d+,/, ""), path: lines[i + 1]! })
  return out
}

/** The files ffmpeg's HLS reader opens, in order, playing the playlist through. */
const ffmpegOpens = (playlist: string) =>
  [...spawnSync("ffmpeg", [
    "-hide_banner", "-nostats", "-v", "verbose", "-allowed_extensions", "ALL", "-allowed_segment_extensions", "ALL", "-extension_picky", "0",
    "-f", "hls", "-i", playlist, "-f", "null", "-"
  ], { cwd: dirname(playlist) }).stderr.toString().matchAll(/Opening '(.+\.opus)' for reading/g)].map((match) => match[1])

describe("crate playlist (the real CLI)", () => {
  it("lists exactly the tracks its filters select, in order, with paths that resolve from the playlist's folder; ffmpeg plays it", async () => {
    const world = await downloaded()
    const target = join(world.dir, "lists", "warm-up.m3u8")
    const result = await world.crate("playlist", "--bpm", "120..126", "--sort", "bpm", "-o", target)
    expect(result.stderr).toBe("")
    const expected = query<{ title: string; path: string }>(world.db, `SELECT t.title, f.path FROM audio_files f JOIN tracks t USING (track_id)
      JOIN audio_analysis a USING (track_id) WHERE a.bpm BETWEEN 120 AND 126 OR a.bpm_alternative BETWEEN 120 AND 126 ORDER BY a.bpm`)
    expect(expected.length).toBeGreaterThan(1)
    expect(result.stdout).toBe(`${target}: ${expected.length} tracks\n`)
    const listed = entries(readFileSync(target, "utf8"))
    expect(listed.map((entry) => entry.title.split(" - ").slice(1).join(" - "))).toEqual(expected.map((track) => track.title))
    for (const [i, entry] of listed.entries()) {
      expect(entry.path.startsWith("../library/")).toBe(true)
      expect(resolve(dirname(target), entry.path)).toBe(join(world.library, expected[i]!.path))
      expect(existsSync(resolve(dirname(target), entry.path))).toBe(true)
    }
    expect(ffmpegOpens(target).map((path) => resolve(path!))).toEqual(listed.map((entry) => resolve(dirname(target), entry.path)))

    // The same filters as pipelines' items: a release's label, and key with its neighbours.
    const label = await world.crate("playlist", "--label", "RCA Victor", "--key", "9A", "--compatible")
    expect(entries(label.stdout).map((entry) => entry.path)).toEqual(
      query<{ path: string }>(world.db, "SELECT f.path FROM audio_files f JOIN tracks t USING (track_id) WHERE t.release_id = ? ORDER BY t.sequence", RICK)
        .map((row) => join("library", row.path))
    )
    const none = await world.crate("playlist", "--year", "1950", "-o", join(world.dir, "none.m3u8"))
    expect(none.stdout).toContain("0 tracks (no downloaded track matches these filters)")
    expect(readFileSync(join(world.dir, "none.m3u8"), "utf8")).toBe("#EXTM3U\n#EXT-X-ENDLIST\n")
    const wrong = await world.crate("playlist", "--key", "H")
    expect(wrong).toMatchObject({ code: 1, stdout: "" })
    expect(wrong.stderr).toBe(`crate: --key takes a key as Camelot or by name (8A, A minor, F#m), not "H"\n`)
  })

  it("the playlists step keeps a playlist per collection folder and per genre in the library", async () => {
    const world = await downloaded()
    const config = readFileSync(join(world.dir, "pipeline.config.mjs"), "utf8").replace("export default ", "const settings = ")
    writeFileSync(join(world.dir, "pipeline.config.mjs"), `import { pipeline } from "crate"
import { audio, playlists, youtube } from "crate/steps"
${config}
export default { ...settings, pipelines: { ...settings.pipelines, assets: pipeline(youtube, audio, playlists) } }
`)
    // A playlist of a genre that no longer has a downloaded track is removed; the user's own are left alone.
    const folder = join(world.library, "playlists")
    execFileSync("mkdir", ["-p", folder])
    writeFileSync(join(folder, "Genre Gone.m3u8"), "#EXTM3U\n")
    writeFileSync(join(folder, "mine.m3u8"), "#EXTM3U\n")
    const result = await world.crate("run", "assets", "--only", "playlists")
    expect(result.stderr).toBe("")
    expect(result.code).toBe(0)
    const genres = query<{ name: string }>(world.db, `SELECT DISTINCT g.name FROM genres g JOIN release_genres rg USING (genre_id)
      WHERE rg.release_id IN (?, ?) ORDER BY g.name`, RICK, STOCKHOLM).map((row) => `Genre ${row.name}.m3u8`)
    const folders = query<{ folder_id: number }>(world.db, "SELECT DISTINCT folder_id FROM collection_items WHERE release_id IN (?, ?) ORDER BY folder_id", RICK, STOCKHOLM)
      .map((row) => `Folder ${row.folder_id}.m3u8`)
    expect(readdirSync(folder).sort()).toEqual([...folders, ...genres, "mine.m3u8"].sort())
    // Between them the folders' playlists hold every downloaded track (a release owned twice is in both its folders).
    const all = folders.flatMap((name) => entries(readFileSync(join(folder, name), "utf8")).map((entry) => resolve(folder, entry.path)))
    expect([...new Set(all)].sort()).toEqual(query<{ path: string }>(world.db, "SELECT path FROM audio_files").map((row) => join(world.library, row.path)).sort())
    for (const path of all) expect(existsSync(path)).toBe(true)
  })
})

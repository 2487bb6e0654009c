import Database from "better-sqlite3"
import { spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { crateBin } from "../support/cli.ts"
import { query } from "../support/db.ts"
import { ACCENTED_ID, type EverydayServers, type EverydayWorld, everydayWorlds, startEverydayServers } from "../support/everyday.ts"

let servers: EverydayServers
beforeAll(async () => {
  servers = await startEverydayServers()
})
afterAll(() => servers.close())
const world = everydayWorlds(() => servers)


/** The release ids a search printed, in order. */
const ids = (stdout: string) => [...stdout.matchAll(/^ +(\d+) {2}/gm)].map((match) => Number(match[1]))

interface Search {
  readonly query: string
  readonly matched: ReadonlyArray<string>
  readonly releases: ReadonlyArray<{ readonly release_id: number; readonly artist: string; readonly title: string }>
}

/** `crate query` as a child with stdin as a pipe: what a script piping queries in gets. */
const piped = (w: EverydayWorld, input: string) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [crateBin, "query"], { cwd: w.dir, env: { PATH: process.env.PATH ?? "", HOME: w.dir }, stdio: ["pipe", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
    child.on("close", (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(input)
  })

describe("crate query (the real CLI on a database synced from the fake Discogs)", () => {
  // A fresh copy per test: test folders are removed after each test.
  let w: EverydayWorld
  beforeEach(async () => {
    w = await world()
  })

  it("finds artists ignoring case and accents, by any credit (release, track, name variation)", async () => {
    for (const spelling of ["sigur ros", "SIGUR RÓS", "Sigur Rós", "sigur"]) {
      const result = await w.crate("query", "artist", spelling)
      expect(result.code).toBe(0)
      expect(result.stdout.split("\n")[0]).toBe(`artist ${spelling}: 1 release (Sigur Rós)`)
      expect(ids(result.stdout)).toEqual([ACCENTED_ID])
    }
    // A track artist, stored in capitals with an accent.
    expect(ids((await w.crate("query", "artist", "jonsi")).stdout)).toEqual([ACCENTED_ID])
    // Discogs files him as "Persuader, The"; he has release 1 and a track on release 3.
    const persuader = await w.crate("query", "artist", "the", "persuader")
    expect(persuader.stdout.split("\n")[0]).toBe("artist the persuader: 2 releases (Persuader, The)")
    expect(ids(persuader.stdout).sort((a, b) => a - b)).toEqual([1, 3])
    // Karl Axel Bissler is credited as "K.A.B." on release 3.
    expect(ids((await w.crate("query", "artist", "k a b")).stdout)).toEqual([3])
  })

  it("answers label, genre (styles too) and year queries with the same releases SQL finds", async () => {
    const search = async (...words: Array<string>) => JSON.parse((await w.crate("query", ...words, "--json")).stdout) as Search
    expect((await search("label", "SMEKKLEYSA")).releases.map((r) => r.release_id)).toEqual([ACCENTED_ID])
    expect((await search("label", "svek")).releases.map((r) => r.release_id).sort()).toEqual([1, 2])
    expect((await search("genre", "post", "rock")).matched).toEqual(["Post Rock"])
    const techno = (await search("genre", "techno")).releases.map((r) => r.release_id).sort((a, b) => a - b)
    expect(techno).toEqual(query<{ release_id: number }>(w.db, `SELECT release_id FROM release_styles JOIN styles USING (style_id)
      WHERE name = 'Techno' ORDER BY release_id`).map((row) => row.release_id))
    const nineties = await search("year", "1990..1999")
    expect(nineties.releases.map((r) => r.release_id).sort((a, b) => a - b)).toEqual(
      query<{ release_id: number }>(w.db, "SELECT release_id FROM releases WHERE year BETWEEN 1990 AND 1999 ORDER BY release_id").map((row) => row.release_id)
    )
    expect((await search("year", "1987")).releases).toEqual([expect.objectContaining({ release_id: 1503102, artist: "Rick Astley" })])
    expect((await search("missing", "covers")).releases).toHaveLength(8)
    expect((await search("artist", "nobody-at-all")).releases).toEqual([])
  })

  it("release ID: everything about one release, in text and JSON", async () => {
    const text = await w.crate("query", "release", "1")
    expect(text.code).toBe(0)
    expect(text.stdout).toContain("The Persuader – Stockholm [1]")
    expect(text.stdout).toContain("1999 · released 1999-03-00 · Sweden · Svek SK032")
    expect(text.stdout).toMatch(/ {2}A {6}Östermalm {2}4:45\n {9}youtube: not decided yet\n {9}audio: –/)
    expect(text.stdout).toMatch(/Steps:\n {2}release {11}done after 1 attempt/)

    const json = JSON.parse((await w.crate("query", "release", "1503102", "--json")).stdout) as {
      release_id: number
      labels: Array<{ name: string; catno: string }>
      tracks: Array<{ position: string; match: unknown; audio: unknown }>
      covers: Array<{ file_path: string | null }>
      collection: Array<unknown>
      checkpoints: Array<{ step: string; status: string }>
    }
    expect(json.release_id).toBe(1503102)
    expect(json.tracks.map((track) => track.position)).toEqual(
      query<{ position: string }>(w.db, "SELECT position FROM tracks WHERE release_id = 1503102 ORDER BY sequence").map((row) => row.position)
    )
    expect(json.tracks.every((track) => track.match === null && track.audio === null)).toBe(true)
    expect(json.covers).toHaveLength(4)
    expect(json.collection).toHaveLength(2)
    expect(json.checkpoints).toEqual([expect.objectContaining({ step: "release", status: "done" })])
  })

  it("stats agrees with the database", async () => {
    const stats = JSON.parse((await w.crate("query", "stats", "--json")).stdout) as { releases: number; tracks: number; labels: number }
    expect(stats.releases).toBe(query<{ n: number }>(w.db, "SELECT count(*) AS n FROM releases")[0]!.n)
    expect(stats.tracks).toBe(query<{ n: number }>(w.db, "SELECT count(*) AS n FROM tracks")[0]!.n)
    const text = await w.crate("query", "stats")
    expect(text.stdout).toMatch(/^Releases: 8 \(8 in the collection now\) · artists: \d+ · labels: \d+ · tracks: 136/)
    expect(text.stdout).toContain("Covers: 0/8 releases (0%) · YouTube: 0/8 releases (0%), 0/136 tracks with a video · Audio: 0/136 tracks (0%), 0 B")
  })

  it("bpm and key find analysed tracks: a range, half/double readings, a key by any spelling and its Camelot neighbours", async () => {
    const tracks = query<{ track_id: number; title: string }>(w.db, "SELECT track_id, title FROM tracks ORDER BY track_id LIMIT 4")
    const analysed = [
      { bpm: 124, alternative: 62, camelot: "8A", key: "A minor" },
      { bpm: 87, alternative: 174, camelot: "9A", key: "E minor" },
      { bpm: 63, alternative: 126, camelot: "3B", key: "Db major" },
      { bpm: 140, alternative: 70, camelot: "8B", key: "C major" }
    ]
    const db = new Database(w.db)
    tracks.forEach((track, i) => {
      const a = analysed[i]!
      db.prepare(`INSERT INTO audio_analysis (track_id, bpm, bpm_alternative, bpm_confidence, key, camelot, analyzed_at)
        VALUES (?, ?, ?, 3.9, ?, ?, '2026-01-01T00:00:00Z')`).run(track.track_id, a.bpm, a.alternative, a.key, a.camelot)
    })
    db.close()
    const found = async (...words: Array<string>) =>
      (JSON.parse((await w.crate("query", ...words, "--json")).stdout) as { tracks: Array<{ track_id: number }> }).tracks.map((t) => t.track_id)
    const [first, second, third, fourth] = tracks.map((track) => track.track_id)
    // 63 BPM counted double is 126: in range, ordered by the reading that matched.
    expect(await found("bpm", "120..128")).toEqual([first, third])
    expect(await found("bpm", "174")).toEqual([second])
    for (const spelling of ["8A", "A minor", "am", "08a"]) expect(await found("key", spelling)).toEqual([first])
    expect((await found("key", "8A", "--compatible")).sort()).toEqual([first, second, fourth].sort())
    const text = await w.crate("query", "key", "8A", "--compatible")
    expect(text.stdout.split("\n")[0]).toBe("key 8A (A minor) and compatible: 8B, 7A, 9A: 3 tracks")
    expect(text.stdout).toContain(`124.0 bpm   8A A minor    `)
    const release = await w.crate("query", "release", String(query<{ release_id: number }>(w.db, "SELECT release_id FROM tracks WHERE track_id = ?", first)[0]!.release_id))
    expect(release.stdout).toContain("analysis: 124 bpm (or 62), confidence 3.9 of 5.3 · A minor (8A)")
    const wrong = await w.crate("query", "key", "H minor")
    expect(wrong).toMatchObject({ code: 1, stdout: "" })
    expect(wrong.stderr).toBe("crate: key takes a key as Camelot or by name: `key 8A`, `key A minor`, `key F#m`; add --compatible for its neighbours\n")
  })

  it("a wrong query or an unknown release: one line on stderr, exit status 1", async () => {
    expect(await w.crate("query", "lyrics", "x")).toMatchObject({ code: 1, stdout: "", stderr: 'crate: unknown query "lyrics": try `help`\n' })
    expect(await w.crate("query", "release", "999")).toMatchObject({
      code: 1,
      stdout: "",
      stderr: "crate: release 999 is not in the database (sync it: crate run metadata --release-id 999)\n"
    })
  })

  it("interactive over piped stdin: answers each line in order, without a prompt", async () => {
    const result = await piped(w, "help\nartist SIGUR ros\n\nyear 1987\nnonsense\nquit\nstats\n")
    // A line that is not a query is an error a script sees: on stderr, and exit 1 once the rest is answered.
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('crate: "nonsense": unknown query "nonsense": try `help`\ncrate: 1 line was not a query (said above); the others were answered\n')
    expect(result.stdout).not.toContain("crate>")
    const answers = result.stdout.split("\n")
    expect(answers[0]).toBe("Queries:")
    expect(result.stdout).toContain("artist SIGUR ros: 1 release (Sigur Rós)")
    expect(result.stdout).toContain("year 1987: 1 release\n")
    // `quit` ends it: the stats after it are not answered.
    expect(result.stdout).not.toContain("Releases: 8 (")
  })

  it("interactive on a terminal (a pty through script): prompt, Tab completion of a name, history kept", async () => {
    const child = spawn("script", ["-qfec", `'${process.execPath}' '${crateBin}' query`, "/dev/null"], {
      cwd: w.dir,
      env: { PATH: process.env.PATH ?? "", HOME: w.dir, TERM: "xterm" },
      stdio: ["pipe", "pipe", "pipe"]
    })
    let output = ""
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()))
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve))
    const waitFor = async (pattern: RegExp, from = 0) => {
      for (let i = 0; i < 200 && !pattern.test(output.slice(from)); i++) await new Promise((resolve) => setTimeout(resolve, 50))
      expect(output.slice(from)).toMatch(pattern)
    }
    await waitFor(/crate> /)
    let mark = output.length
    child.stdin.write("artist sigur r")
    await waitFor(/sigur r/, mark)
    // A Tab on its own, as a person presses it (a Tab inside a paste is typed as is).
    child.stdin.write("\t")
    await waitFor(/artist Sigur Rós/, mark)
    mark = output.length
    child.stdin.write("\r")
    await waitFor(/artist Sigur Rós: 1 release \(Sigur Rós\)[\s\S]*crate> /, mark)
    child.stdin.write("quit\r")
    expect(await closed).toBe(0)
    expect(output).toContain("crate query: 8 releases.")
    // The completed line is remembered for the next session (`quit` is not).
    expect(readFileSync(join(w.dir, ".crate_history"), "utf8")).toBe("artist Sigur Rós\n")
  })
})

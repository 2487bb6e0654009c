import { Redacted } from "effect"
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { browseCollection, browseQuery, parseBrowse } from "../../src/serve/browse.ts"
import type { CollectionEntry } from "../../src/query/collection.ts"
import { byteRange, fileUrl, libraryFile } from "../../src/serve/files.ts"
import { type Guard, hostsFor, refusal, tokenAccepted } from "../../src/serve/guard.ts"
import { html, raw } from "../../src/serve/html.ts"
import { fold, searchForms } from "../../src/query/fold.ts"
import { tempDir } from "../support/tempDir.ts"

const guard: Guard = { hosts: hostsFor("127.0.0.1", 8337), token: "tok-123", password: null }
const get = (headers: Record<string, string>) => ({ method: "GET", headers })
const post = (headers: Record<string, string>) => ({ method: "POST", headers })

describe("the server's guard", () => {
  it("answers the loopback names with its port, and refuses any other Host (DNS rebinding)", () => {
    expect(refusal(guard, get({ host: "127.0.0.1:8337" }))).toBeNull()
    expect(refusal(guard, get({ host: "localhost:8337" }))).toBeNull()
    expect(refusal(guard, get({ host: "[::1]:8337" }))).toBeNull()
    expect(refusal(guard, get({ host: "evil.example:8337" }))?.status).toBe(421)
    expect(refusal(guard, get({ host: "127.0.0.1:9999" }))?.status).toBe(421)
    expect(refusal(guard, get({}))?.status).toBe(421)
  })

  it("takes a change only from its own origin", () => {
    expect(refusal(guard, post({ host: "127.0.0.1:8337", origin: "http://127.0.0.1:8337" }))).toBeNull()
    expect(refusal(guard, post({ host: "127.0.0.1:8337", origin: "http://evil.example" }))?.status).toBe(403)
    expect(refusal(guard, post({ host: "127.0.0.1:8337" }))?.message).toContain("origin missing")
  })

  it("checks the token of a change in constant time, and refuses a missing one", () => {
    expect(tokenAccepted(guard, "tok-123")).toBe(true)
    expect(tokenAccepted(guard, "tok-124")).toBe(false)
    expect(tokenAccepted(guard, "tok")).toBe(false)
    expect(tokenAccepted(guard, undefined)).toBe(false)
  })

  it("asks for the password when it has one (HTTP Basic, any user name)", () => {
    const locked: Guard = { ...guard, password: Redacted.make("s3cret") }
    const basic = (text: string) => `Basic ${Buffer.from(text).toString("base64")}`
    const denied = refusal(locked, get({ host: "127.0.0.1:8337" }))
    expect(denied?.status).toBe(401)
    expect(denied?.headers?.["www-authenticate"]).toContain("Basic")
    expect(refusal(locked, get({ host: "127.0.0.1:8337", authorization: basic("me:wrong") }))?.status).toBe(401)
    expect(refusal(locked, get({ host: "127.0.0.1:8337", authorization: basic("anyone:s3cret") }))).toBeNull()
  })

  it("on every interface, answers the machine's own addresses", () => {
    const hosts = hostsFor("0.0.0.0", 80)
    expect(hosts.has("127.0.0.1:80")).toBe(true)
    expect(hosts.has("evil.example:80")).toBe(false)
  })
})

describe("library files", () => {
  const library = () => {
    const dir = tempDir()
    const root = join(dir, "library")
    mkdirSync(join(root, "Artist - Title [1]"), { recursive: true })
    writeFileSync(join(root, "Artist - Title [1]", "A - Intro.opus"), "audio")
    writeFileSync(join(dir, "secret.txt"), "secret")
    return { dir, root }
  }

  it("are found by their path inside the library", async () => {
    const { root } = library()
    expect(await libraryFile(root, "Artist - Title [1]/A - Intro.opus")).toBe(join(root, "Artist - Title [1]", "A - Intro.opus"))
    expect(await libraryFile(root, "Artist - Title [1]/missing.opus")).toBeNull()
  })

  it("never outside it: not by .., not by an absolute path, not through a link", async () => {
    const { dir, root } = library()
    symlinkSync(join(dir, "secret.txt"), join(root, "Artist - Title [1]", "cover.jpg"))
    symlinkSync(dir, join(root, "escape"))
    expect(await libraryFile(root, "../secret.txt")).toBeNull()
    expect(await libraryFile(root, "Artist - Title [1]/../../secret.txt")).toBeNull()
    expect(await libraryFile(root, join(dir, "secret.txt"))).toBeNull()
    expect(await libraryFile(root, "Artist - Title [1]/cover.jpg")).toBeNull()
    expect(await libraryFile(root, "escape/secret.txt")).toBeNull()
    expect(await libraryFile(root, "")).toBeNull()
    expect(await libraryFile(root, "a\0b")).toBeNull()
  })

  it("have URLs with each part encoded", () => {
    expect(fileUrl("Mr. James Barth & A.D. - Knockin' Boots [2]/B2 - Yeah #1?.opus"))
      .toBe("/files/Mr.%20James%20Barth%20%26%20A.D.%20-%20Knockin'%20Boots%20%5B2%5D/B2%20-%20Yeah%20%231%3F.opus")
  })

  it("are sent in the byte ranges players ask for", () => {
    expect(byteRange(undefined, 100)).toBeNull()
    expect(byteRange("bytes=0-", 100)).toEqual({ start: 0, end: 99 })
    expect(byteRange("bytes=10-19", 100)).toEqual({ start: 10, end: 19 })
    expect(byteRange("bytes=90-200", 100)).toEqual({ start: 90, end: 99 })
    expect(byteRange("bytes=-10", 100)).toEqual({ start: 90, end: 99 })
    expect(byteRange("bytes=100-", 100)).toBe("unsatisfiable")
    expect(byteRange("bytes=20-10", 100)).toBe("unsatisfiable")
    expect(byteRange("bytes=0-1,5-6", 100)).toBeNull()
  })
})

const entry = (releaseId: number, artist: string, title: string, extra: Partial<CollectionEntry> = {}): CollectionEntry => ({
  releaseId,
  title,
  artist,
  year: 1999,
  labels: [{ name: "Svek", catno: `SK${releaseId}` }],
  genres: ["Electronic"],
  styles: ["Techno"],
  formats: ["Vinyl", "12\""],
  folders: [1],
  added: "2020-01-01T00:00:00-08:00",
  cover: null,
  tracks: 2,
  decided: 0,
  matched: 0,
  downloaded: 0,
  analysed: 0,
  coversDone: false,
  searchText: ` ${[...searchForms(artist), fold(title), "svek", fold(`SK${releaseId}`), "1999"].join(" ")} `,
  ...extra
})

describe("browsing the collection", () => {
  const entries = [
    entry(1, "Persuader, The", "Stockholm"),
    entry(2, "Sigur Rós", "Ágætis byrjun", { year: 1999, genres: ["Rock"], styles: ["Post Rock"], added: "2024-05-01T00:00:00Z" }),
    entry(3, "坂本龍一", "Merry Christmas Mr. Lawrence", { year: 1983, formats: ["CD"], folders: [2] }),
    entry(4, "Aphex Twin", "Selected Ambient Works 85-92", { year: 1992, added: "2022-01-01T00:00:00Z" })
  ]
  const ids = (query: string) => browseCollection(entries, parseBrowse(new URLSearchParams(query))).page.map((e) => e.releaseId)

  it("finds releases whatever the case, accents or script of the search", () => {
    expect(ids("q=SIGUR+ROS")).toEqual([2])
    expect(ids("q=agaetis")).toEqual([2])
    expect(ids("q=the+persuader")).toEqual([1])
    expect(ids("q=sk3")).toEqual([3])
    expect(ids("q=%E5%9D%82%E6%9C%AC")).toEqual([3])
    expect(ids("q=nothing+like+it")).toEqual([])
  })

  it("filters by genre, style, format, folder and years, and sorts by artist, year or date added", () => {
    expect(ids("genre=rock")).toEqual([2])
    expect(ids("style=post+rock")).toEqual([2])
    expect(ids("format=cd")).toEqual([3])
    expect(ids("folder=2")).toEqual([3])
    expect(ids("from=1990&to=1995")).toEqual([4])
    expect(ids("")).toEqual([4, 1, 2, 3])
    expect(ids("sort=year")).toEqual([3, 4, 1, 2])
    expect(ids("sort=added")).toEqual([2, 4, 1, 3])
  })

  it("reads a bad value as no filter, and writes its links without defaults", () => {
    const browse = parseBrowse(new URLSearchParams("from=soon&sort=colour&page=-3&q=%20x%20"))
    expect(browse).toMatchObject({ yearFrom: null, sort: "artist", page: 1, q: "x" })
    expect(browseQuery(browse, { page: 2 })).toBe("?q=x&page=2")
    expect(browseQuery(parseBrowse(new URLSearchParams("")))).toBe("")
  })
})

describe("html", () => {
  it("escapes what it is given and keeps its own markup", () => {
    const title = `<script>alert("x")</script> & 'co'`
    expect(html`<p title="${title}">${title}${raw("<br>")}${[1, null, false, "b"]}</p>`.text)
      .toBe(`<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;<br>1b</p>`)
  })
})

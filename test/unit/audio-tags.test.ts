import { describe, expect, it } from "vitest"
import { isTruncated } from "../../src/audio/downloadTrack.ts"
import { audioFileNames } from "../../src/audio/fileNames.ts"
import { fileNameProblem } from "../../src/config/fileNameTemplate.ts"
import { trackNumbers } from "../../src/audio/numbering.ts"
import { pictureComment } from "../../src/tools/picture.ts"
import { ffmetadata } from "../../src/tools/ffmpeg.ts"
import { releaseDate, type ReleaseInfo, vorbisComments } from "../../src/audio/tags.ts"
import { checkVideoUrl, commandLine, downloadArgs } from "../../src/audio/ytDlp.ts"

const release: ReleaseInfo = {
  releaseId: 1503102,
  title: "Never Gonna Give You Up",
  artist: "Rick Astley",
  released: "1987-00-00",
  year: 1987,
  label: "RCA Victor",
  catalogueNumber: "TDS 407",
  genres: ["Electronic", "Pop"]
}

describe("tags", () => {
  it("are Vorbis comments from the Discogs data, the track's own artist first", () => {
    expect(vorbisComments(release, { position: "B1", title: "Instrumental", artist: null, numbering: { number: 2, total: 3, disc: null } }))
      .toEqual([
        ["TITLE", "Instrumental"],
        ["ARTIST", "Rick Astley"],
        ["ALBUMARTIST", "Rick Astley"],
        ["ALBUM", "Never Gonna Give You Up"],
        ["TRACKNUMBER", "2"],
        ["TRACKTOTAL", "3"],
        ["DATE", "1987"],
        ["LABEL", "RCA Victor"],
        ["CATALOGNUMBER", "TDS 407"],
        ["GENRE", "Electronic; Pop"],
        ["DISCOGS_RELEASE_ID", "1503102"],
        ["DISCOGS_POSITION", "B1"]
      ])
    const compilation = vorbisComments({ ...release, label: null, catalogueNumber: null, genres: [], released: null, year: 0 }, {
      position: "2-05",
      title: "T",
      artist: "Walter Carlos",
      numbering: { number: 5, total: 9, disc: 2 }
    })
    expect(Object.fromEntries(compilation)).toMatchObject({ ARTIST: "Walter Carlos", ALBUMARTIST: "Rick Astley", DISCNUMBER: "2" })
    expect(compilation.map(([key]) => key)).not.toContain("DATE")
  })

  it("dates: as much of Discogs' `released` as is known, else the year", () => {
    expect(releaseDate("1999-07-13", 1999)).toBe("1999-07-13")
    expect(releaseDate("1999-03-00", 1999)).toBe("1999-03")
    expect(releaseDate("1987-00-00", 1987)).toBe("1987")
    expect(releaseDate("1987", 1987)).toBe("1987")
    expect(releaseDate(null, 1998)).toBe("1998")
    expect(releaseDate(null, 0)).toBeNull()
    expect(releaseDate(null, null)).toBeNull()
  })

  it("reach ffmpeg as an ffmetadata file with =, ;, #, \\ and newlines escaped", () => {
    expect(ffmetadata([["TITLE", "a=b; #1 \\ c\nd"], ["ARTIST", "x"]])).toBe(";FFMETADATA1\nTITLE=a\\=b\\; \\#1 \\\\ c\\\nd\nARTIST=x\n")
  })

  it("carry the cover as a FLAC picture block: front cover, MIME, size, depth, the bytes", () => {
    const data = Buffer.from([0xff, 0xd8, 0xff, 0xd9])
    const block = Buffer.from(pictureComment({ data, mime: "image/jpeg", width: 600, height: 500, depth: 24 }), "base64")
    let offset = 0
    const u32 = () => {
      const value = block.readUInt32BE(offset)
      offset += 4
      return value
    }
    const bytes = (n: number) => {
      const value = block.subarray(offset, offset + n)
      offset += n
      return value
    }
    expect(u32()).toBe(3)
    expect(bytes(u32()).toString()).toBe("image/jpeg")
    expect(bytes(u32()).toString()).toBe("")
    expect([u32(), u32(), u32(), u32()]).toEqual([600, 500, 24, 0])
    expect(bytes(u32())).toEqual(data)
    expect(offset).toBe(block.length)
  })
})

describe("track numbers", () => {
  it("count 1…N over vinyl sides and plain positions", () => {
    expect(trackNumbers(["A", "B1", "B2"])).toEqual([1, 2, 3].map((number) => ({ number, total: 3, disc: null })))
    expect(trackNumbers(["1", "2"]).map((n) => n.number)).toEqual([1, 2])
  })

  it("count within each disc when every position says disc-track", () => {
    expect(trackNumbers(["1-1", "1-2", "2-1", "CD2-2", "2.3"])).toEqual([
      { number: 1, total: 2, disc: 1 },
      { number: 2, total: 2, disc: 1 },
      { number: 1, total: 3, disc: 2 },
      { number: 2, total: 3, disc: 2 },
      { number: 3, total: 3, disc: 2 }
    ])
    // Ummagumma's index sub-tracks (C1.1) are sides, not discs.
    expect(trackNumbers(["A1", "C1.1", "C1.2"]).every((n) => n.disc === null)).toBe(true)
  })
})

describe("file names", () => {
  it("sort in track order by default: zero-padded numbers, disc-track for several discs, vinyl positions as written", () => {
    const cd = Array.from({ length: 12 }, (_, i) => ({ position: String(i + 1), title: `Song ${i + 1}` }))
    const names = audioFileNames(cd)
    expect(names.slice(0, 2)).toEqual(["01 - Song 1.opus", "02 - Song 2.opus"])
    expect([...names].sort()).toEqual(names)
    // Ummagumma-style CD positions and the 13-disc audiobook's "1-1"…"13-5".
    expect(audioFileNames([{ position: "1-1", title: "A" }, { position: "1-2", title: "B" }, { position: "2-1", title: "C" }]))
      .toEqual(["1-01 - A.opus", "1-02 - B.opus", "2-01 - C.opus"])
    expect(audioFileNames([{ position: "A1", title: "x" }, { position: "A2", title: "y" }, { position: "B1", title: "z" }]))
      .toEqual(["A1 - x.opus", "A2 - y.opus", "B1 - z.opus"])
  })

  it("follow the configured template, whose placeholders are checked", () => {
    expect(audioFileNames([{ position: "A2", title: "Östermalm", artist: "The Persuader" }, { position: "B1", title: "Vasastaden", artist: "The Persuader" }], "{track} {artist} - {title}"))
      .toEqual(["01 The Persuader - Östermalm.opus", "02 The Persuader - Vasastaden.opus"])
    expect(fileNameProblem("{number} - {title}")).toBeUndefined()
    expect(fileNameProblem("{nmber} - {title}")).toBe("unknown placeholder {nmber}: use {number}, {position}, {title}, {artist}, {disc}, {track}")
    expect(fileNameProblem("{artist}")).toBe("it must name the track: put {number} or {title} in it")
  })

  it("are safe, numbered when the position is empty, unique ignoring case", () => {
    expect(audioFileNames([
      { position: "A", title: "Never Gonna Give You Up" },
      { position: "B1", title: "AC/DC: \"Live\"?" },
      { position: "", title: "Hidden" },
      { position: "B2", title: "Same" },
      { position: "b2", title: "same" }
    ])).toEqual([
      "A - Never Gonna Give You Up.opus",
      "B1 - AC_DC_ _Live__.opus",
      "03 - Hidden.opus",
      "B2 - Same.opus",
      "b2 - same (2).opus"
    ])
    const [long] = audioFileNames([{ position: "1", title: "x".repeat(400) }])
    expect(Buffer.byteLength(long!)).toBeLessThanOrEqual(180)
    expect(long).toMatch(/\.opus$/)
  })
})

describe("the yt-dlp command line", () => {
  it("takes only http(s) URLs", () => {
    expect(checkVideoUrl("https://www.youtube.com/watch?v=dQw4w9WgXcQ")).toBe("https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    expect(checkVideoUrl("http://127.0.0.1:8080/media/x.webm")).toBe("http://127.0.0.1:8080/media/x.webm")
    for (const bad of ["file:///etc/passwd", "--exec=rm -rf ~", "javascript:alert(1)", "ftp://host/x", "https://user:pw@host/x", "dQw4w9WgXcQ"]) {
      expect(checkVideoUrl(bad)).toBeUndefined()
    }
  })

  const plain = { jsRuntime: null, cookies: null, cookiesFromBrowser: null, extraArgs: [] }

  it("is an array with a fixed output name, the URL last after `--`", () => {
    const args = commandLine(downloadArgs("/usr/bin/ffmpeg", "http://127.0.0.1:9", plain), "https://www.youtube.com/watch?v=-x")
    expect(args.slice(-2)).toEqual(["--", "https://www.youtube.com/watch?v=-x"])
    expect(args).toEqual(expect.arrayContaining(["--format", "bestaudio[acodec=opus]/bestaudio/best", "--extract-audio", "--audio-format", "opus", "--output", "audio.%(ext)s", "--ignore-config"]))
    expect(args.filter((arg) => arg === "--")).toHaveLength(1)
    expect(args).not.toContain("--js-runtimes")
  })

  it("carries the JavaScript runtime, the cookies and the user's own options, each value its own argument, all before `--`", () => {
    const session = {
      jsRuntime: "node:/opt/node 22/bin/node",
      cookies: "/home/me/cookies; rm -rf ~.txt",
      cookiesFromBrowser: "chrome:Profile 1",
      extraArgs: ["--extractor-args", "youtube:player_client=default,mweb"]
    }
    const args = commandLine(downloadArgs("/usr/bin/ffmpeg", "http://127.0.0.1:9", session), "https://www.youtube.com/watch?v=-x")
    const before = args.slice(0, args.indexOf("--"))
    const after = (flag: string) => before[before.indexOf(flag) + 1]
    expect(after("--js-runtimes")).toBe("node:/opt/node 22/bin/node")
    expect(after("--cookies")).toBe("/home/me/cookies; rm -rf ~.txt")
    expect(after("--cookies-from-browser")).toBe("chrome:Profile 1")
    expect(after("--extractor-args")).toBe("youtube:player_client=default,mweb")
    expect(args.slice(-2)).toEqual(["--", "https://www.youtube.com/watch?v=-x"])
  })
})

describe("a truncated download", () => {
  it("is more than 10% (at least 3 s) shorter than the video", () => {
    expect(isTruncated(8.0, 8)).toBe(false)
    expect(isTruncated(5.5, 8)).toBe(false)
    expect(isTruncated(4.9, 8)).toBe(true)
    expect(isTruncated(217, 240)).toBe(false)
    expect(isTruncated(200, 240)).toBe(true)
    expect(isTruncated(8, null)).toBe(false)
  })
})

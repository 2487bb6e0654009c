import { describe, expect, it } from "vitest"
import { acceptAt, type Candidate, decide, normalize, type WantedTrack } from "../../src/youtube/match/index.ts"
import { sameConsonants } from "../../src/youtube/match/consonants.ts"
import { splitFeaturing, withoutBrackets, withoutRemasterTag } from "../../src/youtube/match/normalize.ts"

const track = (title: string, artists: ReadonlyArray<string>, durationSeconds: number | null = null, album: string | null = null): WantedTrack =>
  ({ title, artists, durationSeconds, album })

let n = 0
const candidate = (title: string, fields: Partial<Candidate> = {}): Candidate => ({
  videoId: `vid${String(n++).padStart(8, "0")}`,
  title,
  artists: [],
  channel: null,
  album: null,
  durationSeconds: null,
  kind: "video",
  musicVideoType: null,
  description: null,
  source: "youtube-music",
  ...fields
})

const scoreOf = (wanted: WantedTrack, c: Candidate) => decide(wanted, [c]).ranked[0]!

describe("normalising text", () => {
  it("drops case, accents and punctuation, spells out ø/ł/ß, keeps every script", () => {
    expect(normalize("Zapach Zimy i Papierosów!")).toBe("zapach zimy i papierosow")
    expect(normalize("SHDØW & Żółtański")).toBe("shdow and zoltanski")
    expect(normalize("Don't Stop — (Live)")).toBe("dont stop live")
    expect(normalize("Чумачечая весна")).toBe("чумачечая весна")
    expect(normalize("解憶")).toBe("解憶")
  })

  it("takes featuring credits out of a title, bracketed or not, and strips bracketed suffixes", () => {
    expect(splitFeaturing("Open Arms (feat. Travis Scott)")).toEqual({ title: "Open Arms", featured: ["Travis Scott"] })
    expect(splitFeaturing("STAY (with Justin Bieber)")).toEqual({ title: "STAY", featured: ["Justin Bieber"] })
    expect(splitFeaturing("Brak snu feat. Arab & Kaz - Remix")).toEqual({ title: "Brak snu - Remix", featured: ["Arab", "Kaz"] })
    expect(withoutBrackets("Twinbow (Jauz Remix) [Live]")).toBe("Twinbow")
  })
})

describe("scoring a candidate", () => {
  const pianoMan = track("Piano Man", ["Billy Joel"], 339)

  it("a studio recording with title, artist and duration right scores 100", () => {
    const scored = scoreOf(pianoMan, candidate("Piano Man", { artists: ["Billy Joel"], durationSeconds: 339, kind: "song" }))
    expect(scored.score).toBe(100)
    expect(scored.notes).toEqual([])
  })

  it("a live upload or a remix loses to the studio track", () => {
    const studio = candidate("Piano Man", { artists: ["Billy Joel"], durationSeconds: 338, kind: "song" })
    const live = candidate("Billy Joel - Piano Man (Live at Shea Stadium)", { channel: "Billy Joel", durationSeconds: 341 })
    const remix = candidate("Piano Man (Club Remix)", { artists: ["Billy Joel"], durationSeconds: 340, kind: "song" })
    const decision = decide(pianoMan, [live, remix, studio])
    expect(decision.match?.candidate).toBe(studio)
    for (const other of decision.ranked.slice(1)) expect(other.score).toBeLessThan(acceptAt)
    expect(decision.ranked.find((s) => s.candidate === live)!.notes).toContain(`title has "live"`)
  })

  it("matches version words on whole words only: Oliver is not live, Discover is not a cover", () => {
    const oliver = scoreOf(track("Oliver", ["Oliver Tree"]), candidate("Oliver Tree - Oliver", { channel: "Oliver Tree" }))
    expect(oliver.parts.penalties).toBe(0)
    const discover = scoreOf(track("Discover", ["Daft Punk"]), candidate("Discover", { artists: ["Daft Punk"], kind: "song" }))
    expect(discover.parts.penalties).toBe(0)
  })

  it("penalises each of live, remix, cover, karaoke, instrumental, sped up, slowed, reverb, 8d, nightcore and reaction", () => {
    for (const word of ["Live", "Remix", "Cover", "Karaoke", "Instrumental", "Sped Up", "Slowed", "Reverb", "8D", "Nightcore", "Reaction"]) {
      const scored = scoreOf(pianoMan, candidate(`Billy Joel - Piano Man (${word})`, { channel: "Billy Joel", durationSeconds: 339 }))
      expect(scored.score, word).toBeLessThan(acceptAt)
    }
  })

  it("a lyrics video costs only a little", () => {
    const scored = scoreOf(pianoMan, candidate("Billy Joel - Piano Man (Lyrics)", { channel: "Lyrics Hub", durationSeconds: 339 }))
    expect(scored.score).toBeGreaterThanOrEqual(acceptAt)
    expect(scored.notes).toContain("a lyrics video")
  })

  it("a version the track names must be in the candidate: the plain song is not the instrumental", () => {
    const instrumental = track("Never Gonna Give You Up (Instrumental)", ["Rick Astley"], 381)
    expect(scoreOf(instrumental, candidate("Rick Astley - Never Gonna Give You Up", { channel: "Rick Astley", durationSeconds: 213 })).score).toBeLessThan(acceptAt)
    expect(scoreOf(instrumental, candidate("Never Gonna Give You Up (Instrumental)", { artists: ["Rick Astley"], durationSeconds: 381, kind: "song" })).score).toBe(100)
  })

  it("the duration is a strong signal when Discogs has one, and skipped when it has none", () => {
    const video = candidate("Piano Man", { artists: ["Billy Joel"], durationSeconds: 388, kind: "video" })
    expect(scoreOf(pianoMan, video).score).toBeLessThan(acceptAt)
    expect(scoreOf(pianoMan, video).notes).toContain("duration differs by 49 s")
    const noDuration = scoreOf(track("Piano Man", ["Billy Joel"]), video)
    expect(noDuration.parts.duration).toBeNull()
    expect(noDuration.score).toBeGreaterThanOrEqual(acceptAt)
  })

  it("a track without a duration still matches on title and artist, but a bare title with no artist shown does not", () => {
    const wanted = track("Pantamera", ["De Vet Du"])
    expect(scoreOf(wanted, candidate("Pantamera", { artists: ["De Vet Du"], kind: "song" })).score).toBeGreaterThanOrEqual(acceptAt)
    expect(scoreOf(wanted, candidate("Pantamera", { kind: "unknown" })).score).toBeLessThan(acceptAt)
  })

  it("a song credited to someone else is a cover, even when its title names the artist", () => {
    const wanted = track("On My Way", ["Alan Walker", "Sabrina Carpenter", "Farruko"], 194)
    const tribute = candidate("On My Way (Alan Walker)", { artists: ["Rousseau"], durationSeconds: 194, kind: "song" })
    expect(scoreOf(wanted, tribute).score).toBeLessThan(acceptAt)
    expect(scoreOf(wanted, tribute).notes).toContain("credited to Rousseau")
    // A video's "artist" is its uploader: an "Artist - Title" upload by a label channel is fine.
    const label = candidate("Alan Walker - On My Way", { artists: ["Label Channel"], channel: "Label Channel", durationSeconds: 194 })
    expect(scoreOf(wanted, label).score).toBeGreaterThanOrEqual(acceptAt)
  })

  it("a longer title is not the same song: \"Man\" is not \"Piano Man\"", () => {
    expect(scoreOf(track("Man", ["Billy Joel"], 300), candidate("Piano Man", { artists: ["Billy Joel"], durationSeconds: 300, kind: "song" })).score).toBeLessThan(acceptAt)
  })

  it("words in brackets the track lacks name another version: (just SZA), (Old Grey Whistle Test)", () => {
    const scored = scoreOf(track("Open Arms (feat. Travis Scott)", ["SZA", "Travis Scott"], 240), candidate("Open Arms (just SZA)", { artists: ["SZA"], durationSeconds: 242 }))
    expect(scored.score).toBeLessThan(acceptAt)
    expect(scored.notes).toContain(`a version "(just)" the track title does not name`)
  })

  it("artist, album and noise words around the title cost nothing: \"02. Title - (Artist) - [Album]\"", () => {
    const wanted = track("The Thieving Magpie (Abridged)", ["Gioacchino Rossini"], 357, "Stanley Kubrick's A Clockwork Orange (Music From The Soundtrack)")
    const scored = scoreOf(wanted, candidate("02. The Thieving Magpie: Abridged - (Gioachino Rossini) - [A Clockwork Orange]", { durationSeconds: 358, kind: "unknown", source: "discogs-video" }))
    expect(scored.score).toBe(100)
  })

  it("in an \"Artist - Title\" video title, brackets in the artist part are not a version", () => {
    const scored = scoreOf(track("Östermalm", ["Persuader, The"], 285, "Stockholm"), candidate("The Persuader (Jesper Dahlbäck) - Östermalm", { durationSeconds: 290, kind: "unknown", source: "discogs-video" }))
    expect(scored.score).toBeGreaterThanOrEqual(acceptAt)
    expect(scored.parts.penalties).toBe(0)
  })

  it("a number in the track title names which one it is: \"Vol. 2\" is not \"Vol.1\"", () => {
    const wanted = { ...track("Vol. 2", ["Care Company"], 336, "Profound Sounds Vol. 1"), releaseArtists: ["Josh Wink"] }
    const scored = scoreOf(wanted, candidate("Profound Sounds Vol.1 - Josh Wink", { durationSeconds: 337, kind: "unknown", source: "discogs-video" }))
    expect(scored.score).toBeLessThan(acceptAt)
    expect(scored.notes).toContain(`title lacks the number "2"`)
  })

  it("the release's artist counts less than the track's own (a DJ mix's compiler, a band on a member's piece)", () => {
    const wanted = { ...track("Sysyphus: Part 1", ["Richard Wright"], null, "Ummagumma"), releaseArtists: ["Pink Floyd"] }
    const scored = scoreOf(wanted, candidate("Pink Floyd - Sysyphus, Pt. 1", { channel: "Pink Floyd Archive" }))
    expect(scored.parts.artist).toBe(12)
    expect(scored.notes).toContain("only the release's artist named")
  })

  it("official audio gets a bonus: a YouTube Music song, a Topic channel, \"Provided to YouTube by\"", () => {
    const wanted = track("Blue Frank", ["Angelo Badalamenti"])
    const plain = scoreOf(wanted, candidate("Blue Frank", { channel: "Angelo Badalamenti" })).score
    expect(scoreOf(wanted, candidate("Blue Frank", { artists: ["Angelo Badalamenti"], kind: "song" })).score).toBeGreaterThan(plain)
    expect(scoreOf(wanted, candidate("Blue Frank", { channel: "Angelo Badalamenti - Topic" })).score).toBeGreaterThan(plain)
    expect(scoreOf(wanted, candidate("Blue Frank", { channel: "Angelo Badalamenti", description: "Provided to YouTube by Warner\n\nBlue Frank · Angelo Badalamenti" })).score).toBeGreaterThan(plain)
  })
})

describe("deciding", () => {
  it("keeps every candidate with its score, best first; ties keep the search's order; excluded videos are never chosen", () => {
    const wanted = track("Twinbow", ["Slushii", "Marshmello"])
    const first = candidate("Twinbow", { artists: ["Marshmello", "Slushii"], kind: "song" })
    const second = candidate("Twinbow", { artists: ["Slushii", "Marshmello"], kind: "song" })
    const other = candidate("Fly High", { artists: ["Slushii"], kind: "song" })
    const decision = decide(wanted, [other, first, second])
    expect(decision.ranked.map((s) => s.candidate)).toEqual([first, second, other])
    expect(decision.match?.candidate).toBe(first)
    expect(decide(wanted, [first, second], new Set([first.videoId])).match?.candidate).toBe(second)
  })

  it("records no match, with the best candidate and its score, when nothing is convincing", () => {
    const decision = decide(track("Piano Man", ["Billy Joel"], 339), [candidate("Uptown Girl", { artists: ["Billy Joel"], durationSeconds: 197, kind: "song" })])
    expect(decision.match).toBeNull()
    expect(decision.best?.candidate.title).toBe("Uptown Girl")
    expect(decision.best!.score).toBeLessThan(acceptAt)
    expect(decide(track("Piano Man", ["Billy Joel"]), [])).toEqual({ match: null, best: null, ranked: [] })
  })
})

describe("records of the whole world (issue #14's rules, on names from the fixtures)", () => {
  const pianoMan = track("Piano Man", ["Billy Joel"], 339)
  const vesna = (title: string, artists: ReadonlyArray<string>) => candidate(title, { artists, durationSeconds: 194, kind: "song" })

  it("a track Discogs credits in Latin letters finds YouTube Music's song in Cyrillic, and the reverse", () => {
    const latin = track("Chumachechaya Vesna", ["Potap i Nastya"], 194, "Vse Puchkom")
    const scored = scoreOf(latin, vesna("Чумачечая весна", ["Потап и Настя"]))
    expect(scored.score).toBeGreaterThanOrEqual(acceptAt)
    expect(scored.notes).toContain("compared in Latin letters")
    const cyrillic = track("Чумачечая весна", ["Потап и Настя"], 194, "Всё пучком")
    expect(scoreOf(cyrillic, vesna("Chumachechaya Vesna", ["Potap i Nastya"])).score).toBeGreaterThanOrEqual(acceptAt)
    // Another song by them stays another song, in any script.
    expect(scoreOf(latin, vesna("Мы отменяем К.С.", ["Потап и Настя"])).score).toBeLessThan(acceptAt)
  })

  it("a karaoke channel's upload is another version, whatever the language the word is in and wherever it stands", () => {
    const omrim = track("אומרים עליה", ["Avi Aburomi"], 213, "אומרים עליה")
    const official = candidate("אומרים עליה", { artists: ["אבי אבורומי - Avi Aburomi"], durationSeconds: 213, kind: "song" })
    const karaoke = candidate("אומרים עליה", { channel: "Karaoke Israel קריוקי", durationSeconds: 218 })
    const hebrewOnly = candidate("אומרים עליה - קריוקי", { channel: "שרים ביחד", durationSeconds: 213 })
    const decision = decide(omrim, [karaoke, hebrewOnly, official])
    expect(decision.match?.candidate).toBe(official)
    const of = (c: Candidate) => decision.ranked.find((s) => s.candidate === c)!
    expect(of(karaoke).score).toBeLessThan(acceptAt)
    expect(of(karaoke).notes.join(" · ")).toContain(`uploader or artist has "karaoke"`)
    expect(of(hebrewOnly).score).toBeLessThan(acceptAt)
    expect(of(hebrewOnly).notes.join(" · ")).toContain(`title has "קריוקי"`)
    // Japanese writes without spaces: the word counts inside a longer title too.
    const hikari = track("光", ["Ai kamano"], 300, "HUMAN")
    expect(scoreOf(hikari, candidate("光カラオケ", { channel: "Ai Kamano", durationSeconds: 300 })).notes.join(" · ")).toContain(`title has "カラオケ"`)
  })

  it("an artist's name is never read as a penalty word, and is found without its leading \"The\"", () => {
    const persuader = track("Östermalm", ["The Persuader"], 285, "Stockholm")
    const bare = scoreOf(persuader, candidate("Persuader - Östermalm", { channel: "Svek", durationSeconds: 285 }))
    expect(bare.parts.artist).toBe(25)
    const live = track("Lightning Crashes", ["Live"], 325, "Throwing Copper")
    const band = scoreOf(live, candidate("Live - Lightning Crashes", { channel: "LIVE", durationSeconds: 326 }))
    expect(band.score).toBeGreaterThanOrEqual(acceptAt)
    expect(band.notes.join(" ")).not.toContain(`"live"`)
  })

  it("Mix, Remix and Version name the same thing; (Original Mix) and (Digital Remaster) name the usual version", () => {
    const twinbow = track("Twinbow (Jauz Mix)", ["Slushii", "Marshmello"], 240, "Twinbow (Remixes)")
    const remix = scoreOf(twinbow, candidate("Twinbow (Jauz Remix)", { artists: ["Slushii", "Marshmello"], durationSeconds: 240, kind: "song" }))
    expect(remix.score).toBeGreaterThanOrEqual(acceptAt)
    expect(remix.notes.join(" ")).not.toMatch(/lacks|has "remix"/)
    const extended = track("On My Way (Extended Mix)", ["Alan Walker"], 290, null)
    expect(scoreOf(extended, candidate("Alan Walker - On My Way (Extended Version)", { channel: "Alan Walker", durationSeconds: 290 })).notes.join(" ")).not.toMatch(/lacks/)
    // A remix is still not the original: "(Original Mix)" names the usual version, not a mix.
    const original = track("Östermalm (Original Mix)", ["The Persuader"], 285, "Stockholm")
    expect(scoreOf(original, candidate("Östermalm (Jesper Dahlbäck Remix)", { channel: "The Persuader", durationSeconds: 285 })).score).toBeLessThan(acceptAt)
    const plain = track("Östermalm", ["The Persuader"], 285, "Stockholm")
    for (const usual of ["The Persuader - Östermalm (Original Mix)", "The Persuader - Östermalm (Digital Remaster)"]) {
      const scored = scoreOf(plain, candidate(usual, { channel: "Svek", durationSeconds: 285 }))
      expect(scored.notes.join(" "), usual).not.toContain("a version")
      expect(scored.score, usual).toBeGreaterThanOrEqual(acceptAt)
    }
  })

  it("a release that is itself live accepts live uploads; a side of a record is not one track", () => {
    const echoes = track("Echoes", ["Pink Floyd"], 1485, "Live At Pompeii")
    expect(scoreOf(echoes, candidate("Pink Floyd - Echoes (Live at Pompeii)", { channel: "Pink Floyd", durationSeconds: 1490 })).score).toBeGreaterThanOrEqual(acceptAt)
    const studio = track("Echoes", ["Pink Floyd"], 1410, "Meddle")
    expect(scoreOf(studio, candidate("Pink Floyd - Echoes (Live at Pompeii)", { channel: "Pink Floyd", durationSeconds: 1490 })).score).toBeLessThan(acceptAt)
    const side = scoreOf(track("Sysyphus", ["Pink Floyd"], null, "Ummagumma"), candidate("Pink Floyd - Ummagumma Side C", { channel: "Pink Floyd" }))
    expect(side.score).toBeLessThan(acceptAt)
  })

  it("the release's own label, catalogue number and year in an upload's brackets are not a version; a video far longer than the release's tracks is not one of them", () => {
    const wanted = { ...track("Östermalm", ["The Persuader"], null, "Stockholm"), releaseWords: ["Svek", "SK032", "1999"], longestOnRelease: 371 }
    const labelled = scoreOf(wanted, candidate("The Persuader - Östermalm [Svek SK032]", { channel: "deephouse", durationSeconds: 285 }))
    expect(labelled.notes.join(" ")).not.toContain("a version")
    expect(labelled.score).toBeGreaterThanOrEqual(acceptAt)
    const wholeSide = scoreOf(wanted, candidate("The Persuader - Östermalm / Vasastaden / Kungsholmen", { channel: "The Persuader", durationSeconds: 1200 }))
    expect(wholeSide.notes).toContain("longer than any track of the release (20 min)")
    expect(wholeSide.score).toBeLessThan(acceptAt)
  })

  it("an artist credited only in another script is read from an exact album and length; a video crediting none of the track's artists needs more than title and length", () => {
    const mechake = track("מחכה לך", ["Avi Aburomi"], 252, "מחכה לך")
    const hebrewCredit = scoreOf(mechake, candidate("מחכה לך", { artists: ["אבי אבורומי"], album: "מחכה לך", durationSeconds: 252, kind: "song" }))
    expect(hebrewCredit.notes).toContain("artist in another script; album and length agree")
    expect(hebrewCredit.score).toBeGreaterThanOrEqual(acceptAt)
    const elsewhere = scoreOf(mechake, candidate("מחכה לך", { artists: ["אבי אבורומי"], album: "להיטים", durationSeconds: 252, kind: "song" }))
    expect(elsewhere.score).toBeLessThan(acceptAt)
    const stranger = scoreOf(pianoMan, candidate("Piano Man", { channel: "Evening Lounge Band", durationSeconds: 339, musicVideoType: "MUSIC_VIDEO_TYPE_ATV" }))
    expect(stranger.notes).toContain("artist not found")
    expect(stranger.score).toBeLessThan(acceptAt)
  })

  it("a bilingual \"A = B\" title matches either half", () => {
    const hikari = track("光 = Hikari", ["Ai kamano"], 300, "HUMAN")
    expect(scoreOf(hikari, candidate("光", { artists: ["Ai Kamano"], durationSeconds: 300, kind: "song" })).score).toBeGreaterThanOrEqual(acceptAt)
    expect(scoreOf(hikari, candidate("Hikari", { artists: ["Ai Kamano"], durationSeconds: 300, kind: "song" })).score).toBeGreaterThanOrEqual(acceptAt)
  })

  it("a featured artist YouTube Music moved into the title counts as credited, not as a version", () => {
    const popcorn = track("POPCORN", ["Ai kamano", "庫太郎"], 185, "HUMAN")
    const moved = scoreOf(popcorn, candidate("POPCORN (feat. Kotaro)", { artists: ["Ai Kamano"], durationSeconds: 186, kind: "song", musicVideoType: "MUSIC_VIDEO_TYPE_ATV" }))
    expect(moved.score).toBe(100)
    expect(moved.notes).toEqual([])
    const million = track("מיליון דולר", ["Noa Kirel", "שחר סאול"], 173, "מיליון דולר")
    const listed = candidate("מיליון דולר (feat. Shahar Saul)", { artists: ["Noa Kirel"], album: "מיליון דולר", durationSeconds: 174, kind: "song" })
    const noArtist = candidate("מליון דולר", { durationSeconds: 168, kind: "song" })
    expect(decide(million, [noArtist, listed]).match?.candidate).toBe(listed)
    expect(decide({ ...million, durationSeconds: null }, [noArtist, listed]).match?.candidate).toBe(listed)
  })

  it("names in Hebrew or Arabic letters are read by their consonants when the other side writes them in Latin letters", () => {
    expect(sameConsonants("Ortega", "אורטגה")).toBe(true)
    expect(sameConsonants("Noa Kirel", "נועה קירל")).toBe(true)
    expect(sameConsonants("Amr Diab", "عمرو دياب")).toBe(true)
    expect(sameConsonants("Noa Kirel", "נסרין קדרי")).toBe(false)
    // Two consonants are too few to tell names apart; the same script is compared as written.
    expect(sameConsonants("Tuna", "טונה")).toBe(false)
    expect(sameConsonants("Ortega", "Ortega")).toBe(false)
    const hustle = track("האסל", ["Ortega", "Tuna"], 161, "זהב שחור")
    const scored = scoreOf(hustle, candidate("האסל (feat. טונה)", { artists: ["אורטגה"], durationSeconds: 161, kind: "song" }))
    expect(scored.notes).toContain(`artist's consonants agree ("ortega")`)
    expect(scored.score).toBeGreaterThanOrEqual(acceptAt)
    const other = scoreOf(hustle, candidate("האסל", { artists: ["נסרין קדרי"], durationSeconds: 161, kind: "song" }))
    expect(other.score).toBeLessThan(acceptAt)
  })

  it("a remaster tag names the same recording, its year no other song; the track's own album wins over a compilation", () => {
    expect(withoutRemasterTag("Bigmouth Strikes Again - 2011 Remaster")).toBe("Bigmouth Strikes Again")
    expect(withoutRemasterTag("Have Yourself A Merry Little Christmas (Remastered 1999)")).toBe("Have Yourself A Merry Little Christmas")
    expect(withoutRemasterTag("Bigmouth Strikes Again (2017 Master)")).toBe("Bigmouth Strikes Again")
    expect(withoutRemasterTag("Master of Puppets")).toBe("Master of Puppets")
    const bigmouth = track("Bigmouth Strikes Again - 2011 Remaster", ["The Smiths"], null, "The Queen Is Dead")
    const deluxe = candidate("Bigmouth Strikes Again (2017 Master)", { artists: ["The Smiths"], album: "The Queen Is Dead (Deluxe Edition)", kind: "song" })
    const compilation = candidate("Bigmouth Strikes Again", { artists: ["The Smiths"], album: "The World Won't Listen", kind: "song" })
    const decision = decide(bigmouth, [compilation, deluxe])
    expect(decision.match?.candidate).toBe(deluxe)
    expect(decision.match?.notes).toEqual(["on the track's own album"])
  })

  it("a video listed twice (a top-result card without its album, a list item with it) counts as its best listing", () => {
    const hustle = track("האסל", ["Ortega", "Tuna"], 161, "זהב שחור")
    const card = candidate("האסל (feat. טונה)", { videoId: "oPy1ovNxF2M", artists: ["אורטגה"], durationSeconds: 161, kind: "song" })
    const item = { ...card, album: "זהב שחור" }
    const decision = decide(hustle, [card, item])
    expect(decision.ranked).toHaveLength(1)
    expect(decision.match?.candidate).toBe(item)
  })

  it("a sub-track is not matched by its index track's title alone (Ummagumma's \"Sysyphus\" parts)", () => {
    const part = (n: number) => ({ title: `Sysyphus: Part ${n}`, artists: ["Richard Wright"], releaseArtists: ["Pink Floyd"], durationSeconds: null, album: "Ummagumma" })
    const whole = candidate("Pink Floyd - Sysyphus", { channel: "Pink Floyd", durationSeconds: 780 })
    const first = candidate("Pink Floyd - Sysyphus Part 1", { channel: "Pink Floyd", durationSeconds: 60 })
    expect(decide(part(1), [whole, first]).match?.candidate).toBe(first)
    expect(decide(part(2), [whole, first]).match).toBeNull()
  })
})

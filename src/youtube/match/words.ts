/**
 * Word lists of the matcher, normalised (see normalize.ts) and matched on whole words, so
 * that "live" does not fire on "Oliver" nor "cover" on "Discover".
 */

/** A candidate title with one of these, when the track title lacks it, is another version of the recording. */
export const otherVersionWords: ReadonlyArray<string> = [
  "live", "live at", "en vivo", "ao vivo", "concert", "unplugged", "rehearsal",
  "remix", "rmx", "mashup", "bootleg",
  "cover", "karaoke", "instrumental", "acapella", "a cappella", "minus one", "backing track",
  "acoustic", "demo", "piano version", "orchestral version",
  "sped up", "speed up", "spedup", "slowed", "reverb", "8d", "8d audio", "nightcore", "daycore",
  "bass boosted", "bassboosted", "chipmunk", "chipmunks", "lofi", "lo fi", "music box",
  "reaction", "reacts", "tutorial", "lesson", "how to play", "hour", "hours", "loop",
  // Not the track alone: a whole record, several songs, or a piece of one.
  "full album", "full soundtrack", "full lp", "full ep", "complete album", "whole album", "album completo",
  "medley", "megamix", "snippet", "preview", "teaser",
  // One side of a record, not one track of it.
  "side a", "side b", "a side", "b side", "side 1", "side 2", "face a", "face b", "lado a", "lado b",
  // The same words in the collection's other languages (whole words; in scripts written without
  // spaces, anywhere: see `hasVersionWord`).
  "tribute", "in the style of", "karaoke version", "караоке", "кавер", "ремикс", "инструментал", "концерт", "живое выступление",
  "καραόκε", "ζωντανά", "קריוקי", "קאבר", "רמיקס", "הופעה חיה", "كاريوكي", "ريمكس",
  "カラオケ", "カバー", "リミックス", "ライブ", "弾いてみた", "歌ってみた", "伴奏", "翻唱", "卡拉ok", "现场", "노래방", "커버", "리믹스", "라이브",
  "live version", "versión en vivo", "en directo", "na żywo", "live aus", "karaoké"
]

/** Lyric videos usually carry the studio recording: a mild penalty only. */
export const mildWords: ReadonlyArray<string> = ["lyrics", "lyric", "lyric video", "letra", "paroles", "testo"]

/**
 * Words in the track's own title that name a version: a candidate without them is probably
 * another version ("(Instrumental)", "(Cake Mix)", "(Live)").
 */
export const versionWords: ReadonlyArray<string> = [
  "live", "remix", "rmx", "mix", "dub", "instrumental", "acoustic", "edit", "extended", "version",
  "demo", "reprise", "unplugged", "acapella", "karaoke", "cover", "radio edit", "club"
]

/** Version words that name the same thing: a track's "Extended Mix" is a video's "Extended Version" or "Extended Remix". */
export const sameVersion: ReadonlyArray<ReadonlySet<string>> = [new Set(["mix", "remix", "rmx", "version"])]

/** Live words, which a release that is itself live has on every track. */
export const liveWords: ReadonlySet<string> = new Set(["live", "live at", "en vivo", "ao vivo", "concert", "live version", "en directo", "na żywo", "live aus"])

/** Phrases that name the usual version: dropped before looking for version words. */
export const usualVersionPhrases: ReadonlyArray<string> = ["original mix", "original version", "album version", "single version", "digital remaster", "remastered version"]

/** Words a video title adds around the track title without changing what it is. */
export const noiseWords: ReadonlySet<string> = new Set([
  "official", "oficial", "officiel", "ufficiale", "video", "videoclip", "clip", "audio", "music", "musica", "musik",
  "hd", "hq", "4k", "1080p", "720p", "mv", "m", "v", "visualizer", "visualiser", "topic", "full", "song", "track",
  "original", "remastered", "remaster", "remasterizado", "digital", "digitally", "stereo", "mono", "mono version", "explicit", "clean",
  "feat", "ft", "featuring", "prod", "by", "with", "and", "x", "vs", "mit", "und", "con", "avec", "et", "y", "e", "med", "z", "i",
  "the", "a", "an", "of", "from", "in", "on", "la", "le", "el", "der", "die", "das",
  "ost", "soundtrack", "single", "album", "ep", "lp", "vinyl", "rip", "records", "recordings", "provided", "premiere", "new"
])

/** Track numbers and years around a title ("02.", "1953") are noise too. */
export const isNumberWord = (word: string): boolean => /^\d{1,4}$/.test(word)

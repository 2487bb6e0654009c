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
  "medley", "megamix", "snippet", "preview", "teaser"
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

/** Phrases that name the usual version: dropped before looking for version words. */
export const usualVersionPhrases: ReadonlyArray<string> = ["original mix", "original version", "album version", "single version"]

/** Words a video title adds around the track title without changing what it is. */
export const noiseWords: ReadonlySet<string> = new Set([
  "official", "oficial", "officiel", "ufficiale", "video", "videoclip", "clip", "audio", "music", "musica", "musik",
  "hd", "hq", "4k", "1080p", "720p", "mv", "m", "v", "visualizer", "visualiser", "topic", "full", "song", "track",
  "original", "remastered", "remaster", "remasterizado", "stereo", "mono", "mono version", "explicit", "clean",
  "feat", "ft", "featuring", "prod", "by", "with", "and", "x", "vs", "mit", "und", "con", "avec", "et", "y", "e", "med", "z", "i",
  "the", "a", "an", "of", "from", "in", "on", "la", "le", "el", "der", "die", "das",
  "ost", "soundtrack", "single", "album", "ep", "lp", "vinyl", "rip", "records", "recordings", "provided", "premiere", "new"
])

/** Track numbers and years around a title ("02.", "1953") are noise too. */
export const isNumberWord = (word: string): boolean => /^\d{1,4}$/.test(word)

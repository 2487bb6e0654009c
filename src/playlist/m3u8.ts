import { relative, sep } from "node:path"
import type { TrackListing } from "../query/tracks.ts"

// A title on an #EXTINF line ends at the line: a line break in it would start a new entry.
const oneLine = (text: string) => text.replace(/[\r\n]+/g, " ")

/**
 * An extended M3U playlist in UTF-8: each track's length and "Artist - Title", then its
 * path relative to the playlist's folder (with `/`), so that the library and its playlists
 * can move together.
 */
export const m3u8 = (tracks: ReadonlyArray<TrackListing>, library: string, playlistFolder: string): string => {
  const lines = ["#EXTM3U"]
  for (const track of tracks) {
    if (track.path === null) continue
    const seconds = track.duration_seconds === null ? -1 : Math.round(track.duration_seconds)
    lines.push(`#EXTINF:${seconds},${oneLine(`${track.artist} - ${track.title}`)}`)
    const path = relative(playlistFolder, `${library}${sep}${track.path}`).split(sep).join("/")
    // A line starting with # is a comment to players: "#1 Hits/…" is written "./#1 Hits/…".
    lines.push(path.startsWith("#") ? `./${path}` : path)
  }
  // Players skip #-lines they do not know; this one tells ffmpeg's reader (ffplay, mpv) the list is whole, not a live stream.
  lines.push("#EXT-X-ENDLIST")
  return `${lines.join("\n")}\n`
}

import { describe, expect, it } from "vitest"
import { TrackFailed } from "../../src/audio/downloadTrack.ts"
import { classify, describe as describeFailure, errorLine, type Failure, reasonWord } from "../../src/audio/failures.ts"
import { releaseError } from "../../src/audio/releaseError.ts"

// ERROR lines as yt-dlp prints them: the [generic] ones were produced on this machine (yt-dlp
// 2023.03.04 against loopback); the [youtube] ones carry YouTube's own reasons, as yt-dlp relays them.
const lines = {
  notFound:
    "ERROR: [generic] None: Unable to download webpage: HTTP Error 404: Not Found (caused by <HTTPError 404: 'Not Found'>); please report this issue on  https://github.com/yt-dlp/yt-dlp/issues?q= , filling out the appropriate issue template. Confirm you are on the latest version using  yt-dlp -U",
  refused:
    "ERROR: [generic] None: Unable to download webpage: <urlopen error [Errno 111] Connection refused> (caused by URLError(ConnectionRefusedError(111, 'Connection refused')))",
  cut: "ERROR: [download] Got error: Downloaded 70104 bytes, expected 80119 bytes. Giving up after 2 retries",
  botCheck:
    "ERROR: [youtube] dQw4w9WgXcQ: Sign in to confirm you’re not a bot. Use --cookies-from-browser or --cookies for the authentication. See  https://github.com/yt-dlp/yt-dlp/wiki/FAQ#how-do-i-pass-cookies-to-yt-dlp  for how to manually pass cookies",
  botCheck429:
    "ERROR: [generic] None: Unable to download webpage: HTTP Error 429: Sign in to confirm you're not a bot. This helps protect our community (caused by <HTTPError 429: \"Sign in to confirm you're not a bot\">)",
  sessionLimit:
    "ERROR: [youtube] dQw4w9WgXcQ: Video unavailable. This content isn't available, try again later. The current session has been rate-limited by YouTube for up to an hour. It is recommended to use `-t sleep` to add a delay between video requests",
  tooMany: "ERROR: [youtube] dQw4w9WgXcQ: Unable to download API page: HTTP Error 429: Too Many Requests (caused by <HTTPError 429: 'Too Many Requests'>)",
  forbidden: "ERROR: unable to download video data: HTTP Error 403: Forbidden",
  timeout: "ERROR: [youtube] dQw4w9WgXcQ: Unable to download API page: The read operation timed out",
  private: "ERROR: [youtube] dQw4w9WgXcQ: Private video. Sign in if you've been granted access to this video",
  removed: "ERROR: [youtube] dQw4w9WgXcQ: Video unavailable. This video has been removed by the uploader",
  terminated:
    "ERROR: [youtube] dQw4w9WgXcQ: Video unavailable. This video is no longer available because the YouTube account associated with this video has been terminated.",
  geo: "ERROR: [youtube] dQw4w9WgXcQ: Video unavailable. The uploader has not made this video available in your country",
  age:
    "ERROR: [youtube] dQw4w9WgXcQ: Sign in to confirm your age. This video may be inappropriate for some users. Use --cookies-from-browser or --cookies for the authentication.",
  members: "ERROR: [youtube] dQw4w9WgXcQ: Join this channel to get access to members-only content like this video, and other exclusive perks.",
  unavailable: "ERROR: [youtube] dQw4w9WgXcQ: Video unavailable",
  noFormat: "ERROR: [youtube] dQw4w9WgXcQ: Requested format is not available. Use --list-formats for a list of available formats",
  badOption: "Usage: yt-dlp [OPTIONS] URL [URL...]\n\nyt-dlp: error: no such option: --frobnicate"
}

const stderr = (line: string) => `[generic] Extracting URL: http://127.0.0.1/x\n[generic] x: Downloading webpage\n${line}\n`

describe("classify (yt-dlp's exit status and ERROR line)", () => {
  it.each([
    ["botCheck", "Cooldown", "BotCheck"],
    ["botCheck429", "Cooldown", "BotCheck"],
    ["sessionLimit", "Cooldown", "SessionRateLimited"],
    ["tooMany", "Transient", "RateLimited"],
    ["forbidden", "Transient", "Forbidden"],
    ["timeout", "Transient", "Timeout"],
    ["refused", "Transient", "Network"],
    ["cut", "Transient", "Network"],
    ["noFormat", "Transient", "NoAudioFormat"],
    ["notFound", "Unavailable", "not-found"],
    ["private", "Unavailable", "private"],
    ["removed", "Unavailable", "removed"],
    ["terminated", "Unavailable", "removed"],
    ["geo", "Unavailable", "geo-blocked"],
    ["age", "Unavailable", "age-restricted"],
    ["members", "Unavailable", "members-only"],
    ["unavailable", "Unavailable", "unavailable"]
  ] as const)("%s → %s %s", (name, tag, reason) => {
    expect(classify(1, stderr(lines[name]))).toMatchObject({ _tag: tag, reason })
  })

  it("bad options (status 2) are fatal: this yt-dlp cannot do what crate asks", () => {
    expect(classify(2, lines.badOption)).toEqual({ _tag: "Fatal", reason: "ToolRefused", detail: "yt-dlp: error: no such option: --frobnicate" })
  })

  it("an ERROR line it does not know is transient and quoted", () => {
    const failure = classify(1, stderr("ERROR: something new and unexpected"))
    expect(failure).toEqual({ _tag: "Transient", reason: "Unknown", detail: "something new and unexpected" })
    expect(describeFailure(failure)).toBe("yt-dlp failed: something new and unexpected")
  })

  it("keeps yt-dlp's reason and drops its boilerplate", () => {
    expect(errorLine(stderr(lines.notFound))).toBe("[generic] None: Unable to download webpage: HTTP Error 404: Not Found")
    expect(errorLine("WARNING: x\nERROR: first\nERROR: last\n")).toBe("last")
    expect(errorLine("")).toBe("")
  })

  it("says the reason in words, and names it in one word for reports and the match flag", () => {
    const private_ = classify(1, stderr(lines.private))
    expect(describeFailure(private_)).toBe("the video is private ([youtube] dQw4w9WgXcQ: Private video. Sign in if you've been granted access to this video)")
    expect(reasonWord(private_)).toBe("Private")
    expect(reasonWord(classify(1, stderr(lines.geo)))).toBe("GeoBlocked")
    expect(reasonWord(classify(1, stderr(lines.tooMany)))).toBe("RateLimited")
    expect(describeFailure(classify(1, stderr(lines.botCheck429)))).toMatch(/^YouTube asks to confirm this is not a bot \(/)
  })
})

describe("a release's failures as one step error", () => {
  const failed = (position: string, failure: Failure) =>
    new TrackFailed({ label: `track ${position} "T${position}" (video v${position})`, position, failure })
  const gone: Failure = { _tag: "Unavailable", reason: "private", detail: "Private video" }
  const cut: Failure = { _tag: "Transient", reason: "Network", detail: "Connection reset" }

  it("one track: told in full, permanent when its video is gone", () => {
    expect(releaseError([failed("B1", gone)], 3)).toMatchObject({
      kind: "permanent",
      reason: "Private",
      message: 'track B1 "TB1" (video vB1): the video is private (Private video); flagged, so `crate run assets --rematch-failed` can pick another video'
    })
  })

  it("several: the gravest kind decides, grouped by reason", () => {
    expect(releaseError([failed("A", gone), failed("B1", cut), failed("B2", gone)], 4)).toMatchObject({
      kind: "transient",
      reason: "Network",
      message: "3 of 4 tracks failed: the video is private (A, B2); the connection failed or was cut (B1); " +
        "flagged, so `crate run assets --rematch-failed` can pick other videos"
    })
    const check: Failure = { _tag: "Cooldown", reason: "BotCheck", detail: "Sign in to confirm you're not a bot" }
    expect(releaseError([failed("A", cut), failed("B1", check)], 2)).toMatchObject({ kind: "deferred", reason: "BotCheck" })
    expect(releaseError([failed("A", { _tag: "Fatal", reason: "Disk", detail: "No space left on device" })], 1).kind).toBe("fatal")
  })
})

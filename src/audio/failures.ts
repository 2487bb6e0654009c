import { refusedPhrase } from "./policyProxy.ts"

/**
 * What went wrong with one download, read from yt-dlp's exit status and its `ERROR:` line
 * (yt-dlp says why only there). Three families, each handled differently by the step:
 * - `Unavailable`: the video is gone for this user (permanent; the match is flagged so that the
 *   youtube step can pick another candidate);
 * - `Cooldown`: YouTube wants a break from this client (the whole step pauses);
 * - `Transient`: worth trying again after a backoff; `Fatal`: nothing will work until fixed;
 *   `Refused`: crate's URL policy would not hand the URL to yt-dlp.
 */
export type UnavailableReason =
  | "unavailable"
  | "private"
  | "removed"
  | "geo-blocked"
  | "age-restricted"
  | "members-only"
  | "not-found"

export type Failure =
  | { readonly _tag: "Unavailable"; readonly reason: UnavailableReason; readonly detail: string }
  | { readonly _tag: "Cooldown"; readonly reason: "BotCheck" | "SessionRateLimited"; readonly detail: string }
  | {
    readonly _tag: "Transient"
    readonly reason:
      | "RateLimited"
      | "Forbidden"
      | "ServerError"
      | "Network"
      | "Timeout"
      | "NoAudioFormat"
      | "Truncated"
      | "BadFile"
      | "Interrupted"
      | "Unknown"
    readonly detail: string
  }
  | { readonly _tag: "Fatal"; readonly reason: "ToolRefused" | "ToolTooOld" | "Disk"; readonly detail: string }
  /** crate's URL policy refused the match's URL (not http(s), or a host not allowed): permanent, the match is not flagged. */
  | { readonly _tag: "Refused"; readonly reason: "UrlRefused"; readonly detail: string }

const unavailableRules: ReadonlyArray<readonly [RegExp, UnavailableReason]> = [
  [/confirm your age|age[- ]restricted|inappropriate for some users/i, "age-restricted"],
  [/private video|video is private/i, "private"],
  [/members[- ]only|join this channel/i, "members-only"],
  [/not available in your country|not made this video available in your country|blocked it in your country|geo[- ]?restrict/i, "geo-blocked"],
  [/removed by the uploader|has been removed|account associated with this video has been terminated|no longer available|copyright claim/i, "removed"],
  [/HTTP Error (?:404|410)\b/i, "not-found"],
  [/video unavailable|video is unavailable|video is not available/i, "unavailable"]
]

/** The last `ERROR:` line, without yt-dlp's boilerplate ("please report this issue…", "(caused by …)"). */
export const errorLine = (stderr: string): string => {
  const lines = stderr.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "")
  const error = [...lines].reverse().find((line) => line.startsWith("ERROR:")) ?? lines.at(-1) ?? ""
  return error
    .replace(/^ERROR:\s*/, "")
    .replace(/;\s*please report this issue.*$/i, "")
    .replace(/\s*\(caused by .*$/i, "")
    .trim()
}

/**
 * Classifies a failed yt-dlp run. Order matters: YouTube's session limit reads "Video
 * unavailable. This content isn't available, try again later. The current session has been
 * rate-limited…", and a bot check can come as an HTTP 429, so those are looked for first.
 */
export const classify = (exitCode: number | null, stderr: string): Failure => {
  const detail = errorLine(stderr) || `yt-dlp exited with status ${exitCode}`
  const text = stderr
  // A hop crate's proxy refused (a redirect to a host that is not allowed): permanent, and not the video's fault.
  if (text.includes(refusedPhrase)) return { _tag: "Refused", reason: "UrlRefused", detail: "a redirect led to a host that is not allowed (network.allowedHosts)" }
  if (/confirm you.?re not a bot/i.test(text)) return { _tag: "Cooldown", reason: "BotCheck", detail }
  if (/rate-limited by YouTube|session has been rate-limited|isn.?t available, try again later/i.test(text)) {
    return { _tag: "Cooldown", reason: "SessionRateLimited", detail }
  }
  if (/HTTP Error 429|Too Many Requests/i.test(text)) return { _tag: "Transient", reason: "RateLimited", detail }
  for (const [pattern, reason] of unavailableRules) {
    if (pattern.test(text)) return { _tag: "Unavailable", reason, detail }
  }
  if (/HTTP Error 403/i.test(text)) return { _tag: "Transient", reason: "Forbidden", detail }
  if (/HTTP Error 5\d\d/i.test(text)) return { _tag: "Transient", reason: "ServerError", detail }
  if (/timed out|timeout/i.test(text)) return { _tag: "Transient", reason: "Timeout", detail }
  if (
    /Downloaded \d+ bytes, expected \d+|Connection (?:reset|refused|aborted)|Remote end closed|IncompleteRead|urlopen error|Name or service not known|Temporary failure in name resolution|Network is unreachable|No route to host|EOF occurred|SSL/i
      .test(text)
  ) return { _tag: "Transient", reason: "Network", detail }
  if (/Requested format is not available|Only images are available|No video formats found/i.test(text)) {
    return { _tag: "Transient", reason: "NoAudioFormat", detail }
  }
  if (/No space left on device/i.test(text)) return { _tag: "Fatal", reason: "Disk", detail }
  // 2 is yt-dlp's "bad options": this yt-dlp does not understand what crate asks of it.
  if (exitCode === 2) return { _tag: "Fatal", reason: "ToolRefused", detail }
  return { _tag: "Transient", reason: "Unknown", detail }
}

const unavailableWords: Record<UnavailableReason, string> = {
  unavailable: "the video is unavailable",
  private: "the video is private",
  removed: "the video was removed",
  "geo-blocked": "the video is blocked in this country",
  "age-restricted": "the video is age-restricted (YouTube wants a signed-in adult)",
  "members-only": "the video is for channel members only",
  "not-found": "the video is not there any more (HTTP 404)"
}

const transientWords: Record<Extract<Failure, { _tag: "Transient" }>["reason"], string> = {
  RateLimited: "YouTube answered 429 Too Many Requests",
  Forbidden: "YouTube refused the download (HTTP 403)",
  ServerError: "the server failed (HTTP 5xx)",
  Network: "the connection failed or was cut",
  Timeout: "the connection timed out",
  NoAudioFormat: "yt-dlp found no audio format (an outdated yt-dlp is the usual cause: update it)",
  Truncated: "the download is far shorter than the video",
  BadFile: "the downloaded file is not readable audio",
  Interrupted: "yt-dlp was stopped by a signal",
  Unknown: "yt-dlp failed"
}

/** The failure in words, without yt-dlp's own line. */
export const words = (failure: Failure): string => {
  switch (failure._tag) {
    case "Unavailable":
      return unavailableWords[failure.reason]
    case "Cooldown":
      return failure.reason === "BotCheck" ? "YouTube asks to confirm this is not a bot" : "YouTube has rate-limited this session"
    case "Transient":
      return transientWords[failure.reason]
    case "Fatal":
      return failure.reason === "Disk"
        ? "the disk is full"
        : failure.reason === "ToolTooOld"
        ? "this yt-dlp cannot download from YouTube today"
        : "yt-dlp refused crate's options, so it is probably too old or not yt-dlp"
    case "Refused":
      return "the video's URL is refused"
  }
}

/** The failure in words with yt-dlp's line, for log lines and `checkpoints.error_message`. */
export const describe = (failure: Failure): string =>
  failure._tag === "Transient" && failure.reason === "Unknown"
    ? `yt-dlp failed: ${failure.detail}`
    : failure._tag === "Fatal" && failure.reason === "ToolTooOld"
    ? failure.detail
    : failure._tag === "Refused"
    ? `${words(failure)}: ${failure.detail}`
    : `${words(failure)} (${failure.detail})`

/** The word stored in `youtube_matches.unavailable_reason`, and the checkpoint's reason for grouping. */
export const reasonWord = (failure: Failure): string =>
  failure._tag === "Unavailable"
    ? failure.reason.split("-").map((part) => part[0]!.toUpperCase() + part.slice(1)).join("")
    : failure.reason

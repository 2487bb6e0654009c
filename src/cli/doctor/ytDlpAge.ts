/**
 * yt-dlp versions are release dates ("2023.03.04"). YouTube changes what a client must do
 * every few weeks, and yt-dlp follows; a build more than this many days old very often fails
 * on YouTube ("Sign in to confirm you're not a bot", "Requested format is not available").
 */
export const staleAfterDays = 90

/** The release date in a yt-dlp version, or undefined when the version is not date-shaped. */
export const releaseDate = (version: string): Date | undefined => {
  const match = /^(\d{4})\.(\d{2})\.(\d{2})/.exec(version)
  if (match === null) return undefined
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
  return Number.isNaN(date.getTime()) ? undefined : date
}

/** Whole days between the version's release and now; undefined when unknown. */
export const ageInDays = (version: string, nowMs: number): number | undefined => {
  const date = releaseDate(version)
  return date === undefined ? undefined : Math.floor((nowMs - date.getTime()) / 86_400_000)
}

export const ageText = (days: number) => (days >= 730 ? `${Math.floor(days / 365)} years` : days >= 60 ? `${Math.floor(days / 30)} months` : `${days} days`)

/** What an audio file-name template (audio.fileName) may name. */
export const fileNamePlaceholders = ["number", "position", "title", "artist", "disc", "track"] as const
export type FileNamePlaceholder = (typeof fileNamePlaceholders)[number]

/** "01 - …" for one disc, "1-03 - …" for several, "A1 - …" for vinyl: names that sort in track order. */
export const defaultFileName = "{number} - {title}"

/** Why a template cannot name files, or undefined when it can. */
export const fileNameProblem = (template: string): string | undefined => {
  const unknown = [...template.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!).filter((name) => !(fileNamePlaceholders as ReadonlyArray<string>).includes(name))
  if (unknown.length > 0) return `unknown placeholder {${unknown[0]}}: use ${fileNamePlaceholders.map((name) => `{${name}}`).join(", ")}`
  if (!/\{(title|number|position|track)\}/.test(template)) return "it must name the track: put {number} or {title} in it"
  return undefined
}

import { SqlClient } from "@effect/sql"
import { Effect } from "effect"
import { execFile } from "node:child_process"
import { join } from "node:path"
import { CrateConfig, DiscogsDatabase, releaseItems, Step, StepError } from "crate"

/**
 * A user step, written as a collector would write it in their own folder: the EBU R128
 * loudness of every downloaded track (integrated LUFS and true peak), measured with ffmpeg's
 * `ebur128` filter, in a table of its own. It runs after crate's `audio` step, release by
 * release, and gets from crate what the built-in steps have: checkpoints, resume after
 * kill -9, retries, concurrency, --max, --release-id, --refresh, status, reset.
 */

interface Measured {
  readonly integrated: number
  readonly truePeak: number
}

const summary = /Integrated loudness:\s*I:\s*(-?[\d.]+|-inf) LUFS[\s\S]*True peak:\s*Peak:\s*(-?[\d.]+|-inf) dBFS/

/** ffmpeg's loudness summary of one file; it prints it on stderr once the whole file is read. */
const measure = (ffmpeg: string, file: string) =>
  Effect.async<Measured, StepError>((resume) => {
    const child = execFile(ffmpeg, ["-hide_banner", "-nostats", "-i", file, "-af", "ebur128=peak=true", "-f", "null", "-"], (error, _stdout, stderr) => {
      const found = summary.exec(stderr)
      if (error !== null || found === null) {
        return resume(Effect.fail(StepError.permanent("Unreadable", `ffmpeg could not measure ${file}: ${stderr.trim().split("\n").at(-1) ?? error?.message}`)))
      }
      const number = (text: string) => (text === "-inf" ? -Infinity : Number(text))
      resume(Effect.succeed({ integrated: number(found[1]!), truePeak: number(found[2]!) }))
    })
    return Effect.sync(() => child.kill("SIGKILL"))
  })

export const loudness = Step.make({
  name: "loudness",
  description: "measure each track's loudness (EBU R128) with ffmpeg",
  dependsOn: ["audio"],
  version: 1,
  items: releaseItems,
  concurrency: 2,
  migrations: {
    "0001_create": Effect.flatMap(SqlClient.SqlClient, (sql) =>
      sql`CREATE TABLE loudness (
        track_id INTEGER PRIMARY KEY REFERENCES tracks(track_id) ON DELETE CASCADE,
        integrated_lufs REAL,
        true_peak_dbfs REAL,
        audio_sha256 TEXT NOT NULL,
        measured_at TEXT NOT NULL
      )`)
  },
  reset: (releaseIds) =>
    Effect.flatMap(SqlClient.SqlClient, (sql) =>
      sql`DELETE FROM loudness WHERE track_id IN (SELECT track_id FROM tracks
        WHERE release_id IN (SELECT value FROM json_each(${JSON.stringify(releaseIds)})))`),
  run: (releaseId) =>
    Effect.gen(function*() {
      const config = yield* CrateConfig
      const files = yield* Effect.mapError(DiscogsDatabase.audioFiles(releaseId), StepError.database)
      const measured = yield* Effect.forEach(files, (file) =>
        Effect.map(measure(config.tools.ffmpeg ?? "ffmpeg", join(config.library, file.path)), (result) => ({ file, result })))
      const at = new Date().toISOString()
      // The item's commit: crate runs it in one transaction with the checkpoint.
      return Effect.flatMap(SqlClient.SqlClient, (sql) =>
        Effect.forEach(measured, ({ file, result }) =>
          sql`INSERT OR REPLACE INTO loudness (track_id, integrated_lufs, true_peak_dbfs, audio_sha256, measured_at)
            VALUES (${file.track_id}, ${Number.isFinite(result.integrated) ? result.integrated : null},
              ${Number.isFinite(result.truePeak) ? result.truePeak : null}, ${file.sha256}, ${at})`, { discard: true }))
    })
})

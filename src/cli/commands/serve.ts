import { Command, Options } from "@effect/cli"
import { Effect, Option, Redacted } from "effect"
import { requireDatabase } from "../reading.ts"
import { loadConfig } from "../loadConfig.ts"
import { UserError } from "../UserError.ts"
import { isLoopback } from "../../serve/guard.ts"
import { configOption } from "./run.ts"

export const serve = Command.make(
  "serve",
  {
    port: Options.integer("port").pipe(Options.withDescription("the port to listen on (0: any free one)"), Options.withDefault(8337)),
    host: Options.text("host").pipe(
      Options.withDescription("the address to listen on; anything but loopback needs --password"),
      Options.withDefault("127.0.0.1")
    ),
    password: Options.redacted("password").pipe(
      Options.withDescription("asked by the browser (any user name); or set CRATE_SERVE_PASSWORD"),
      Options.optional
    ),
    readOnly: Options.boolean("read-only").pipe(Options.withDescription("show the collection, change nothing (no review decisions)")),
    open: Options.boolean("open").pipe(Options.withDescription("open the page in this machine's browser")),
    config: configOption
  },
  ({ config, host, open, password, port, readOnly }) =>
    Effect.gen(function*() {
      const resolved = yield* loadConfig(config)
      yield* requireDatabase(resolved)
      const secret = Option.getOrNull(Option.orElse(password, () =>
        Option.map(Option.fromNullable(process.env.CRATE_SERVE_PASSWORD || undefined), Redacted.make)))
      if (!isLoopback(host) && secret === null) {
        return yield* new UserError({
          message: `--host ${host} lets other machines reach your collection: give it a --password (or set CRATE_SERVE_PASSWORD)`
        })
      }
      if (port < 0 || port > 65535) return yield* new UserError({ message: `--port ${port} is not a port: use 1–65535, or 0 for any free one` })
      // Loaded only by this command: the HTTP server is not part of every other command's start.
      const server = yield* Effect.promise(() => import("../../serve/server.ts"))
      return yield* server.serve({ config: resolved, host, port, password: secret, readOnly, open }).pipe(
        Effect.catchTag("DatabaseMissing", (missing) => new UserError({ message: missing.message })),
        Effect.catchTag("ServeError", (error) => {
          const cause = error.cause as NodeJS.ErrnoException | undefined
          return new UserError({
            message: cause?.code === "EADDRINUSE"
              ? `port ${port} of ${host} is in use by another program: choose another with --port (0: any free one)`
              : `cannot listen on ${host}:${port}: ${cause?.message ?? String(error.cause)}`
          })
        })
      )
    })
).pipe(
  Command.withDescription(
    "The collection in a web page: browse it with covers, listen, follow a run's progress and review the YouTube matches. " +
      "Listens on 127.0.0.1 unless told otherwise; reads the database while runs write it.\n\n" +
      "Examples:\n  crate serve\n  crate serve --port 9000 --open\n  crate serve --read-only\n  CRATE_SERVE_PASSWORD=… crate serve --host 0.0.0.0"
  )
)

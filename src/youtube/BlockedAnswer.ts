/** Thrown by the search's fetch when YouTube refuses to answer; read back by the search service. */
export class BlockedAnswer extends Error {
  constructor(readonly reason: "BotCheck" | "RateLimited", message: string) {
    super(message)
  }
}

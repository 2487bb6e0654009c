import type { RequestListener, Server } from "node:http"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"

export interface Loopback {
  readonly server: Server
  /** "http://127.0.0.1:PORT", no trailing slash. */
  readonly url: string
  /** Cancels pending delayed answers, drops keep-alive connections, stops listening. */
  readonly close: (timers?: Set<NodeJS.Timeout>) => Promise<void>
}

/** An HTTP server on 127.0.0.1 only (port 0: a free one), as every fake of crate's outside world is. */
export const listenOnLoopback = async (handler: RequestListener, port = 0): Promise<Loopback> => {
  const server = createServer(handler)
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject)
      resolve()
    })
  })
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: (timers) =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers ?? []) clearTimeout(timer)
        timers?.clear()
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
  }
}

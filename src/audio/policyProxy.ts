import { Effect, type Scope } from "effect"
import { createServer, request } from "node:http"
import { connect } from "node:net"

/** The reason yt-dlp reports ("HTTP Error 403: …") for a hop the proxy refused; failures.ts reads it back. */
export const refusedPhrase = "Refused by crate: host not allowed"

/**
 * A loopback HTTP proxy that yt-dlp is pointed at (`--proxy`): every request it makes, each
 * redirect hop included, passes `allow` (the reason it is refused, or null) before it leaves
 * the machine. yt-dlp follows redirects itself, so this is where a hop to a host that is not
 * allowed is stopped. HTTPS goes through as CONNECT tunnels, checked by host and port.
 */
export const startPolicyProxy = (allow: (url: string) => string | null): Effect.Effect<string, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(() =>
      new Promise<{ readonly url: string; readonly close: () => Promise<void> }>((resolve) => {
        const server = createServer((req, res) => {
          const target = req.url ?? ""
          const refused = URL.canParse(target) ? allow(target) : "not an absolute URL"
          if (refused !== null) {
            res.writeHead(403, refusedPhrase, { "Content-Type": "text/plain" })
            return void res.end(`${refused}\n`)
          }
          const { "proxy-connection": _, ...headers } = req.headers
          const upstream = request(target, { method: req.method, headers }, (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.headers)
            answer.pipe(res)
            // A server that cuts the connection mid-body: cut ours too, so that yt-dlp sees it at once (and resumes).
            answer.on("aborted", () => res.destroy())
            answer.on("error", () => res.destroy())
          })
          upstream.on("error", () => res.destroy())
          res.on("close", () => upstream.destroy())
          req.pipe(upstream)
        })
        const tunnels = new Set<{ destroy: () => void }>()
        server.on("connect", (req, socket, head) => {
          const [host = "", port = "443"] = (req.url ?? "").split(/:(?=\d+$)/)
          const refused = allow(`https://${host}:${port}/`)
          if (refused !== null) return void socket.end(`HTTP/1.1 403 ${refusedPhrase}\r\n\r\n`)
          const upstream = connect(Number(port), host, () => {
            socket.write("HTTP/1.1 200 Connection Established\r\n\r\n")
            upstream.write(head)
            upstream.pipe(socket)
            socket.pipe(upstream)
          })
          upstream.on("error", () => socket.destroy())
          socket.on("error", () => upstream.destroy())
          tunnels.add(socket).add(upstream)
          socket.on("close", () => {
            tunnels.delete(socket)
            tunnels.delete(upstream)
          })
        })
        server.listen(0, "127.0.0.1", () => {
          const address = server.address()
          const port = typeof address === "object" && address !== null ? address.port : 0
          resolve({
            url: `http://127.0.0.1:${port}`,
            close: () => new Promise<void>((done) => {
              for (const tunnel of tunnels) tunnel.destroy()
              server.closeAllConnections()
              server.close(() => done())
            })
          })
        })
      })
    ),
    (proxy) => Effect.promise(proxy.close)
  ).pipe(Effect.map((proxy) => proxy.url))

import { Redacted } from "effect"
import { timingSafeEqual } from "node:crypto"
import { networkInterfaces, hostname } from "node:os"

/** Who may talk to the server: the names it answers to, and what a write or a stranger must show. */
export interface Guard {
  /** `Host` header values accepted, lower case, with the port ("127.0.0.1:8337"). */
  readonly hosts: ReadonlySet<string>
  /** Sent with every page; a write must carry it back. */
  readonly token: string
  /** Asked for (HTTP Basic, any user name) when the server listens beyond loopback. */
  readonly password: Redacted.Redacted<string> | null
}

export const isLoopback = (host: string): boolean =>
  host === "localhost" || host === "::1" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host)

const bracketed = (address: string) => (address.includes(":") ? `[${address}]` : address)

/**
 * The names a browser may use for this server. On loopback: the loopback names only, so a
 * page of another site whose name is made to resolve to 127.0.0.1 (DNS rebinding) is refused.
 * On every interface ("0.0.0.0", "::"): the machine's own addresses and name.
 */
export const hostsFor = (host: string, port: number): ReadonlySet<string> => {
  const names = isLoopback(host)
    ? ["127.0.0.1", "localhost", "[::1]"]
    : host === "0.0.0.0" || host === "::"
    ? ["127.0.0.1", "localhost", "[::1]", hostname(), ...Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => bracketed(i.address)))]
    : [bracketed(host)]
  return new Set(names.map((name) => `${name.toLowerCase()}:${port}`))
}

export interface Refusal {
  readonly status: number
  readonly message: string
  readonly headers?: Record<string, string>
}

const sameSecret = (given: string, wanted: string) => {
  const a = Buffer.from(given)
  const b = Buffer.from(wanted)
  return a.length === b.length && timingSafeEqual(a, b)
}

const basicPassword = (authorization: string | undefined): string | null => {
  const match = /^Basic\s+(\S+)$/i.exec(authorization ?? "")
  if (match === null) return null
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8")
  const colon = decoded.indexOf(":")
  return colon < 0 ? null : decoded.slice(colon + 1)
}

const isWrite = (method: string) => !["GET", "HEAD", "OPTIONS"].includes(method)

/** Why a request is refused before it reaches a page, or null when it may go on. */
export const refusal = (guard: Guard, request: { readonly method: string; readonly headers: Readonly<Record<string, string | undefined>> }): Refusal | null => {
  const host = (request.headers["host"] ?? "").toLowerCase()
  if (!guard.hosts.has(host)) {
    return { status: 421, message: `refused: this crate server does not answer to the name "${host}"; open it by the address it printed` }
  }
  if (guard.password !== null) {
    const given = basicPassword(request.headers["authorization"])
    if (given === null || !sameSecret(given, Redacted.value(guard.password))) {
      return { status: 401, message: "this crate server needs its password", headers: { "www-authenticate": "Basic realm=\"crate\", charset=\"UTF-8\"" } }
    }
  }
  if (isWrite(request.method)) {
    const origin = request.headers["origin"]
    // Browsers send Origin with every POST; a write without it is not from crate's page.
    if (origin === undefined || !guard.hosts.has(origin.toLowerCase().replace(/^https?:\/\//, ""))) {
      return { status: 403, message: `refused: a change must come from crate's own page (origin ${origin ?? "missing"})` }
    }
  }
  return null
}

/** A write's token, from the form it posted. */
export const tokenAccepted = (guard: Guard, token: string | undefined): boolean => token !== undefined && sameSecret(token, guard.token)

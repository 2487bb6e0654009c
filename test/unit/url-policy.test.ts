import { describe, expect, it } from "vitest"
import { refuseUrl } from "../../src/config/urlPolicy.ts"

const config = { network: { allowedHosts: ["discogs.com", "youtube.com", "127.0.0.1"] } }

describe("refuseUrl", () => {
  it("lets http(s) URLs on allowed hosts and their subdomains through", () => {
    expect(refuseUrl(config, "https://i.discogs.com/abc.jpeg")).toBeNull()
    expect(refuseUrl(config, "https://www.youtube.com/watch?v=dQw4w9WgXcQ")).toBeNull()
    expect(refuseUrl(config, "http://127.0.0.1:8080/tone.webm")).toBeNull()
  })

  it("refuses other schemes, other hosts, look-alike hosts and non-URLs, saying why", () => {
    expect(refuseUrl(config, "file:///etc/passwd")).toBe("file: URLs are not fetched (file:///etc/passwd)")
    expect(refuseUrl(config, "http://169.254.169.254/latest/meta-data")).toBe(
      "169.254.169.254 is not an allowed host; if you trust it, add it to network.allowedHosts in pipeline.config.ts"
    )
    expect(refuseUrl(config, "https://evildiscogs.com/x.jpg")).toMatch(/^evildiscogs\.com is not an allowed host/)
    expect(refuseUrl(config, "https://discogs.com.evil.net/x.jpg")).toMatch(/is not an allowed host/)
    expect(refuseUrl(config, "not a url")).toBe(`"not a url" is not a URL`)
  })
})

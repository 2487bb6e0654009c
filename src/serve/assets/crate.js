// crate's page script: the pages work without it; it makes filtering instant, the grid endless,
// the progress page live and the review keys work.
"use strict"

const fetchPage = async (url) => {
  const response = await fetch(url, { headers: { accept: "text/html" } })
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`)
  return new DOMParser().parseFromString(await response.text(), "text/html")
}

// The collection: filters apply as you type or choose; the URL follows, so a view can be kept.
const filters = document.querySelector("form.filters")
if (filters) {
  let timer
  let latest = 0
  const apply = async () => {
    const params = new URLSearchParams(new FormData(filters))
    for (const [key, value] of [...params]) if (value === "" || (key === "sort" && value === "artist")) params.delete(key)
    const url = `/${params.size > 0 ? `?${params}` : ""}`
    const mine = ++latest
    const next = await fetchPage(url)
    if (mine !== latest) return
    document.querySelector("#grid").replaceWith(next.querySelector("#grid"))
    document.querySelector(".summary").replaceWith(next.querySelector(".summary"))
    history.replaceState(null, "", url)
    watchMore()
  }
  const soon = () => {
    clearTimeout(timer)
    timer = setTimeout(apply, 200)
  }
  filters.addEventListener("input", (event) => (event.target.tagName === "SELECT" ? apply() : soon()))
  filters.addEventListener("submit", (event) => {
    event.preventDefault()
    apply()
  })
}

// The grid's next page comes when its "more" link scrolls into view.
const moreObserver = "IntersectionObserver" in window
  ? new IntersectionObserver(async (entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue
      const link = entry.target
      moreObserver.unobserve(link)
      const next = await fetchPage(link.href)
      link.closest(".more").replaceWith(...next.querySelector("#grid").children)
      watchMore()
    }
  }, { rootMargin: "800px" })
  : null
function watchMore() {
  const link = document.querySelector("#grid [data-more]")
  if (link && moreObserver) moreObserver.observe(link)
}
watchMore()

// Progress: the figures are read again every few seconds while the page is in view.
if (document.querySelector("#progress")) {
  setInterval(async () => {
    if (document.visibilityState !== "visible") return
    const next = await fetchPage("/progress").catch(() => null)
    const fresh = next?.querySelector("#progress")
    if (fresh) document.querySelector("#progress").replaceWith(fresh)
  }, 3000)
}

// Review: one key per choice (shown on its button).
document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return
  if (event.target.closest("input, textarea, select")) return
  const target = document.querySelector(`[data-key="${CSS.escape(event.key)}"]`)
  if (target) {
    event.preventDefault()
    target.click()
  }
})

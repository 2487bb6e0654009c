export interface CollectionEntry {
  readonly instanceId: number
  readonly releaseId: number
  readonly folderId: number
  readonly dateAdded: string
  readonly rating: number
}

type Json = Record<string, unknown>

const isObject = (u: unknown): u is Json => typeof u === "object" && u !== null && !Array.isArray(u)

const BASIC_KEYS = ["formats", "labels", "artists", "genres", "styles"] as const

/** The `basic_information` Discogs embeds in collection items, derived from a full release body. */
export const basicInformation = (releaseId: number, release: unknown): Json => {
  if (!isObject(release)) return { id: releaseId, title: `Release ${releaseId}` }
  const images = Array.isArray(release["images"]) ? release["images"].filter(isObject) : []
  const cover = images.find((i) => i["type"] === "primary") ?? images[0]
  const info: Json = {
    id: releaseId,
    // Discogs sends master_id 0 and master_url null for releases without a master.
    master_id: release["master_id"] ?? 0,
    master_url: release["master_url"] ?? null,
    resource_url: release["resource_url"],
    thumb: release["thumb"] ?? cover?.["uri150"] ?? "",
    cover_image: cover?.["uri"] ?? "",
    title: release["title"],
    year: release["year"]
  }
  // Shared with the release body, not copied: these objects are never mutated.
  for (const key of BASIC_KEYS) if (key in release) info[key] = release[key]
  return info
}

export interface PageRequest {
  readonly origin: string
  readonly path: string
  readonly page: number
  readonly perPage: number
  /** Extra query parameters (sort, sort_order) echoed in the pagination URLs. */
  readonly extraQuery: string
  readonly newestFirst: boolean
}

export type PageResult =
  | { readonly _tag: "Page"; readonly body: unknown }
  | { readonly _tag: "NoSuchPage"; readonly pages: number }

/**
 * Collection folders over a fixed entry list: folder 0 lists every entry, folder N the entries with
 * that folderId. Folder lists and `basic_information` objects are built on first use.
 */
export class CollectionPages {
  private readonly folders = new Map<number, ReadonlyArray<CollectionEntry>>()
  private readonly infos = new Map<number, Json>()

  constructor(
    private readonly entries: ReadonlyArray<CollectionEntry>,
    private readonly releases: ReadonlyMap<number, unknown>
  ) {}

  /** Undefined for a folder that does not exist (folders 0 and 1 always do). */
  folder(folderId: number): ReadonlyArray<CollectionEntry> | undefined {
    let list = this.folders.get(folderId)
    if (!list) {
      list = folderId === 0 ? this.entries : this.entries.filter((e) => e.folderId === folderId)
      if (list.length === 0 && folderId !== 1) return undefined
      this.folders.set(folderId, list)
    }
    return list
  }

  page(entries: ReadonlyArray<CollectionEntry>, req: PageRequest): PageResult {
    const items = entries.length
    const pages = Math.max(1, Math.ceil(items / req.perPage))
    if (req.page > pages) return { _tag: "NoSuchPage", pages }
    const url = (p: number) => `${req.origin}${req.path}?page=${p}&per_page=${req.perPage}${req.extraQuery}`
    const urls: Record<string, string> = {}
    if (req.page > 1) {
      urls["first"] = url(1)
      urls["prev"] = url(req.page - 1)
    }
    if (req.page < pages) {
      urls["next"] = url(req.page + 1)
      urls["last"] = url(pages)
    }
    const start = (req.page - 1) * req.perPage
    return {
      _tag: "Page",
      body: {
        pagination: { page: req.page, pages, per_page: req.perPage, items, urls },
        releases: (req.newestFirst
          ? entries.slice(Math.max(0, items - start - req.perPage), items - start).reverse()
          : entries.slice(start, start + req.perPage)).map((e) => this.item(e))
      }
    }
  }

  private item(e: CollectionEntry): Json {
    return {
      id: e.releaseId,
      instance_id: e.instanceId,
      date_added: e.dateAdded,
      rating: e.rating,
      folder_id: e.folderId,
      basic_information: this.info(e.releaseId)
    }
  }

  private info(releaseId: number): Json {
    let info = this.infos.get(releaseId)
    if (!info) {
      info = basicInformation(releaseId, this.releases.get(releaseId))
      this.infos.set(releaseId, info)
    }
    return info
  }
}

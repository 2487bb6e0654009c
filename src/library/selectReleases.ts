import type { SqlClient } from "@effect/sql"
import type { Fragment } from "@effect/sql/Statement"
import type { Condition } from "../engine/ItemSpace.ts"

/** Which releases a pipeline works on; every field narrows, a list means any of its values. */
export interface ReleaseFilter {
  /** A year, or a range of years `[from, to]`, both included. */
  readonly year?: number | readonly [number, number]
  /** A Discogs genre ("Electronic"), case ignored. */
  readonly genre?: string | ReadonlyArray<string>
  /** A Discogs style ("Techno"), case ignored. */
  readonly style?: string | ReadonlyArray<string>
  /** A label as Discogs names it ("Warp Records"), case and a " (2)" suffix ignored. */
  readonly label?: string | ReadonlyArray<string>
  /** A format name ("Vinyl", "CD") or description ("LP", "12\"", "Album"), case ignored. */
  readonly format?: string | ReadonlyArray<string>
  /** A collection folder, by its Discogs folder id. */
  readonly folder?: number | ReadonlyArray<number>
  /** Added to the collection on or after this date ("2024-01-01"). */
  readonly addedSince?: string
  /** Any SQL condition on the release row `r` (table `releases`), e.g. "r.country = 'Japan'". */
  readonly where?: string
}

/** A pipeline's `items`: the condition, and how `crate pipelines` describes it. */
export interface ItemSelection {
  readonly _tag: "ItemSelection"
  readonly condition: Condition
  readonly label: string
}

const list = <A>(value: A | ReadonlyArray<A>): ReadonlyArray<A> => Array.isArray(value) ? value : [value as A]
const json = (values: ReadonlyArray<unknown>) => JSON.stringify(values)

const conditions = (sql: SqlClient.SqlClient, filter: ReleaseFilter): Array<Fragment> => {
  const parts: Array<Fragment> = []
  if (filter.year !== undefined) {
    const [from, to] = typeof filter.year === "number" ? [filter.year, filter.year] : filter.year
    parts.push(sql`r.year BETWEEN ${from} AND ${to}`)
  }
  const named = (values: ReadonlyArray<string>) => json(values.map((value) => value.toLowerCase()))
  if (filter.genre !== undefined) {
    parts.push(sql`EXISTS (SELECT 1 FROM release_genres x JOIN genres g USING (genre_id) WHERE x.release_id = r.release_id
      AND lower(g.name) IN (SELECT value FROM json_each(${named(list(filter.genre))})))`)
  }
  if (filter.style !== undefined) {
    parts.push(sql`EXISTS (SELECT 1 FROM release_styles x JOIN styles s USING (style_id) WHERE x.release_id = r.release_id
      AND lower(s.name) IN (SELECT value FROM json_each(${named(list(filter.style))})))`)
  }
  if (filter.label !== undefined) {
    // Discogs tells apart labels of one name with a suffix: "Warp (2)".
    parts.push(sql`EXISTS (SELECT 1 FROM release_labels x JOIN labels l USING (label_id) WHERE x.release_id = r.release_id
      AND (lower(l.name) IN (SELECT value FROM json_each(${named(list(filter.label))}))
        OR rtrim(lower(l.name), ' ()0123456789') IN (SELECT value FROM json_each(${named(list(filter.label))}))))`)
  }
  if (filter.format !== undefined) {
    parts.push(sql`EXISTS (SELECT 1 FROM json_each(r.formats) f WHERE lower(json_extract(f.value, '$.name')) IN (SELECT value FROM json_each(${named(list(filter.format))}))
      OR EXISTS (SELECT 1 FROM json_each(json_extract(f.value, '$.descriptions')) d
        WHERE lower(d.value) IN (SELECT value FROM json_each(${named(list(filter.format))}))))`)
  }
  if (filter.folder !== undefined) {
    parts.push(sql`EXISTS (SELECT 1 FROM collection_items c WHERE c.release_id = r.release_id AND c.removed_at IS NULL
      AND c.folder_id IN (SELECT value FROM json_each(${json(list(filter.folder))})))`)
  }
  if (filter.addedSince !== undefined) {
    parts.push(sql`EXISTS (SELECT 1 FROM collection_items c WHERE c.release_id = r.release_id AND c.date_added >= ${filter.addedSince})`)
  }
  if (filter.where !== undefined) parts.push(sql.literal(`(${filter.where})`))
  return parts
}

const describe = (filter: ReleaseFilter): string => {
  const parts: Array<string> = []
  if (filter.year !== undefined) parts.push(typeof filter.year === "number" ? `year ${filter.year}` : `years ${filter.year[0]}–${filter.year[1]}`)
  for (const key of ["genre", "style", "label", "format", "folder"] as const) {
    if (filter[key] !== undefined) parts.push(`${key} ${list<string | number>(filter[key]!).join(" or ")}`)
  }
  if (filter.addedSince !== undefined) parts.push(`added since ${filter.addedSince}`)
  if (filter.where !== undefined) parts.push(`where ${filter.where}`)
  return parts.length === 0 ? "every release" : `releases of ${parts.join(", ")}`
}

/** `releases({ year: [1990, 1999], genre: "Electronic" })`: the items of a pipeline that works on part of the collection. */
export const releases = (filter: ReleaseFilter = {}): ItemSelection => ({
  _tag: "ItemSelection",
  condition: (sql) => {
    const parts = conditions(sql, filter)
    return parts.length === 0 ? sql.literal("1") : sql.and(parts)
  },
  label: describe(filter)
})

import { ParseResult, Schema } from "effect"

/**
 * Bodies of the Discogs API endpoints crate reads. Structs ignore unknown keys on decode
 * (Discogs keeps adding fields); the decoded values hold only the keys listed here.
 *
 * Optional keys use `opt`: absent or `null` both decode to an absent key, so the decoded
 * type is `key?: A` without `undefined` or `null`.
 */
const opt = <S extends Schema.Schema.Any>(schema: S) =>
  Schema.optionalWith(schema, { exact: true, nullable: true })

export const DiscogsArtist = Schema.Struct({
  id: Schema.Number,
  name: Schema.String,
  anv: Schema.String,
  join: Schema.String,
  role: Schema.String,
  tracks: opt(Schema.String)
})
export type DiscogsArtist = typeof DiscogsArtist.Type

export const DiscogsLabel = Schema.Struct({
  id: Schema.Number,
  name: Schema.String,
  catno: Schema.String,
  entity_type: opt(Schema.String)
})
export type DiscogsLabel = typeof DiscogsLabel.Type

export const DiscogsFormat = Schema.Struct({
  name: Schema.String,
  qty: Schema.String,
  descriptions: opt(Schema.Array(Schema.String)),
  text: opt(Schema.String)
})
export type DiscogsFormat = typeof DiscogsFormat.Type

/** Absent in the old API shape, where every row is a track. */
export const TrackType = Schema.Literal("track", "index", "heading")
export type TrackType = typeof TrackType.Type

const trackFields = {
  type_: opt(TrackType),
  position: Schema.String,
  title: Schema.String,
  duration: opt(Schema.String),
  artists: opt(Schema.Array(DiscogsArtist)),
  extraartists: opt(Schema.Array(DiscogsArtist))
}

export const DiscogsSubTrack = Schema.Struct(trackFields)
export type DiscogsSubTrack = typeof DiscogsSubTrack.Type

export const DiscogsTrack = Schema.Struct({
  ...trackFields,
  sub_tracks: opt(Schema.Array(DiscogsSubTrack))
})
export type DiscogsTrack = typeof DiscogsTrack.Type

export const DiscogsImage = Schema.Struct({
  type: Schema.String,
  uri: Schema.String,
  width: Schema.Number,
  height: Schema.Number
})
export type DiscogsImage = typeof DiscogsImage.Type

export const DiscogsVideo = Schema.Struct({
  uri: Schema.String,
  title: Schema.String,
  description: Schema.String,
  /** seconds; 0 when Discogs does not know */
  duration: Schema.Number,
  embed: Schema.Boolean
})
export type DiscogsVideo = typeof DiscogsVideo.Type

/** GET /releases/{id} */
export const DiscogsRelease = Schema.Struct({
  id: Schema.Number,
  title: Schema.String,
  /** 0 when unknown */
  year: Schema.Number,
  country: opt(Schema.String),
  released: opt(Schema.String),
  notes: opt(Schema.String),
  master_id: opt(Schema.Number),
  data_quality: opt(Schema.String),
  uri: opt(Schema.String),
  artists: Schema.Array(DiscogsArtist),
  labels: Schema.Array(DiscogsLabel),
  genres: opt(Schema.Array(Schema.String)),
  styles: opt(Schema.Array(Schema.String)),
  formats: opt(Schema.Array(DiscogsFormat)),
  tracklist: Schema.Array(DiscogsTrack),
  images: opt(Schema.Array(DiscogsImage)),
  videos: opt(Schema.Array(DiscogsVideo))
})
export type DiscogsRelease = typeof DiscogsRelease.Type

export const CollectionUrls = Schema.Struct({
  first: opt(Schema.String),
  prev: opt(Schema.String),
  next: opt(Schema.String),
  last: opt(Schema.String)
})
export type CollectionUrls = typeof CollectionUrls.Type

export const CollectionPagination = Schema.Struct({
  page: Schema.Number,
  pages: Schema.Number,
  per_page: Schema.Number,
  items: Schema.Number,
  // Present (possibly `{}`) in every recorded page; the next page is found through `next`.
  urls: Schema.optionalWith(CollectionUrls, { nullable: true, default: () => ({}) })
})
export type CollectionPagination = typeof CollectionPagination.Type

/** Only a summary of the release; crate fetches the full release separately. */
export const BasicInformation = Schema.Struct({
  id: opt(Schema.Number),
  title: opt(Schema.String),
  year: opt(Schema.Number),
  thumb: opt(Schema.String),
  cover_image: opt(Schema.String)
})
export type BasicInformation = typeof BasicInformation.Type

/** A custom-field value of a collection item (`field_id` refers to the user's fields). */
export const CollectionNote = Schema.Struct({
  field_id: Schema.Number,
  value: Schema.String
})
export type CollectionNote = typeof CollectionNote.Type

/** One owned copy: `instance_id` identifies it, `id` is the release id. */
export const CollectionItem = Schema.Struct({
  id: Schema.Number,
  instance_id: Schema.Number,
  folder_id: Schema.Number,
  rating: Schema.Number,
  date_added: Schema.String,
  basic_information: opt(BasicInformation),
  notes: opt(Schema.Array(CollectionNote))
})
export type CollectionItem = typeof CollectionItem.Type

/** GET /users/{username}/collection/folders/{folder_id}/releases */
export const CollectionPage = Schema.Struct({
  pagination: CollectionPagination,
  releases: Schema.Array(CollectionItem)
})
export type CollectionPage = typeof CollectionPage.Type

/** Error bodies, e.g. 404 `{"message": "Release not found."}` */
export const DiscogsMessage = Schema.Struct({ message: Schema.String })
export type DiscogsMessage = typeof DiscogsMessage.Type

/** GET /oauth/identity */
export const Identity = Schema.Struct({ id: Schema.Number, username: Schema.String })
export type Identity = typeof Identity.Type

const formatPath = (path: ReadonlyArray<PropertyKey>): string =>
  path
    .map((key, i) =>
      typeof key === "number" ? `[${key}]` : typeof key === "string" ? (i === 0 ? key : `.${key}`) : `[${String(key)}]`
    )
    .join("")

/** One line per decode failure, e.g. `tracklist[2].title: Expected string, actual 5`. */
export const formatParseError = (error: ParseResult.ParseError): string =>
  ParseResult.ArrayFormatter.formatErrorSync(error)
    .map((issue) => (issue.path.length === 0 ? issue.message : `${formatPath(issue.path)}: ${issue.message}`))
    .join("; ")

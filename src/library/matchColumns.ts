/** The video a `youtube_matches` row decided for a track (all null: "no match"). */
export interface MatchedVideo {
  readonly video_id: string | null
  readonly video_url: string | null
  readonly video_title: string | null
  readonly channel: string | null
  readonly video_duration: number | null
  readonly score: number | null
}

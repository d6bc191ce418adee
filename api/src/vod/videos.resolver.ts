import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AuthedContext, Context } from '../graphql/context';
import { requireSession } from '../graphql/context';
import { LiveView } from '../live/live.types';
import { checkCatalogQuery } from './catalog';
import type { Video } from './video.entity';
import { VideoConnection, VideoFilter, VideoOrder, VideoView } from './video.types';

export const videoView = (video: Video): VideoView => ({
  id: video.id, title: video.title, presenter: video.presenter, startedAt: video.startedAt, endedAt: video.endedAt,
  durationSeconds: video.durationMs / 1000, location: video.location, sizeBytes: video.sizeBytes, poster: video.poster ?? null,
  gaps: video.gaps ?? [],
});

@Resolver(() => VideoView)
export class VideosResolver {
  @Authorized()
  @Query(() => VideoConnection, { description: 'The catalog: filtered, ordered, paginated (first ≤ 100, `after` an endCursor).' })
  async videos(
    @Ctx() ctx: AuthedContext,
    @Arg('filter', () => VideoFilter, { nullable: true }) filter: VideoFilter | null,
    @Arg('orderBy', () => VideoOrder, { nullable: true, defaultValue: VideoOrder.NEWEST }) orderBy: VideoOrder | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<VideoConnection> {
    const query = checkCatalogQuery(filter, orderBy ?? VideoOrder.NEWEST, first ?? 20, after);
    const page = await ctx.services.videos.page(ctx.em, query);
    return {
      edges: page.videos.map(({ video, cursor }) => ({ cursor, node: videoView(video) })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.videos.at(-1)?.cursor ?? null },
      countAll: page.countAll,
    };
  }

  @Authorized()
  @Query(() => VideoView, { nullable: true, description: "A video of the catalog, or of one of your calls; null when there is none you may see." })
  async video(@Arg('id', () => ID) id: string, @Ctx() ctx: AuthedContext): Promise<VideoView | null> {
    const video = await ctx.services.videos.byId(ctx.em, id);
    if (!video) return null;
    // A call's recording: its two parties only (never an API key).
    if (video.callId && !(ctx.session && await ctx.services.calls.isParty(ctx.em, ctx.session.userId, video.callId))) return null;
    return videoView(video);
  }

  @Authorized()
  @Mutation(() => VideoView, { description: 'Renames one of your videos (1–120 characters).' })
  async renameVideo(@Arg('id', () => ID) id: string, @Arg('title', () => String) title: string, @Ctx() ctx: AuthedContext): Promise<VideoView> {
    return videoView(await ctx.services.videos.rename(ctx.em, ctx.session.userId, id, title));
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Deletes one of your videos, with its file and poster.' })
  async deleteVideo(@Arg('id', () => ID) id: string, @Ctx() ctx: AuthedContext): Promise<boolean> {
    await ctx.services.videos.delete(ctx.em, ctx.session.userId, id);
    return true;
  }

  @FieldResolver(() => String, { description: 'Where to play the file (HTTP ranges; signed, expires after a few hours).' })
  playbackUrl(@Root() video: VideoView, @Ctx() ctx: Context): string {
    return ctx.services.playback.url(ctx.baseUrl, video.id);
  }

  @FieldResolver(() => String, { nullable: true, description: 'A still image of the video; null until there is one.' })
  posterUrl(@Root() video: VideoView, @Ctx() ctx: Context): string | null {
    return video.poster ? ctx.services.playback.posterUrl(ctx.baseUrl, video.id) : null;
  }
}

@Resolver(() => VideoConnection)
export class VideoConnectionResolver {
  @FieldResolver(() => Int, { description: 'Videos matching the filter, all pages together.' })
  totalCount(@Root() connection: VideoConnection): Promise<number> {
    return connection.countAll();
  }
}

@Resolver(() => LiveView)
export class LiveVideoResolver {
  @FieldResolver(() => String, { nullable: true, description: 'A still of the live (its thumbnail); null until the presenter sent one.' })
  posterUrl(@Root() live: LiveView, @Ctx() ctx: Context): string | null {
    return live.poster ? ctx.services.playback.livePosterUrl(ctx.baseUrl, live.id) : null;
  }

  @FieldResolver(() => VideoView, { nullable: true, description: 'The recording of this live, once it ended and was filed.' })
  async video(@Root() live: LiveView, @Ctx() ctx: Context): Promise<VideoView | null> {
    requireSession(ctx);
    const video = await ctx.services.videos.ofLive(ctx.em, live.id);
    return video && videoView(video);
  }
}

import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { AuthedContext, Context } from '../graphql/context';
import { requireSession } from '../graphql/context';
import { LiveEventPayload, LivesChangedPayload, Topic } from '../pubsub/topics';
import { forbidden } from '../shared/errors';
import { ChatMessage, Live } from './live.entity';
import { liveEnded, liveNotFound } from './live.service';
import {
  ChatMessageView, GoLiveInput, LiveEvent, LiveEventType, LiveMediaPayload, LivesChange, LivesChangeType, LiveView,
  LiveViewer, ResumeLiveInput, WatchLiveInput,
} from './live.types';

@Resolver(() => LiveView)
export class LiveResolver {
  @Authorized()
  @Query(() => [LiveView], { description: 'Lives happening now, newest first.' })
  lives(@Ctx() ctx: AuthedContext): LiveView[] {
    const { live, liveViews } = ctx.services;
    return live.activeLives().map((active) => liveViews.ofActive(active));
  }

  @Authorized()
  @Query(() => LiveView, { nullable: true, description: 'A live, running or ended.' })
  live(@Arg('id', () => ID) id: string, @Ctx() ctx: AuthedContext): Promise<LiveView | null> {
    return ctx.services.liveViews.byId(ctx.em, id);
  }

  @FieldResolver(() => [ChatMessageView], { description: 'The last chat messages, oldest first.' })
  async chat(@Root() live: LiveView, @Ctx() ctx: Context, @Arg('last', () => Int, { defaultValue: 50 }) last: number): Promise<ChatMessageView[]> {
    requireSession(ctx);
    const rows = await ctx.em.find(ChatMessage, { live: live.id }, { orderBy: { sentAt: 'desc', id: 'desc' }, limit: Math.min(Math.max(last, 0), 200), populate: ['author'] });
    return rows.reverse().map((row) => ctx.services.liveViews.ofMessage(row));
  }

  @FieldResolver(() => [LiveViewer], { description: 'Who is watching now: the presenter only (FORBIDDEN otherwise).' })
  async viewers(@Root() live: LiveView, @Ctx() ctx: Context): Promise<LiveViewer[]> {
    const session = requireSession(ctx);
    if (live.presenter.id !== session.userId) throw forbidden('Only the presenter sees who is watching');
    const active = ctx.services.live.activeLive(live.id);
    if (!active) return [];
    const firstJoin = new Map(ctx.services.live.audience(active).map((v) => [v.userId, v.joinedAt]));
    const users = await ctx.services.users.findByIds(ctx.em, [...firstJoin.keys()]);
    return users.map((user) => ({ user, joinedAt: firstJoin.get(user.id)! }));
  }

  @Authorized()
  @Mutation(() => LiveMediaPayload, { description: 'Starts a live: the stream is looped back to the presenter and recorded.' })
  async goLive(@Arg('input', () => GoLiveInput) input: GoLiveInput, @Ctx() ctx: AuthedContext): Promise<LiveMediaPayload> {
    const result = await ctx.services.live.goLive(ctx.em, ctx.session.userId, ctx.ip, input);
    return { ...result, live: ctx.services.liveViews.ofActive(result.live) };
  }

  @Authorized()
  @Mutation(() => LiveMediaPayload, { description: "Watches a live: the presenter's stream through the media server." })
  async watchLive(@Arg('input', () => WatchLiveInput) input: WatchLiveInput, @Ctx() ctx: AuthedContext): Promise<LiveMediaPayload> {
    const result = await ctx.services.live.watch(ctx.em, ctx.session.userId, input);
    return { ...result, live: ctx.services.liveViews.ofActive(result.live) };
  }

  @Authorized()
  @Mutation(() => LiveMediaPayload, {
    description: 'Publishes again into your running live (after a reload or a dropped connection, or from another tab, which takes '
      + 'over): viewers get the picture back without rejoining, and the recording goes on in the same video.',
  })
  async resumeLive(@Arg('input', () => ResumeLiveInput) input: ResumeLiveInput, @Ctx() ctx: AuthedContext): Promise<LiveMediaPayload> {
    const result = await ctx.services.live.resume(ctx.em, ctx.session.userId, input);
    return { ...result, live: ctx.services.liveViews.ofActive(result.live) };
  }

  @Authorized()
  @Mutation(() => LiveView, { description: 'Ends your live; every viewer is told at once.' })
  async stopLive(@Arg('liveId', () => ID) liveId: string, @Ctx() ctx: AuthedContext): Promise<LiveView> {
    const row = await ctx.services.live.stop(ctx.em, ctx.session.userId, liveId);
    await ctx.em.populate(row, ['presenter']);
    return ctx.services.liveViews.ofRow(row);
  }

  @Authorized()
  @Mutation(() => LiveView, {
    description: 'Sets the still image of your live (a data: URL of a JPEG, PNG or WebP, at most 512 KB): '
      + 'its thumbnail while live, its video\'s poster after.',
  })
  async setLivePoster(@Arg('liveId', () => ID) liveId: string, @Arg('image', () => String) image: string,
    @Ctx() ctx: AuthedContext): Promise<LiveView> {
    const live = await ctx.services.live.setPoster(ctx.em, ctx.session.userId, liveId, image);
    return ctx.services.liveViews.ofActive(live);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Stops watching (ends that media session).' })
  async leaveLive(@Arg('mediaSessionId', () => ID) mediaSessionId: string, @Ctx() ctx: AuthedContext): Promise<boolean> {
    await ctx.services.live.leave(ctx.session.userId, mediaSessionId);
    return true;
  }

  @Authorized()
  @Mutation(() => ChatMessageView, { description: 'Says something in a live (1–500 characters, rate-limited).' })
  async sendChatMessage(@Arg('liveId', () => ID) liveId: string, @Arg('text', () => String) text: string,
    @Ctx() ctx: AuthedContext): Promise<ChatMessageView> {
    const message = await ctx.services.live.sendChat(ctx.em, ctx.session.userId, liveId, text);
    return ctx.services.liveViews.ofSnapshot(message);
  }

  @Subscription(() => LiveEvent, {
    description: 'Viewers joining and leaving, chat and the end of one live.',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      requireSession(ctx);
      if (!ctx.services.live.activeLive(args.liveId)) {
        throw (await ctx.em.count(Live, { id: args.liveId })) ? liveEnded() : liveNotFound();
      }
      return ctx.services.pubsub.subscribe(Topic.LiveEvent, args.liveId);
    },
  })
  async liveEvents(@Root() event: LiveEventPayload, @Arg('liveId', () => ID) _liveId: string, @Ctx() ctx: Context): Promise<LiveEvent> {
    const views = ctx.services.liveViews;
    // Who joins or leaves is the presenter's to know (as Live.viewers); everyone else gets the count.
    const presenterAsks = ctx.services.live.activeLive(event.liveId)?.presenterId === ctx.session?.userId;
    return {
      type: event.type as LiveEventType, liveId: event.liveId, at: new Date(event.at), viewerCount: event.viewerCount,
      reason: event.reason ?? null, viewer: presenterAsks ? await views.eventViewer(event.viewerId) : null,
      message: event.message ? views.ofSnapshot(event.message) : null,
    };
  }

  @Authorized()
  @Subscription(() => LivesChange, { topics: Topic.LivesChanged, description: 'Lives starting and ending, and viewer counts.' })
  livesChanged(@Root() change: LivesChangedPayload, @Ctx() ctx: Context): LivesChange {
    return { type: change.type as LivesChangeType, live: ctx.services.liveViews.ofLiveSnapshot(change.live) };
  }
}

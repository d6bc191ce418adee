import { Arg, Authorized, Ctx, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { AuthedContext, Context } from '../graphql/context';
import { requireSession } from '../graphql/context';
import { CallEventPayload, Topic } from '../pubsub/topics';
import { MediaOfferInput, MediaSessionAnswer } from '../rtc/signaling.types';
import { User } from '../users/user.entity';
import { userOfProfile } from '../users/users.service';
import { videoView } from '../vod/videos.resolver';
import { VideoView } from '../vod/video.types';
import { CallConnection, CallDirection, CallEvent, CallEventType, CallView } from './call.types';
import { viewOfRecord } from './call.views';

/** Calls: dialling, answering, media, recording consent and history. Thin: the call service decides. */
@Resolver(() => CallView)
export class CallResolver {
  @Authorized()
  @Query(() => CallView, { nullable: true, description: 'One of your calls; null when there is none with this id that is yours.' })
  call(@Arg('id', () => ID) id: string, @Ctx() ctx: AuthedContext): Promise<CallView | null> {
    return ctx.services.calls.find(ctx.em, ctx.session.userId, id);
  }

  @Authorized()
  @Query(() => CallView, { nullable: true, description: 'The call you are in now (ringing or on), if any: to pick it up again after a reload.' })
  currentCall(@Ctx() ctx: AuthedContext): Promise<CallView | null> {
    return ctx.services.calls.current(ctx.session.userId);
  }

  @Authorized()
  @Query(() => CallConnection, { description: 'Your calls, newest first (first ≤ 100, `after` an endCursor).' })
  calls(
    @Ctx() ctx: AuthedContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<CallConnection> {
    return ctx.services.calls.history(ctx.em, ctx.session.userId, first ?? 20, after);
  }

  @Authorized()
  @Mutation(() => CallView, {
    description: 'Calls an online user by nickname. The call rings (RINGING), or has already ended when the callee is '
      + 'offline (outcome OFFLINE) or busy (BUSY). NOT_FOUND for an unknown nickname, BAD_USER_INPUT for yourself, '
      + 'ALREADY_IN_CALL when you are in one.',
  })
  callUser(@Arg('nickname', () => String) nickname: string, @Ctx() ctx: AuthedContext): Promise<CallView> {
    return ctx.services.calls.dial(ctx.em, ctx.session.userId, nickname);
  }

  @Authorized()
  @Mutation(() => CallView, { description: 'Answers a call ringing for you (every other tab of yours stops ringing).' })
  acceptCall(@Arg('callId', () => ID) callId: string, @Ctx() ctx: AuthedContext): Promise<CallView> {
    return ctx.services.calls.accept(ctx.em, ctx.session.userId, callId);
  }

  @Authorized()
  @Mutation(() => CallView, { description: 'Declines a call ringing for you.' })
  rejectCall(@Arg('callId', () => ID) callId: string, @Ctx() ctx: AuthedContext): Promise<CallView> {
    return ctx.services.calls.reject(ctx.em, ctx.session.userId, callId);
  }

  @Authorized()
  @Mutation(() => CallView, { description: 'Cancels your call while it rings.' })
  cancelCall(@Arg('callId', () => ID) callId: string, @Ctx() ctx: AuthedContext): Promise<CallView> {
    return ctx.services.calls.cancel(ctx.em, ctx.session.userId, callId);
  }

  @Authorized()
  @Mutation(() => CallView, { description: 'Ends a call for both parties (while it rings: cancels or declines it).' })
  hangUp(@Arg('callId', () => ID) callId: string, @Ctx() ctx: AuthedContext): Promise<CallView> {
    return ctx.services.calls.hangUp(ctx.em, ctx.session.userId, callId);
  }

  @Authorized()
  @Mutation(() => MediaSessionAnswer, { description: 'Sends your camera into an answered call; it is looped back to you (send + receive offer).' })
  publishCallMedia(@Arg('callId', () => ID) callId: string, @Arg('input', () => MediaOfferInput) input: MediaOfferInput,
    @Ctx() ctx: AuthedContext): Promise<MediaSessionAnswer> {
    return ctx.services.calls.publishMedia(ctx.session.userId, callId, input, ctx.ip);
  }

  @Authorized()
  @Mutation(() => MediaSessionAnswer, { description: "Receives the other party's stream in an answered call (receive-only offer; it starts when they publish)." })
  viewCallMedia(@Arg('callId', () => ID) callId: string, @Arg('input', () => MediaOfferInput) input: MediaOfferInput,
    @Ctx() ctx: AuthedContext): Promise<MediaSessionAnswer> {
    return ctx.services.calls.viewMedia(ctx.session.userId, callId, input);
  }

  @Authorized()
  @Mutation(() => CallView, { description: 'Asks to record the call; recording starts only once the other party agrees.' })
  requestCallRecording(@Arg('callId', () => ID) callId: string, @Ctx() ctx: AuthedContext): Promise<CallView> {
    return ctx.services.calls.requestRecording(ctx.em, ctx.session.userId, callId);
  }

  @Authorized()
  @Mutation(() => CallView, { description: "Answers the other party's request to record the call." })
  answerCallRecording(@Arg('callId', () => ID) callId: string, @Arg('accept', () => Boolean) accept: boolean,
    @Ctx() ctx: AuthedContext): Promise<CallView> {
    return ctx.services.calls.answerRecording(ctx.em, ctx.session.userId, callId, accept);
  }

  @Authorized()
  @Subscription(() => CallEvent, {
    description: 'Every event of your calls (incoming, accepted, declined, ended, recording…), on every tab you have open.',
    subscribe: ({ context }) => {
      const ctx = context as Context;
      return ctx.services.pubsub.subscribe(Topic.CallEvent, requireSession(ctx).userId);
    },
  })
  callEvents(@Root() event: CallEventPayload): CallEvent {
    const { call } = event;
    const by = event.byId === call.caller.id ? call.caller : event.byId === call.callee.id ? call.callee : null;
    return { type: event.type as CallEventType, call: viewOfRecord(call), at: new Date(event.at), by: by && userOfProfile(by) };
  }

  @FieldResolver(() => CallDirection)
  direction(@Root() call: CallView, @Ctx() ctx: Context): CallDirection {
    return call.caller.id === requireSession(ctx).userId ? CallDirection.OUTGOING : CallDirection.INCOMING;
  }

  @FieldResolver(() => User, { description: 'The party that is not you.' })
  otherParty(@Root() call: CallView, @Ctx() ctx: Context): User {
    return call.caller.id === requireSession(ctx).userId ? call.callee : call.caller;
  }

  @FieldResolver(() => Float, { description: 'From the answer to the end (so far, while on); 0 when never answered.' })
  durationSeconds(@Root() call: CallView): number {
    if (!call.answeredAt) return 0;
    return Math.max(0, ((call.endedAt ?? new Date()).getTime() - call.answeredAt.getTime()) / 1000);
  }

  @FieldResolver(() => [VideoView], { description: "The call's recordings (one per party's stream), filed when it ends: visible to its two parties only." })
  async videos(@Root() call: CallView, @Ctx() ctx: Context): Promise<VideoView[]> {
    requireSession(ctx);
    return (await ctx.services.videos.ofCall(ctx.em, call.id)).map(videoView);
  }
}

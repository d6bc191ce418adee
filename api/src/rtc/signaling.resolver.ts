import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { AuthedContext, Context } from '../graphql/context';
import { requireSession } from '../graphql/context';
import { iceServersFor, IceServer } from './ice-servers';
import type { MediaSessionEventPayload } from './media-sessions';
import { checkCandidate, checkMediaSessionId } from './sdp';
import { IceCandidateInput, MediaSessionEvent, MediaSessionEventType } from './signaling.types';

/** The signaling every media session uses, whatever it belongs to (a live, a call). */
@Resolver()
export class SignalingResolver {
  @Authorized()
  @Query(() => [IceServer], { description: 'STUN/TURN servers for RTCPeerConnection (TURN credentials expire).' })
  iceServers(@Ctx() ctx: AuthedContext): IceServer[] {
    return iceServersFor(ctx.services.config.ice, ctx.session.userId);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Adds a browser ICE candidate to one of your media sessions (before or after the offer).' })
  async addIceCandidate(@Arg('input', () => IceCandidateInput) input: IceCandidateInput, @Ctx() ctx: AuthedContext): Promise<boolean> {
    await ctx.services.mediaSessions.addCandidate(checkMediaSessionId(input.mediaSessionId), ctx.session.userId, checkCandidate(input));
    return true;
  }

  @Subscription(() => MediaSessionEvent, {
    description: 'Server ICE candidates of one of your media sessions (all of them, even those found before you subscribed), then ENDED. Keep it open: closing it ends the session.',
    subscribe: ({ args, context }) => {
      const session = requireSession(context as Context);
      return (context as Context).services.mediaSessions.events(checkMediaSessionId(args.mediaSessionId), session.userId);
    },
  })
  mediaSessionEvents(@Root() event: MediaSessionEventPayload, @Arg('mediaSessionId', () => ID) _mediaSessionId: string): MediaSessionEvent {
    return event.type === 'ICE_CANDIDATE'
      ? { type: MediaSessionEventType.ICE_CANDIDATE, seq: event.seq, candidate: event.candidate }
      : { type: MediaSessionEventType.ENDED, seq: event.seq, reason: event.reason };
  }
}

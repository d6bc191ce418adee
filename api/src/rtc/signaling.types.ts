import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum MediaSessionEventType { ICE_CANDIDATE = 'ICE_CANDIDATE', ENDED = 'ENDED' }
registerEnumType(MediaSessionEventType, { name: 'MediaSessionEventType' });

@ObjectType()
export class IceCandidate {
  @Field(() => String)
  candidate!: string;

  @Field(() => String, { nullable: true })
  sdpMid?: string | null;

  @Field(() => Int, { nullable: true })
  sdpMLineIndex?: number | null;
}

@ObjectType({ description: 'Signaling for one media session: server ICE candidates, then ENDED.' })
export class MediaSessionEvent {
  @Field(() => MediaSessionEventType)
  type!: MediaSessionEventType;

  @Field(() => Int, { description: 'Position in the session: 1, 2, 3, ... (no gaps, no repeats).' })
  seq!: number;

  @Field(() => IceCandidate, { nullable: true })
  candidate?: IceCandidate | null;

  @Field(() => String, { nullable: true })
  reason?: string | null;
}

@ObjectType({ description: 'A media session on the media server and its SDP answer.' })
export class MediaSessionAnswer {
  @Field(() => ID)
  mediaSessionId!: string;

  @Field(() => String)
  answer!: string;
}

@InputType({ description: 'An SDP offer for a new media session.' })
export class MediaOfferInput {
  @Field(() => String, { description: "The browser's SDP offer." })
  offer!: string;

  @Field(() => ID, { description: 'A UUID the browser generates; candidates and events may use it before this call.' })
  mediaSessionId!: string;
}

@InputType()
export class IceCandidateInput {
  @Field(() => ID)
  mediaSessionId!: string;

  @Field(() => String, { description: 'The candidate line; "" marks the end of candidates.' })
  candidate!: string;

  @Field(() => String, { nullable: true })
  sdpMid?: string | null;

  @Field(() => Int, { nullable: true })
  sdpMLineIndex?: number | null;
}

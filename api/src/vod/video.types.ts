import { Field, Float, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../users/user.entity';

export enum VideoOrder { NEWEST = 'NEWEST', OLDEST = 'OLDEST', LONGEST = 'LONGEST', SHORTEST = 'SHORTEST' }
registerEnumType(VideoOrder, {
  name: 'VideoOrder',
  valuesConfig: {
    NEWEST: { description: 'Latest start first.' },
    OLDEST: { description: 'Earliest start first.' },
    LONGEST: { description: 'Longest duration first.' },
    SHORTEST: { description: 'Shortest duration first.' },
  },
});

@InputType({ description: 'Catalog filters; every one combines with every other (AND).' })
export class VideoFilter {
  @Field(() => Date, { nullable: true, description: 'Started at or after this time.' })
  startedAfter?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Started at or before this time.' })
  startedBefore?: Date | null;

  @Field(() => Float, { nullable: true })
  minDurationSeconds?: number | null;

  @Field(() => Float, { nullable: true })
  maxDurationSeconds?: number | null;

  @Field(() => String, { nullable: true, description: 'Part of the location, ignoring case.' })
  location?: string | null;

  @Field(() => String, { nullable: true, description: "The presenter's nickname, ignoring case (exact)." })
  presenter?: string | null;

  @Field(() => String, { nullable: true, description: 'Words that must all appear in the title, ignoring case.' })
  search?: string | null;
}

@ObjectType('VideoGap', { description: 'Time the presenter was away (reconnecting): the video skips it.' })
export class VideoGapView {
  @Field(() => Float, { description: 'Seconds into the video where the skip is.' })
  at!: number;

  @Field(() => Float, { description: 'How long the presenter was away, in seconds.' })
  seconds!: number;
}

@ObjectType('Video', { description: 'The recording of a live, in the catalog.' })
export class VideoView {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  title!: string;

  @Field(() => User)
  presenter!: User;

  @Field(() => Date)
  startedAt!: Date;

  @Field(() => Date)
  endedAt!: Date;

  @Field(() => Float, { description: 'Length of the recording in seconds (exact, from the file).' })
  durationSeconds!: number;

  @Field(() => String, { description: '"local network", "unknown" or where the presenter was (country).' })
  location!: string;

  @Field(() => [VideoGapView], { description: 'Where the recording skips time its presenter was away, in order; empty when none.' })
  gaps!: VideoGapView[];

  @Field(() => Float, { description: 'Size of the file in bytes.' })
  sizeBytes!: number;

  /** Poster file in the recordings folder (posterUrl is signed from it). */
  poster!: string | null;
}

@ObjectType()
export class VideoEdge {
  @Field(() => String, { description: 'Opaque; pass as `after` to read on from this video.' })
  cursor!: string;

  @Field(() => VideoView)
  node!: VideoView;
}

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType({ description: 'One page of the catalog.' })
export class VideoConnection {
  @Field(() => [VideoEdge])
  edges!: VideoEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  /** Counts every video matching the filter (run only when totalCount is asked for). */
  countAll!: () => Promise<number>;
}

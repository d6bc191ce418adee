import { randomUUID } from 'node:crypto';
import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { User } from '../users/user.entity';

/** One broadcast, from "Go live" to its end. Rows outlive the broadcast (history, chat, video). */
@Entity({ tableName: 'lives' })
@Index({ properties: ['endedAt'] })
export class Live {
  [OptionalProps]?: 'id' | 'startedAt' | 'endedAt' | 'endReason' | 'location' | 'nodeId' | 'poster';

  @PrimaryKey({ type: 'string', length: 36 })
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  presenter!: User;

  @Property({ type: 'string', length: 120 })
  title!: string;

  @Property({ type: 'datetime', length: 3 })
  startedAt: Date = new Date();

  @Property({ type: 'datetime', length: 3, nullable: true })
  endedAt?: Date | null;

  /** Where the presenter was (see geo/), kept so that a live interrupted by a crash can still be filed. */
  @Property({ type: 'string', length: 120, nullable: true })
  location?: string | null;

  /** Its still image (file in the recordings folder): the thumbnail while live, the video's poster after. */
  @Property({ type: 'string', length: 255, nullable: true })
  poster?: string | null;

  /** The api node running it while it runs: recovery ends the open lives of nodes that are gone. */
  @Property({ type: 'string', length: 64, nullable: true })
  nodeId?: string | null;

  /** Why it ended: stopped, presenter-disconnected, media-server-lost, media-lost, server-shutdown, interrupted. */
  @Property({ type: 'string', length: 32, nullable: true })
  endReason?: string | null;
}

/** A chat line in a live, kept with it. */
@Entity({ tableName: 'chat_messages' })
@Index({ properties: ['live', 'sentAt'] })
export class ChatMessage {
  [OptionalProps]?: 'id' | 'sentAt';

  @PrimaryKey({ type: 'string', length: 36 })
  id: string = randomUUID();

  @ManyToOne(() => Live, { deleteRule: 'cascade' })
  live!: Live;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  author!: User;

  @Property({ type: 'string', length: 500 })
  text!: string;

  @Property({ type: 'datetime', length: 3 })
  sentAt: Date = new Date();
}

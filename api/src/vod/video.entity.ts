import { randomUUID } from 'node:crypto';
import { BigIntType, Entity, Index, JsonType, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Live } from '../live/live.entity';
import type { RecordingGap } from '../recording/recordings.service';
import { User } from '../users/user.entity';

/** Text folded for case-insensitive matching the same way on every database (title search, location). */
export const searchKey = (text: string) => text.normalize('NFKC').toLocaleLowerCase('en-US');

/**
 * The recording of a live, in the VOD catalog, or of a call (private to its parties). The indexes serve the catalog's orders (each with
 * the id as tie-breaker, for keyset paging) and its presenter and location filters.
 */
@Entity({ tableName: 'videos' })
@Index({ properties: ['startedAt', 'id'] })
@Index({ properties: ['durationMs', 'id'] })
@Index({ properties: ['presenter', 'startedAt', 'id'] })
@Index({ properties: ['locationKey', 'startedAt', 'id'] })
export class Video {
  [OptionalProps]?: 'id' | 'createdAt' | 'titleKey' | 'locationKey' | 'poster' | 'callId' | 'gaps';

  @PrimaryKey({ type: 'string', length: 36 })
  id: string = randomUUID();

  @ManyToOne(() => Live, { deleteRule: 'set null', nullable: true })
  live?: Live | null;

  /**
   * A call's recording: private to the call's two parties (never in the catalog, never to API keys).
   * A plain column, not a foreign key: its index would tempt the database away from the catalog's order indexes.
   */
  @Property({ type: 'string', length: 36, nullable: true })
  callId?: string | null;

  /** Whose stream it is (who may rename and delete it). */
  @ManyToOne(() => User, { deleteRule: 'cascade' })
  presenter!: User;

  @Property({ type: 'string', length: 120 })
  title!: string;

  /** searchKey(title): what title search matches. */
  @Property({ type: 'string', length: 480 })
  titleKey!: string;

  @Property({ type: 'datetime', length: 3 })
  startedAt!: Date;

  @Property({ type: 'datetime', length: 3 })
  endedAt!: Date;

  @Property({ type: 'integer' })
  durationMs!: number;

  /** "local network", "unknown", or a place told from the presenter's address. */
  @Property({ type: 'string', length: 120 })
  location!: string;

  /** searchKey(location): what the location filter matches. */
  @Property({ type: 'string', length: 480 })
  locationKey!: string;

  /** File name inside the recordings folder. */
  @Property({ type: 'string', length: 255 })
  file!: string;

  @Property({ type: new BigIntType('number') })
  sizeBytes!: number;

  /** Where the recording skips time its presenter was away (reconnecting); null when it skips none. */
  // JSON in a text column: MariaDB's json is a longtext with a CHECK the schema diff keeps seeing as a change.
  @Property({ type: JsonType, columnType: 'text', nullable: true })
  gaps?: RecordingGap[] | null;

  /** Poster image file name inside the recordings folder, once there is one. */
  @Property({ type: 'string', length: 255, nullable: true })
  poster?: string | null;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Date = new Date();
}

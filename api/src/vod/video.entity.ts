import { randomUUID } from 'node:crypto';
import { BigIntType, Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Live } from '../live/live.entity';
import { User } from '../users/user.entity';

/** The recording of a live, in the VOD catalog. */
@Entity({ tableName: 'videos' })
@Index({ properties: ['startedAt'] })
export class Video {
  [OptionalProps]?: 'id' | 'createdAt';

  @PrimaryKey({ type: 'string', length: 36 })
  id: string = randomUUID();

  @ManyToOne(() => Live, { deleteRule: 'set null', nullable: true })
  live?: Live | null;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  presenter!: User;

  @Property({ type: 'string', length: 120 })
  title!: string;

  @Property({ type: 'datetime', length: 3 })
  startedAt!: Date;

  @Property({ type: 'datetime', length: 3 })
  endedAt!: Date;

  @Property({ type: 'integer' })
  durationMs!: number;

  /** "local network", "unknown", or a place told from the presenter's address. */
  @Property({ type: 'string', length: 120 })
  location!: string;

  /** File name inside the recordings folder. */
  @Property({ type: 'string', length: 255 })
  file!: string;

  @Property({ type: new BigIntType('number') })
  sizeBytes!: number;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Date = new Date();
}

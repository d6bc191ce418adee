import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { User } from '../users/user.entity';

/**
 * One call, from the dial to its end: the call history, and the consent to record it (who
 * asked and when, who agreed and when). The live state of a call is in the call store.
 */
@Entity({ tableName: 'calls' })
@Index({ properties: ['caller', 'startedAt', 'id'] })
@Index({ properties: ['callee', 'startedAt', 'id'] })
@Index({ properties: ['endedAt'] })
export class Call {
  [OptionalProps]?: 'answeredAt' | 'endedAt' | 'outcome' | 'endReason' | 'endedBy' | 'nodeId'
    | 'recordingRequestedBy' | 'recordingRequestedAt' | 'recordingConsentBy' | 'recordingConsentAt' | 'recordingDeclinedAt';

  @PrimaryKey({ type: 'string', length: 36 })
  id!: string;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  caller!: User;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  callee!: User;

  /** When it was dialled. */
  @Property({ type: 'datetime', length: 3 })
  startedAt!: Date;

  @Property({ type: 'datetime', length: 3, nullable: true })
  answeredAt?: Date | null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  endedAt?: Date | null;

  /** ANSWERED, MISSED, REJECTED, CANCELLED, BUSY, OFFLINE; null while it rings. */
  @Property({ type: 'string', length: 16, nullable: true })
  outcome?: string | null;

  /** hang-up, disconnected, media-failed, no-answer, server-shutdown, interrupted, … */
  @Property({ type: 'string', length: 32, nullable: true })
  endReason?: string | null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  endedBy?: User | null;

  /** The api node holding it while it is on: recovery ends the open calls of nodes that are gone. */
  @Property({ type: 'string', length: 64, nullable: true })
  nodeId?: string | null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  recordingRequestedBy?: User | null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  recordingRequestedAt?: Date | null;

  /** The other party, who agreed: recording starts at this moment, never before. */
  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  recordingConsentBy?: User | null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  recordingConsentAt?: Date | null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  recordingDeclinedAt?: Date | null;
}

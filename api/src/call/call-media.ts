import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import type { MediaGateway } from '../media/media-gateway';
import type { Recordings } from '../recording/recordings.service';
import { MediaRoom } from '../rtc/media-room';
import type { MediaSessions } from '../rtc/media-sessions';
import { checkMediaSessionId, checkOffer } from '../rtc/sdp';
import { AppError, ErrorCode } from '../shared/errors';
import { KeyedQueue } from '../shared/keyed-queue';
import type { Logger } from '../shared/logger';
import type { CallRecord } from './call-store';
import { CallRecordingState } from './call.types';

export interface CallMediaDependencies {
  orm: MikroORM;
  gateway: MediaGateway;
  sessions: MediaSessions;
  recordings: Recordings;
  logger: Logger;
  keyframeIntervalMs: number;
  /** How long both parties have, once the call is answered, to send their media. */
  setupTimeoutMs: number;
  locate(address: string): Promise<string>;
}

/** A call's media on this api node: its room, and each party's recording once both agreed. */
interface CallRoom {
  room: MediaRoom;
  /** Both agreed to record: every stream published from now on is recorded too. */
  recording: boolean;
  /** Party → its recording (file id in the recordings folder, and when it started). */
  recordings: Map<string, { fileId: string; startedAt: Date }>;
  /** Party → where they were when they published. */
  locations: Map<string, string>;
  /** Set once answered: both parties must send their media in time. */
  setupTimer?: NodeJS.Timeout;
}

export type CallMediaFailure = (callId: string, userId: string | null, reason: string) => void;

/**
 * The media of calls: one room per call, where each party publishes its camera (looped back to
 * it) and views the other's stream. Nobody else can join: only the two parties reach these
 * operations. Closing a call's media releases every media object and files its recordings
 * (private videos of the two parties).
 */
export class CallMedia {
  private readonly rooms = new Map<string, CallRoom>();
  private readonly queue = new KeyedQueue();
  private failed: CallMediaFailure = () => undefined;

  constructor(private readonly deps: CallMediaDependencies) {
    deps.gateway.onMediaLost(() => {
      for (const callId of this.rooms.keys()) this.mediaGone(callId, 'media-server-lost');
    });
  }

  /** The call's media objects are gone (the media server lost, or its pipeline released elsewhere): the call ends. */
  private mediaGone(callId: string, reason: string) {
    const entry = this.rooms.get(callId);
    if (!entry) return;
    void entry.room.close(reason, { mediaGone: true });
    this.failed(callId, null, reason);
  }

  /** What ends the call when its media fail (a party's media session went away, media not sent in time). */
  onFailure(listener: CallMediaFailure): void {
    this.failed = listener;
  }

  callIds(): string[] {
    return [...this.rooms.keys()];
  }

  /**
   * Opens the call's room on this node (when it is dialled: the caller's camera may go in while it
   * rings); false when it was open already.
   */
  open(callId: string): Promise<boolean> {
    return this.queue.run(callId, async () => {
      if (this.rooms.has(callId)) return false;
      const { gateway, sessions, logger, keyframeIntervalMs } = this.deps;
      const room = await MediaRoom.open(callId, { gateway, sessions, logger, keyframeIntervalMs }, {
        detached: (participant) => this.failed(callId, participant.userId, 'disconnected'),
        lost: () => this.mediaGone(callId, 'media-lost'),
      });
      this.rooms.set(callId, { room, recording: false, recordings: new Map(), locations: new Map() });
      return true;
    });
  }

  /** The call was answered: both parties have setupTimeoutMs to send their media, or it ends as media-failed. */
  answered(call: CallRecord): void {
    const entry = this.rooms.get(call.id);
    if (!entry || entry.setupTimer) return;
    entry.setupTimer = setTimeout(() => {
      const silent = [call.caller.id, call.callee.id].find((id) => !entry.room.publisher(id));
      if (silent && !entry.room.isClosed) this.failed(call.id, silent, 'media-failed');
    }, this.deps.setupTimeoutMs);
    entry.setupTimer.unref();
  }

  /** A party sends its camera: looped back to it, fed to the other party, recorded when both agreed. */
  publish(call: CallRecord, userId: string, input: { offer: string; mediaSessionId: string }, address: string) {
    const offer = checkOffer(input.offer);
    const mediaSessionId = checkMediaSessionId(input.mediaSessionId);
    return this.inRoom(call, userId, async (entry) => {
      if (entry.room.publisher(userId, { pending: true })) throw new AppError(ErrorCode.BadUserInput, 'You already send media in this call', { field: 'callId' });
      const location = this.deps.locate(address).catch(() => 'unknown'); // told while the offer is answered
      const recording = entry.recording || call.recording === CallRecordingState.RECORDING;
      const fileId = recording ? randomUUID() : undefined;
      if (fileId) entry.recordings.set(userId, { fileId, startedAt: new Date() }); // before: startRecording must not add another
      try {
        const { answer } = await entry.room.publish({
          userId, mediaSessionId, offer, stream: userId, recordTo: fileId && this.deps.recordings.uriOf(fileId),
        });
        entry.locations.set(userId, await location);
        if (entry.room.publisher(call.caller.id) && entry.room.publisher(call.callee.id)) clearTimeout(entry.setupTimer);
        return { mediaSessionId, answer };
      } catch (error) {
        if (fileId && entry.recordings.get(userId)?.fileId === fileId) entry.recordings.delete(userId);
        throw error;
      }
    });
  }

  /**
   * A party receives the other's stream (from the moment the other publishes). Not queued behind the
   * call's other offers: a view touches neither recordings nor publishers, and the room wires each
   * publisher–viewer pair once whichever comes first.
   */
  view(call: CallRecord, userId: string, input: { offer: string; mediaSessionId: string }) {
    const offer = checkOffer(input.offer);
    const mediaSessionId = checkMediaSessionId(input.mediaSessionId);
    const other = call.caller.id === userId ? call.callee.id : call.caller.id;
    return this.inRoom(call, userId, async (entry) => {
      const { answer } = await entry.room.view({ userId, mediaSessionId, offer, stream: other });
      return { mediaSessionId, answer };
    }, { queued: false });
  }

  /** Both agreed: records every stream of the call from now on. */
  startRecording(call: CallRecord): Promise<void> {
    return this.inRoom(call, null, async (entry) => {
      entry.recording = true;
      for (const userId of [call.caller.id, call.callee.id]) {
        const publisher = entry.room.publisher(userId, { pending: true });
        if (!publisher || entry.recordings.has(userId)) continue;
        const fileId = randomUUID();
        await entry.room.record(publisher, this.deps.recordings.uriOf(fileId));
        entry.recordings.set(userId, { fileId, startedAt: new Date() });
      }
    });
  }

  /**
   * Releases every media object of the call, then files its recordings (one private video per party;
   * one too short to keep is discarded). How many recordings there were.
   */
  release(callId: string, call: CallRecord): Promise<number> {
    return this.queue.run(callId, async () => {
      const entry = this.rooms.get(callId);
      if (!entry) return 0;
      this.rooms.delete(callId);
      clearTimeout(entry.setupTimer);
      await entry.room.close('call-ended'); // recordings are complete once this resolves
      const endedAt = call.endedAt ? new Date(call.endedAt) : new Date();
      for (const [userId, { fileId, startedAt }] of entry.recordings) {
        const owner = userId === call.caller.id ? call.caller : call.callee;
        await this.deps.recordings.file(this.deps.orm.em.fork(), {
          recordingId: fileId, callId, presenterId: userId, startedAt, endedAt,
          title: `Call: ${call.caller.nickname} and ${call.callee.nickname} (${owner.nickname}'s camera)`.slice(0, 120),
          location: entry.locations.get(userId) ?? 'unknown',
        }).catch((error) => this.deps.logger.error('call recording not filed', { callId, fileId, error }));
      }
      return entry.recordings.size;
    });
  }

  /**
   * Runs `task` on the call's room, in the call's queue unless `queued` is false (publishing, recording
   * and releasing change what the others read); a media failure ends the call.
   */
  private inRoom<T>(call: CallRecord, userId: string | null, task: (entry: CallRoom) => Promise<T>, { queued = true } = {}): Promise<T> {
    const run = async () => {
      const entry = this.rooms.get(call.id);
      if (!entry || entry.room.isClosed) {
        throw new AppError(ErrorCode.CallEnded, 'This call is not on (it ended, or its media are on another api node)');
      }
      try {
        return await task(entry);
      } catch (error) {
        if (error instanceof AppError && error.code === ErrorCode.MediaError) this.failed(call.id, userId, 'media-failed');
        throw error;
      }
    };
    return queued ? this.queue.run(call.id, run) : run();
  }
}

import type { PipelineHandle, RecorderHandle, WebRtcEndpointHandle } from '../media/elements';
import type { MediaGateway } from '../media/media-gateway';
import { badInput } from '../shared/errors';
import type { Logger } from '../shared/logger';
import type { MediaSessions } from './media-sessions';

/** Someone in a room: one browser peer connection (media session) and its endpoint. */
export interface Participant {
  mediaSessionId: string;
  userId: string;
  joinedAt: Date;
  /** publish: sends and receives its own stream back; view: receives a publisher's stream. */
  role: 'publisher' | 'viewer';
  /** publish: the name viewers ask for; view: the publisher it receives. */
  stream: string;
  /** Negotiated: its answer went back (until then it is pending). */
  ready: boolean;
  endpoint: WebRtcEndpointHandle;
  recorder?: RecorderHandle;
  /** Asks the publisher for key frames while recorded (a media server that does not do it itself). */
  keyframes?: NodeJS.Timeout;
}

/** What a room tells its owner. */
export interface RoomEvents {
  /** A participant's media session went away (tab closed, connection lost, timed out). */
  detached(participant: Participant): void;
  /** Its pipeline was released by someone else (an operator, another media-server client): the room has no media left. */
  lost(): void;
}

export interface MediaRoomDependencies {
  gateway: MediaGateway;
  sessions: MediaSessions;
  logger: Logger;
  /** The longest a recording may go without a key frame (the publisher is asked a bit more often); 0 = never asked. */
  keyframeIntervalMs: number;
}

export interface OfferInput {
  userId: string;
  mediaSessionId: string;
  offer: string;
}

/** Key frames are asked for a bit more often than the longest gap allowed: encoders answer after a frame or two. */
const KEYFRAME_ASK_SHARE = 0.85;

/**
 * One media pipeline and everyone in it. *publish* gives a browser its own stream looped back
 * (optionally recorded); *view* feeds a browser one publisher's stream (connected when that
 * publisher arrives, if it is not there yet). The room owns every endpoint and recorder: removing
 * a participant or closing the room releases them, ends their media sessions and forgets them.
 * A live owns one room, a call owns one room; the owner serializes its calls to the room.
 */
export class MediaRoom {
  private readonly participants = new Map<string, Participant>();
  /** Recordings of suspended publishers, by stream, waiting for their publisher to come back. */
  private readonly held = new Map<string, RecorderHandle>();
  private closed = false;
  private readonly unwatch: () => void;

  private constructor(
    readonly id: string,
    private readonly pipeline: PipelineHandle,
    private readonly deps: MediaRoomDependencies,
    private readonly events: RoomEvents,
  ) {
    this.unwatch = deps.gateway.onReleasedElsewhere(pipeline.id, () => {
      if (this.closed) return;
      this.deps.logger.warn('media pipeline released from outside', { room: this.id, pipeline: pipeline.id });
      this.events.lost();
    });
  }

  static async open(id: string, deps: MediaRoomDependencies, events: RoomEvents): Promise<MediaRoom> {
    return new MediaRoom(id, await deps.gateway.createPipeline(), deps, events);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  participant(mediaSessionId: string): Participant | undefined {
    return this.participants.get(mediaSessionId);
  }

  /** The publisher of `stream` once negotiated (or still negotiating, with `pending`). */
  publisher(stream: string, { pending = false } = {}): Participant | undefined {
    return [...this.participants.values()].find((p) => p.role === 'publisher' && p.stream === stream && (pending || p.ready));
  }

  /** Viewers whose answer went back. */
  viewers(): Participant[] {
    return [...this.participants.values()].filter((p) => p.role === 'viewer' && p.ready);
  }

  /**
   * A browser's stream looped back to it through the media server, recorded to `recordTo` (a
   * media server URI) when given. A publisher coming back to a stream that was suspended continues
   * that stream's recording instead. The media session id is claimed for `userId` first.
   */
  async publish(input: OfferInput & { stream: string; recordTo?: string }): Promise<{ participant: Participant; answer: string }> {
    const held = this.held.get(input.stream);
    return this.join(input, 'publisher', input.stream, async (participant, partners) => {
      const { endpoint } = participant;
      await endpoint.connect(endpoint); // loopback: the publisher sees what the server returns
      await Promise.all(partners.map((viewer) => endpoint.connect(viewer.endpoint)));
      // Connected before the offer: the recording starts (or goes on) at the first key frame.
      if (held) await endpoint.connect(held);
      else if (input.recordTo) {
        participant.recorder = await this.pipeline.createRecorder(input.recordTo);
        await endpoint.connect(participant.recorder);
      }
    }, async (participant) => {
      if (held) { // taken only now: should this publish fail, the recording stays held for the next one
        this.held.delete(input.stream);
        participant.recorder = held;
      }
      if (!participant.recorder) return;
      await participant.recorder.record();
      this.askForKeyframes(participant);
    });
  }

  /**
   * Removes a publisher like `remove`, but keeps its recording, paused, for the next publisher of
   * its stream (a presenter reconnecting): the file goes on with the gap left out of it.
   */
  async suspend(mediaSessionId: string, reason: string): Promise<Participant | undefined> {
    const participant = this.participants.get(mediaSessionId);
    if (participant?.role === 'publisher' && participant.recorder) {
      clearInterval(participant.keyframes);
      const { recorder } = participant;
      participant.recorder = undefined;
      await recorder.pause().catch((error) => this.deps.logger.warn('recorder did not pause', { room: this.id, error }));
      this.held.set(participant.stream, recorder);
    }
    return this.remove(mediaSessionId, reason);
  }

  /** Feeds a browser the stream `stream` of this room (from the moment its publisher is there). */
  async view(input: OfferInput & { stream: string }): Promise<{ participant: Participant; answer: string }> {
    return this.join(input, 'viewer', input.stream, async (participant, partners) => {
      await Promise.all(partners.map((publisher) => publisher.endpoint.connect(participant.endpoint)));
    });
  }

  /** Starts recording a publisher that is not recorded yet. */
  async record(publisher: Participant, uri: string): Promise<void> {
    if (publisher.recorder) return;
    const recorder = await this.pipeline.createRecorder(uri);
    await publisher.endpoint.connect(recorder);
    await recorder.record();
    publisher.recorder = recorder;
    this.askForKeyframes(publisher);
  }

  /**
   * Removes a participant: its media session ends with `reason`, its endpoint (and recorder, once
   * its file is complete) is released. Its viewers stay, waiting for the stream to come back.
   */
  async remove(mediaSessionId: string, reason: string): Promise<Participant | undefined> {
    const participant = this.participants.get(mediaSessionId);
    if (!participant) return undefined;
    this.participants.delete(mediaSessionId);
    this.deps.sessions.end(mediaSessionId, reason);
    await this.stopRecorder(participant);
    await participant.endpoint.release().catch((error) => this.deps.logger.warn('endpoint release failed', { room: this.id, error }));
    return participant;
  }

  /**
   * Closes the room once: every media session ends with `reason`, recorders stop (their files are
   * complete when this resolves) and the pipeline, with every element in it, is released. With
   * `mediaGone` (the media server is lost) nothing is asked of the media server.
   */
  async close(reason: string, { mediaGone = false } = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unwatch();
    const everyone = [...this.participants.values()];
    this.participants.clear();
    for (const participant of everyone) {
      clearInterval(participant.keyframes);
      this.deps.sessions.end(participant.mediaSessionId, reason);
    }
    const held = [...this.held.values()];
    this.held.clear();
    if (mediaGone) return;
    await Promise.all([...everyone.map((participant) => this.stopRecorder(participant)), ...held.map((recorder) => this.finish(recorder))]);
    await this.pipeline.release().catch((error) => this.deps.logger.warn('pipeline release failed', { room: this.id, error }));
  }

  /**
   * Joins a browser to the room. Joins run concurrently: each one is listed (pending) the moment its
   * endpoint exists and takes as partners, at that same moment, the participants it must be wired to
   * (a publisher: the viewers of its stream; a viewer: its publisher). Of any two, the later one
   * wires the pair, so every publisher–viewer pair is connected exactly once.
   */
  private async join(input: OfferInput, role: Participant['role'], stream: string,
    connect: (participant: Participant, partners: Participant[]) => Promise<void>,
    started?: (participant: Participant) => Promise<void>): Promise<{ participant: Participant; answer: string }> {
    if (this.closed) throw new Error(`room ${this.id} is closed`);
    const { sessions } = this.deps;
    sessions.reserve(input.mediaSessionId, input.userId, () => this.detached(input.mediaSessionId));
    let endpoint: WebRtcEndpointHandle | undefined;
    try {
      endpoint = await this.pipeline.createWebRtcEndpoint();
      if (this.closed) throw new Error(`room ${this.id} is closed`);
      // Candidates go to the media session's event log from the very start.
      endpoint.onIceCandidate((candidate) => sessions.push(input.mediaSessionId, { type: 'ICE_CANDIDATE', candidate }));
      const participant: Participant = {
        mediaSessionId: input.mediaSessionId, userId: input.userId, joinedAt: new Date(), role, stream, endpoint, ready: false,
      };
      if (role === 'publisher' && this.publisher(stream, { pending: true })) throw badInput('This stream is already published', { field: 'mediaSessionId' });
      const partners = [...this.participants.values()].filter((p) => p.stream === stream && p.role !== role);
      this.participants.set(input.mediaSessionId, participant);
      await connect(participant, partners);
      const answer = await endpoint.processOffer(input.offer);
      await sessions.attach(input.mediaSessionId, endpoint); // the browser's early candidates, in order
      await endpoint.gatherCandidates();
      await started?.(participant);
      participant.ready = true;
      return { participant, answer };
    } catch (error) {
      if (this.participants.has(input.mediaSessionId)) await this.remove(input.mediaSessionId, 'failed');
      else {
        sessions.end(input.mediaSessionId, 'failed');
        await endpoint?.release().catch(() => undefined);
      }
      throw error;
    }
  }

  /** The media session of a participant went away; tells the owner, which decides what that ends. */
  private detached(mediaSessionId: string) {
    const participant = this.participants.get(mediaSessionId);
    if (participant) this.events.detached(participant);
    else this.deps.sessions.end(mediaSessionId, 'detached');
  }

  private async stopRecorder(participant: Participant) {
    clearInterval(participant.keyframes);
    const { recorder } = participant;
    if (!recorder) return;
    participant.recorder = undefined;
    await this.finish(recorder);
  }

  /** Stops a recorder (its file complete) and releases it. */
  private async finish(recorder: RecorderHandle) {
    await recorder.stopAndWait().catch((error) => this.deps.logger.warn('recorder did not stop cleanly', { room: this.id, error }));
    await recorder.release().catch(() => undefined);
  }

  /**
   * Key frames on a timer while recorded, so the recording's Cues point at one every few seconds
   * and seeking starts at once. A media server without the method is asked no more.
   */
  private askForKeyframes(publisher: Participant) {
    if (!this.deps.keyframeIntervalMs) return;
    let failures = 0;
    publisher.keyframes = setInterval(() => {
      publisher.endpoint.requestKeyframe().then(() => { failures = 0; }, (error) => {
        if (!publisher.recorder || ++failures < 3) return;
        clearInterval(publisher.keyframes);
        this.deps.logger.warn('the media server refuses key-frame requests: this recording seeks from fewer points', { room: this.id, error });
      });
    }, this.deps.keyframeIntervalMs * KEYFRAME_ASK_SHARE);
    publisher.keyframes.unref();
  }
}

import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RealtimeService } from '../../../core/apollo/realtime.service';
import { FakeGraphQL, FakeOperation } from '../../../../testing/fake-graphql';
import { LiveRoomService } from './live-room.service';

const LIVE_ID = 'live-1';
const person = (id: string, nickname = id) => ({ __typename: 'User', id, nickname, avatarUrl: null });
const PRESENTER = person('p1', 'ada');

function message(id: string, sentAt: string, text = `text ${id}`) {
  return { __typename: 'ChatMessage', id, liveId: LIVE_ID, text, sentAt, author: person('u9', 'grace') };
}

function liveRoom(overrides: Record<string, unknown> = {}, chat: unknown[] = []) {
  return {
    live: {
      __typename: 'Live', id: LIVE_ID, title: 'Launch', status: 'LIVE', startedAt: '2026-03-01T10:00:00.000Z',
      endedAt: null, viewerCount: 0, posterUrl: null, presenterAway: false, presenter: PRESENTER, chat, ...overrides,
    },
  };
}

function event(type: string, fields: { viewerCount?: number; viewer?: unknown; message?: unknown; reason?: string; at?: string } = {}) {
  return {
    liveEvents: {
      __typename: 'LiveEvent', type, liveId: LIVE_ID, at: fields.at ?? '2026-03-01T10:05:00.000Z',
      viewerCount: fields.viewerCount ?? 0, reason: fields.reason ?? null, viewer: fields.viewer ?? null, message: fields.message ?? null,
    },
  };
}

class FakeRealtime {
  readonly state = signal('online');
  readonly connected$ = new Subject<{ wasRetry: boolean }>();
}

describe('LiveRoomService (real Apollo client over a fake api)', () => {
  let api: FakeGraphQL;
  let realtime: FakeRealtime;
  let room: LiveRoomService;

  beforeEach(() => {
    api = new FakeGraphQL();
    realtime = new FakeRealtime();
    TestBed.configureTestingModule({
      providers: [...api.providers(), { provide: RealtimeService, useValue: realtime }, LiveRoomService],
    });
    room = TestBed.inject(LiveRoomService);
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    vi.restoreAllMocks();
  });

  /** Opens the room; returns its events subscription once both it and the LiveRoom query went out. */
  async function open(options?: { audience?: boolean }): Promise<FakeOperation> {
    room.open(LIVE_ID, options);
    await vi.waitFor(() => expect(api.sent('LiveRoom')).toHaveLength(1));
    return api.take('LiveEvents');
  }

  it('subscribes to the live\'s events before reading it, so nothing said in between is missed', async () => {
    await open();
    expect(api.sent('LiveEvents').map((op) => op.variables)).toEqual([{ liveId: LIVE_ID }]);
    expect(api.sent('LiveRoom').map((op) => op.variables)).toEqual([{ id: LIVE_ID }]);
    expect(api.sent('LiveAudience')).toEqual([]);
  });

  it('shows the live as read: summary, viewer count, presenter away, chat history', async () => {
    await open();
    api.take('LiveRoom').reply(liveRoom({ viewerCount: 3, presenterAway: true }, [
      message('m1', '2026-03-01T10:01:00.000Z'), message('m2', '2026-03-01T10:02:00.000Z'),
    ]));
    await vi.waitFor(() => expect(room.live()).not.toBeNull());
    expect(room.live()).toMatchObject({ id: LIVE_ID, title: 'Launch', status: 'LIVE', presenter: { nickname: 'ada' } });
    expect(room.live()).not.toHaveProperty('chat');
    expect(room.viewerCount()).toBe(3);
    expect(room.presenterAway()).toBe(true);
    expect(room.chat().map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(room.ended()).toBeNull();
    expect(room.loadError()).toBeNull();
  });

  it('an unknown live is NOT_FOUND', async () => {
    await open();
    api.take('LiveRoom').reply({ live: null });
    await vi.waitFor(() => expect(room.loadError()).toBe('NOT_FOUND'));
    expect(room.live()).toBeNull();
  });

  it('a failed read keeps the API\'s code', async () => {
    await open();
    api.take('LiveRoom').fail('FORBIDDEN');
    await vi.waitFor(() => expect(room.loadError()).toBe('FORBIDDEN'));
  });

  it('a live read as ENDED is ended', async () => {
    await open();
    api.take('LiveRoom').reply(liveRoom({ status: 'ENDED', endedAt: '2026-03-01T11:00:00.000Z' }));
    await vi.waitFor(() => expect(room.ended()).toBe('ended'));
  });

  it('viewers joining and leaving: the count follows the events and the feed tells who, in order', async () => {
    const events = await open();
    api.take('LiveRoom').reply(liveRoom());
    events.next(event('VIEWER_JOINED', { viewerCount: 1, viewer: person('v1', 'bob'), at: '2026-03-01T10:03:00.000Z' }));
    events.next(event('VIEWER_JOINED', { viewerCount: 2, viewer: person('v2', 'eve'), at: '2026-03-01T10:04:00.000Z' }));
    events.next(event('VIEWER_LEFT', { viewerCount: 1, viewer: person('v1', 'bob'), at: '2026-03-01T10:05:00.000Z' }));
    await vi.waitFor(() => expect(room.feed()).toHaveLength(3));
    expect(room.viewerCount()).toBe(1);
    expect(room.feed().map((item) => [item.kind, item.viewer.nickname, item.at])).toEqual([
      ['joined', 'bob', '2026-03-01T10:03:00.000Z'],
      ['joined', 'eve', '2026-03-01T10:04:00.000Z'],
      ['left', 'bob', '2026-03-01T10:05:00.000Z'],
    ]);
    expect(new Set(room.feed().map((item) => item.key)).size).toBe(3);
  });

  it('a read answered after events does not put back an older viewer count or presenter state', async () => {
    const events = await open();
    events.next(event('VIEWER_JOINED', { viewerCount: 5, viewer: person('v1') }));
    events.next(event('PRESENTER_AWAY', { viewerCount: 5 }));
    await vi.waitFor(() => expect(room.viewerCount()).toBe(5));
    api.take('LiveRoom').reply(liveRoom({ viewerCount: 4, presenterAway: false }));
    await vi.waitFor(() => expect(room.live()).not.toBeNull());
    expect(room.viewerCount()).toBe(5);
    expect(room.presenterAway()).toBe(true);
  });

  it('chat: messages in time order, each once (history, event and own copy), withdrawn ones removed', async () => {
    const events = await open();
    events.next(event('CHAT_MESSAGE', { message: message('m3', '2026-03-01T10:03:00.000Z') }));
    await vi.waitFor(() => expect(room.chat()).toHaveLength(1));
    api.take('LiveRoom').reply(liveRoom({}, [message('m1', '2026-03-01T10:01:00.000Z'), message('m3', '2026-03-01T10:03:00.000Z')]));
    await vi.waitFor(() => expect(room.chat()).toHaveLength(2));
    room.addOwnMessage(message('m4', '2026-03-01T10:04:00.000Z', 'mine'));
    events.next(event('CHAT_MESSAGE', { message: message('m4', '2026-03-01T10:04:00.000Z', 'mine') }));
    events.next(event('CHAT_MESSAGE', { message: message('m2', '2026-03-01T10:02:00.000Z') }));
    await vi.waitFor(() => expect(room.chat()).toHaveLength(4));
    expect(room.chat().map((m) => m.id)).toEqual(['m1', 'm2', 'm3', 'm4']);
    events.next(event('CHAT_MESSAGE_WITHDRAWN', { message: message('m2', '2026-03-01T10:02:00.000Z') }));
    await vi.waitFor(() => expect(room.chat().map((m) => m.id)).toEqual(['m1', 'm3', 'm4']));
  });

  it('keeps the last 200 chat messages', async () => {
    await open();
    const history = Array.from({ length: 205 }, (_, i) =>
      message(`m${String(i).padStart(3, '0')}`, new Date(Date.UTC(2026, 2, 1, 10, 0, i)).toISOString()));
    api.take('LiveRoom').reply(liveRoom({}, history));
    await vi.waitFor(() => expect(room.chat()).toHaveLength(200));
    expect(room.chat()[0].id).toBe('m005');
    expect(room.chat().at(-1)?.id).toBe('m204');
  });

  it('PRESENTER_AWAY and PRESENTER_BACK: the presenter is away in between', async () => {
    const events = await open();
    api.take('LiveRoom').reply(liveRoom({ viewerCount: 2 }));
    await vi.waitFor(() => expect(room.live()).not.toBeNull());
    events.next(event('PRESENTER_AWAY', { viewerCount: 2 }));
    await vi.waitFor(() => expect(room.presenterAway()).toBe(true));
    events.next(event('PRESENTER_BACK', { viewerCount: 2 }));
    await vi.waitFor(() => expect(room.presenterAway()).toBe(false));
    expect(room.ended()).toBeNull();
  });

  it('LIVE_ENDED: ended with its reason, no longer "away", and the subscription is closed', async () => {
    const events = await open();
    api.take('LiveRoom').reply(liveRoom({ viewerCount: 2 }));
    events.next(event('PRESENTER_AWAY', { viewerCount: 2 }));
    events.next(event('LIVE_ENDED', { viewerCount: 0, reason: 'presenter-disconnected' }));
    await vi.waitFor(() => expect(room.ended()).toBe('presenter-disconnected'));
    expect(room.presenterAway()).toBe(false);
    expect(room.viewerCount()).toBe(0);
    await vi.waitFor(() => expect(events.closed).toBe(true));
  });

  it('a subscription the api refuses with LIVE_ENDED (the live ended before it started) ends the room', async () => {
    const events = await open();
    events.fail('LIVE_ENDED');
    await vi.waitFor(() => expect(room.ended()).toBe('ended'));
  });

  it('LIVE_ENDED without a reason is "ended"', async () => {
    const events = await open();
    events.next(event('LIVE_ENDED'));
    await vi.waitFor(() => expect(room.ended()).toBe('ended'));
  });

  it('reads the live again after the realtime connection comes back (events in between were lost), not on the first connect', async () => {
    const events = await open();
    api.take('LiveRoom').reply(liveRoom({ viewerCount: 1 }));
    await vi.waitFor(() => expect(room.viewerCount()).toBe(1));
    realtime.connected$.next({ wasRetry: false });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(api.sent('LiveRoom')).toHaveLength(1);

    realtime.connected$.next({ wasRetry: true });
    await vi.waitFor(() => expect(api.sent('LiveRoom')).toHaveLength(2));
    api.take('LiveRoom').reply(liveRoom({ viewerCount: 7 }, [message('m1', '2026-03-01T10:01:00.000Z')]));
    await vi.waitFor(() => expect(room.viewerCount()).toBe(7));
    expect(room.chat().map((m) => m.id)).toEqual(['m1']);

    events.next(event('LIVE_ENDED', { reason: 'stopped' }));
    await vi.waitFor(() => expect(room.ended()).toBe('stopped'));
    realtime.connected$.next({ wasRetry: true });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(api.sent('LiveRoom')).toHaveLength(2);
  });

  it('the presenter\'s room starts its feed with who already watches, oldest first, without repeating what events told', async () => {
    const events = await open({ audience: true });
    expect(api.sent('LiveAudience').map((op) => op.variables)).toEqual([{ id: LIVE_ID }]);
    events.next(event('VIEWER_JOINED', { viewerCount: 3, viewer: person('v3', 'cy'), at: '2026-03-01T10:09:00.000Z' }));
    await vi.waitFor(() => expect(room.feed()).toHaveLength(1));
    api.take('LiveAudience').reply({
      live: {
        __typename: 'Live', id: LIVE_ID,
        viewers: [
          { __typename: 'LiveViewer', joinedAt: '2026-03-01T10:02:00.000Z', user: person('v2', 'bo') },
          { __typename: 'LiveViewer', joinedAt: '2026-03-01T10:01:00.000Z', user: person('v1', 'al') },
          { __typename: 'LiveViewer', joinedAt: '2026-03-01T10:09:00.000Z', user: person('v3', 'cy') },
        ],
      },
    });
    await vi.waitFor(() => expect(room.feed()).toHaveLength(3));
    expect(room.feed().map((item) => [item.kind, item.viewer.nickname])).toEqual([['joined', 'al'], ['joined', 'bo'], ['joined', 'cy']]);
  });

  it('stops listening when the room is destroyed', async () => {
    const events = await open();
    TestBed.resetTestingModule();
    await vi.waitFor(() => expect(events.closed).toBe(true));
  });
});

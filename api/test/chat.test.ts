import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import type { RunningApi } from '../src/app/server';
import { LiveUser } from './support/live-client';
import { onEveryBackend } from './support/matrix';
import { TestPeer } from './support/peer';

const MESSAGE = 'id liveId text sentAt author { id nickname avatarUrl createdAt online }';
const SEND = `mutation ($id: ID!, $t: String!) { sendChatMessage(liveId: $id, text: $t) { ${MESSAGE} } }`;
const CHAT_EVENTS = `subscription ($id: ID!) { liveEvents(liveId: $id) { type message { ${MESSAGE} } } }`;
const HISTORY = `query ($id: ID!, $n: Int!) { live(id: $id) { chat(last: $n) { ${MESSAGE} } } }`;

onEveryBackend('chat', (fx) => {
  const peers: TestPeer[] = [];
  const users: LiveUser[] = [];
  after(async () => {
    await Promise.allSettled(peers.map((p) => p.close()));
    await Promise.allSettled(users.map((u) => u.ws.dispose()));
  });

  /** A registered user with a realtime connection. */
  async function user(api: RunningApi, nickname: string): Promise<LiveUser> {
    const u = await LiveUser.register(api, nickname);
    users.push(u);
    return u;
  }

  /** A live is running once goLive has answered (chat needs no media flowing). */
  async function startLive(presenter: LiveUser): Promise<string> {
    const pc = new TestPeer('presenter');
    peers.push(pc);
    const result = await presenter.goLive(await pc.offer());
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return result.data!.goLive.live.id;
  }

  it('a message is the same in the mutation, in every subscriber\'s event and in the kept history', async () => {
    const api = await fx.api();
    const host = await user(api, 'host');
    const guest = await user(api, 'guest');
    const liveId = await startLive(host);
    const feeds = [host.subscribe(CHAT_EVENTS, { id: liveId }), guest.subscribe(CHAT_EVENTS, { id: liveId })];
    await new Promise((resolve) => setTimeout(resolve, 200)); // the subscriptions reach the server

    const result = await guest.gql(SEND, { id: liveId, t: ' hi there ' });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    const sent = result.data!.sendChatMessage;
    assert.deepEqual([sent.text, sent.liveId, sent.author.id, sent.author.nickname, sent.author.online], ['hi there', liveId, guest.id, 'guest', true]);
    assert.ok(Math.abs(Date.parse(sent.sentAt) - Date.now()) < 10_000);
    for (const feed of feeds) {
      const event = await feed.next((e) => e.liveEvents.type === 'CHAT_MESSAGE');
      assert.deepEqual(event.liveEvents.message, sent);
    }
    const history = await host.gql(HISTORY, { id: liveId, n: 10 });
    assert.deepEqual(history.data!.live.chat, [sent], 'kept exactly as sent, to the millisecond');
  });

  it('withdraws a delivered message from everyone when the database refuses to keep it, and tells the sender', async () => {
    const api = await fx.api();
    const host = await user(api, 'host3');
    const gone = await user(api, 'gone');
    const liveId = await startLive(host);
    const feed = host.subscribe(CHAT_EVENTS, { id: liveId });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal((await gone.gql(SEND, { id: liveId, t: 'first' })).errors, undefined);
    await feed.next((e) => e.liveEvents.message?.text === 'first');
    // The account disappears under a valid session (its profile is still cached): the INSERT then
    // fails on the author's foreign key, after the message was delivered.
    await api.services.orm.em.fork().getConnection().execute('delete from users where id = ?', [gone.id]);
    const refused = await gone.gql(SEND, { id: liveId, t: 'second' });
    assert.equal(refused.errors?.[0]?.extensions?.code, 'INTERNAL_SERVER_ERROR', JSON.stringify(refused));
    assert.match(refused.errors![0].message, /withdrawn/);
    const delivered = await feed.next((e) => e.liveEvents.message?.text === 'second');
    const withdrawn = await feed.next((e) => e.liveEvents.type === 'CHAT_MESSAGE_WITHDRAWN');
    assert.equal(delivered.liveEvents.type, 'CHAT_MESSAGE');
    assert.equal(withdrawn.liveEvents.message.id, delivered.liveEvents.message.id);
    const history = await host.gql(HISTORY, { id: liveId, n: 10 });
    assert.deepEqual(history.data!.live.chat, [], 'nothing kept of the deleted author, and not the refused message');
  });

  it('keeps the order of messages sent within the same second', async () => {
    const api = await fx.api();
    const host = await user(api, 'host2');
    const talkers = [await user(api, 'one'), await user(api, 'two'), await user(api, 'three')];
    const liveId = await startLive(host);
    const texts: string[] = [];
    const started = Date.now();
    for (let i = 0; i < 9; i++) {
      const text = `message ${i}`;
      const result = await talkers[i % 3].gql(SEND, { id: liveId, t: text });
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      texts.push(text);
    }
    const history = await host.gql(HISTORY, { id: liveId, n: 9 });
    assert.deepEqual(history.data!.live.chat.map((m: { text: string }) => m.text), texts,
      `history in send order (9 messages in ${Date.now() - started} ms)`);
  });
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { RunningApi } from '../src/app/server';
import { startTestApi } from './support/api';
import { errorCode, gql, GqlResult, realtime, subscribe } from './support/graphql';

const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { token user { id } } }`;
const LOGIN = `mutation ($input: LoginInput!) { login(input: $input) { token } }`;
const GO_LIVE = `mutation ($input: GoLiveInput!) { goLive(input: $input) { mediaSessionId } }`;
const CHAT = `mutation ($liveId: ID!, $text: String!) { sendChatMessage(liveId: $liveId, text: $text) { id } }`;
const LIVE = `query ($id: ID!) { live(id: $id) { id } }`;
const OFFER = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n';

const field = (result: GqlResult) => result.errors?.[0]?.extensions?.field;

describe('input at the API edge', () => {
  let api: RunningApi;
  let token: string;
  before(async () => {
    api = await startTestApi({});
    token = (await gql(api.url, REGISTER, { input: { nickname: 'writer', password: 'password1' } })).data!.register.token;
  });
  after(async () => { await api?.close(); });

  it('refuses a control character in any text, in variables or written in the operation, over HTTP and graphql-ws', async () => {
    const liveId = randomUUID();
    const cases: [string, Record<string, unknown>][] = [
      [GO_LIVE, { input: { title: 'nul\u0000title', offer: OFFER, mediaSessionId: randomUUID() } }],
      [CHAT, { liveId, text: 'hello\u0000' }],
      [LIVE, { id: `${liveId}\u0000` }],
      [CHAT, { liveId, text: 'bell\u0007' }],
    ];
    for (const [query, variables] of cases) assert.equal(errorCode(await gql(api.url, query, variables, token)), 'BAD_USER_INPUT', JSON.stringify(variables));
    assert.equal(errorCode(await gql(api.url, LOGIN, { input: { nickname: 'writer\u0000', password: 'password1' } })), 'BAD_USER_INPUT');
    assert.equal(errorCode(await gql(api.url, `{ live(id: "abc\\u0000") { id } }`, {}, token)), 'BAD_USER_INPUT', 'an escape in the query text');
    // SDP needs CR LF; a chat message may have line breaks.
    assert.equal(errorCode(await gql(api.url, CHAT, { liveId, text: 'two\nlines' }, token)), 'NOT_FOUND');

    const ws = realtime(api.url, token);
    await ws.connected;
    const feed = subscribe(ws.client, 'subscription ($id: ID!) { liveEvents(liveId: $id) { type } }', { id: `${liveId}\u0000` });
    const query = subscribe(ws.client, LIVE, { id: 'x\u0000' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const op of [feed, query]) assert.match(JSON.stringify(op.errors), /BAD_USER_INPUT/);
    await ws.dispose();
  });

  it('refuses titles and chat that show nothing or reorder text, and titles over several lines', async () => {
    const live = (title: string) => gql(api.url, GO_LIVE, { input: { title, offer: OFFER, mediaSessionId: randomUUID() } }, token);
    for (const title of ['\u200b\u200b', '\u3164\u3164', ' \u2800 ', 'evil\u202egnp.exe', 'line\none']) {
      const result = await live(title);
      assert.equal(errorCode(result), 'BAD_USER_INPUT', JSON.stringify(title));
      assert.equal(field(result), 'title');
    }
    for (const text of ['\u200b', '\u2066x\u2069']) {
      const result = await gql(api.url, CHAT, { liveId: randomUUID(), text }, token);
      assert.equal(errorCode(result), 'BAD_USER_INPUT', JSON.stringify(text));
      assert.equal(field(result), 'text');
    }
    assert.notEqual(errorCode(await live('Morning show 🎙️ 早上好')), 'BAD_USER_INPUT', 'emoji and CJK are welcome');
  });

  it('refuses nicknames with invisible or format characters', async () => {
    for (const nickname of ['\u3164\u3164', 'writer\u3164', 'wri\u200bter', 'ab\u00adcd']) {
      const result = await gql(api.url, REGISTER, { input: { nickname, password: 'password1' } });
      assert.equal(errorCode(result), 'BAD_USER_INPUT', JSON.stringify(nickname));
    }
    assert.equal((await gql(api.url, REGISTER, { input: { nickname: '小明', password: 'password1' } })).errors, undefined);
  });
});

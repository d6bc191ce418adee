import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  DESKTOP, PASSWORD, PHONE, SMALL_PHONE, expectNoMediaObjects, keepPeerConnections, lookAt, waitForStoppedVideo, onlineEntry,
  sentTracks, step, uniqueNickname, useStage, waitForPath, CALL_PATH,
} from './harness';

/** Upper bound for each media wait (a call's two sessions on each side can take a few seconds on a loaded machine). */
const MEDIA_WAIT_MS = 20_000;
/** A short ring, so the no-answer case is quick (read by the api when the stage starts it). */
const RING_SECONDS = 12;
process.env['CALL_RING_TIMEOUT_SECONDS'] = String(RING_SECONDS);

const stage = useStage();

/**
 * The video with this test id really plays: it has a size, its clock advances, the decoder counts
 * new frames and the browser presents them (requestVideoFrameCallback): not one still picture.
 */
async function expectDecodedVideo(page: Page, testId: string, who: string): Promise<void> {
  await page.waitForFunction((id) => {
    const video = document.querySelector<HTMLVideoElement>(`video[data-testid="${id}"]`);
    return !!video && video.videoWidth > 0 && video.readyState >= 2;
  }, testId, { timeout: MEDIA_WAIT_MS, polling: 250 });
  const seen = await page.evaluate(async (id) => {
    const video = document.querySelector<HTMLVideoElement>(`video[data-testid="${id}"]`)!;
    const start = { time: video.currentTime, frames: video.getVideoPlaybackQuality().totalVideoFrames };
    const presented = new Set<number>();
    const onFrame = (_now: number, meta: VideoFrameCallbackMetadata) => {
      presented.add(meta.mediaTime);
      video.requestVideoFrameCallback(onFrame);
    };
    const handle = video.requestVideoFrameCallback(onFrame);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    video.cancelVideoFrameCallback(handle);
    return {
      width: video.videoWidth, height: video.videoHeight, presented: presented.size,
      advanced: video.currentTime - start.time, decoded: video.getVideoPlaybackQuality().totalVideoFrames - start.frames,
    };
  }, testId);
  const what = `${who}'s ${testId} ${JSON.stringify(seen)}`;
  assert.ok(seen.width > 0 && seen.height > 0, `${what}: has a picture size`);
  assert.ok(seen.advanced > 1.5, `${what}: currentTime advances`);
  assert.ok(seen.decoded >= 20, `${what}: new frames are decoded`);
  assert.ok(seen.presented >= 2, `${what}: new frames are presented`);
}

/** Waits until the picture of this video is black (a camera turned off sends black frames) or not. */
async function waitForBlackPicture(page: Page, testId: string, black: boolean): Promise<void> {
  await page.waitForFunction(([id, wantBlack]) => {
    const video = document.querySelector<HTMLVideoElement>(`video[data-testid="${id}"]`);
    if (!video?.videoWidth) return false;
    const canvas = document.createElement('canvas');
    canvas.width = 32;
    canvas.height = 24;
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let sum = 0;
    for (let i = 0; i < pixels.length; i += 4) sum += pixels[i] + pixels[i + 1] + pixels[i + 2];
    const mean = sum / (pixels.length / 4) / 3;
    return wantBlack ? mean < 12 : mean > 40;
  }, [testId, black] as const, { timeout: MEDIA_WAIT_MS, polling: 250 });
}

async function expectPositive(page: Page, testId: string): Promise<void> {
  await page.waitForFunction((id) => Number(document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-value')) > 0,
    testId, { timeout: MEDIA_WAIT_MS, polling: 250 });
}


/** The labels of the tracks of `kind` that the page sends. */
const sentLabels = async (page: Page, kind: 'audio' | 'video') =>
  (await sentTracks(page)).filter((t) => t.kind === kind).map((t) => t.label);

/** Whether the page's audio sender(s) are enabled (the microphone toggle). */
const sentAudioEnabled = async (page: Page) => (await sentTracks(page)).filter((t) => t.kind === 'audio').map((t) => t.enabled);

/** The other party's sound keeps arriving: the receive-only connection counts new audio packets and energy. */
async function expectAudioArriving(page: Page, who: string): Promise<void> {
  const totals = () => page.evaluate(async () => {
    let packets = 0;
    let energy = 0;
    for (const pc of (window as unknown as { peerConnections: RTCPeerConnection[] }).peerConnections) {
      if (pc.connectionState !== 'connected' || pc.getSenders().some((s) => s.track)) continue; // the view session only
      (await pc.getStats()).forEach((r: { type: string; kind?: string; packetsReceived?: number; totalAudioEnergy?: number }) => {
        if (r.type === 'inbound-rtp' && r.kind === 'audio') {
          packets += r.packetsReceived ?? 0;
          energy += r.totalAudioEnergy ?? 0;
        }
      });
    }
    return { packets, energy };
  });
  const before = await totals();
  await new Promise((resolve) => setTimeout(resolve, 2500));
  const after = await totals();
  assert.ok(after.packets - before.packets >= 50, `${who} receives audio packets (${JSON.stringify({ before, after })})`);
  assert.ok(after.energy > before.energy, `${who} hears sound (${JSON.stringify({ before, after })})`);
}

/** A GraphQL request to the api under test (for set-up that is not what a test is about). */
async function graphql<T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const response = await fetch(`${stage.api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = await response.json() as { data?: T; errors?: unknown[] };
  if (!body.data || body.errors) throw new Error(`GraphQL failed: ${JSON.stringify(body)}`);
  return body.data;
}

/** Someone who registered through the api and never opened the app: never online. */
async function registerWithoutPage(name: string): Promise<string> {
  const nickname = uniqueNickname(name);
  await graphql('mutation ($input: RegisterInput!) { register(input: $input) { token } }', { input: { nickname, password: PASSWORD } });
  return nickname;
}

function callIdOf(page: Page): string {
  return new URL(page.url()).pathname.split('/').pop()!;
}

/** A calls `callee` from the list of people online on the home page; A's page becomes the call's. */
async function callFromHome(page: Page, callee: string): Promise<string> {
  await onlineEntry(page, callee).getByTestId('call-user').click();
  await page.waitForURL((u) => CALL_PATH.test(u.pathname), { timeout: MEDIA_WAIT_MS });
  return callIdOf(page);
}

test('A calls B from home, B accepts (another tab of B is told), both see each other, record with consent, A hangs up',
  { timeout: 180_000 }, async () => {
    try {
      const { guest: a, nickname: alice } = await stage.signUp('ca');
      const { guest: b, nickname: bob } = await stage.signUp('cb');
      // What each page sends and receives is read from its peer connections (kept from the next load on).
      for (const guest of [a, b]) {
        await guest.context.addInitScript(keepPeerConnections);
        await guest.page.reload();
        await guest.page.locator('[data-testid="realtime-state"][data-state="online"]').waitFor();
      }
      const bOther = await b.context.newPage();
      bOther.on('console', (m) => { if (m.type() !== 'debug') b.log.push(`[cb tab 2 console.${m.type()}] ${m.text()}`); });
      await bOther.goto(`${stage.api.url}/`);
      await bOther.locator('[data-testid="realtime-state"][data-state="online"]').waitFor();
      let callId = '';

      await step('A sees B online and no Call button for themself; A calls B and sees the ringing screen', async () => {
        await onlineEntry(a.page, bob).getByTestId('call-user').waitFor();
        assert.equal(await onlineEntry(a.page, alice).getByTestId('call-user').count(), 0, 'no Call button for yourself');
        callId = await callFromHome(a.page, bob);
        await a.page.getByTestId('call-ringing').getByText(`Calling ${bob}…`).waitFor();
        await a.page.getByTestId('call-cancel').waitFor();
        await a.page.locator('[data-testid="call-devices-toggle"][aria-expanded="false"]').getByText('Camera and microphone').waitFor();
      });

      await step('both tabs of B show the prompt; B accepts in one, the other says "Answered on another tab"', async () => {
        for (const page of [b.page, bOther]) {
          await page.getByTestId('incoming-call-title').getByText(`${alice} is calling you`).waitFor();
        }
        await b.page.bringToFront(); // the tab B answers in is the one B looks at (a hidden tab's frames are throttled)
        await b.page.getByTestId('incoming-call-accept').click();
        await waitForPath(b.page, `/call/${callId}`);
        await bOther.locator('[data-testid="call-notice"][data-kind="answered-elsewhere"]').getByText('Answered on another tab').waitFor();
        await bOther.getByTestId('incoming-call').waitFor({ state: 'detached' });
        await bOther.getByTestId('call-dock-on').getByText(`In a call with ${alice} in another tab or window`).waitFor();
      });

      await step('each sees the other through the media server: remote and loopback videos decode frames', async () => {
        await a.page.getByTestId('call-with').getByText(`Call with ${bob}`).waitFor({ timeout: MEDIA_WAIT_MS });
        await b.page.getByTestId('call-with').getByText(`Call with ${alice}`).waitFor();
        for (const [page, who] of [[a.page, 'A'], [b.page, 'B']] as const) {
          await expectDecodedVideo(page, 'call-remote-video', who);
          await expectDecodedVideo(page, 'call-self-video', who);
        }
      });

      await step('each sees the quality of both connections (sending and receiving bitrates)', async () => {
        for (const page of [a.page, b.page]) {
          await expectPositive(page, 'call-send-bitrate');
          await expectPositive(page, 'call-receive-bitrate');
          await page.locator('[data-testid="call-send-rtt"][data-value]').waitFor({ timeout: MEDIA_WAIT_MS });
        }
      });

      await step('B turns the camera off (A then sees black) and the microphone off, and both on again', async () => {
        await waitForBlackPicture(a.page, 'call-remote-video', false);
        await b.page.getByTestId('call-toggle-camera').click();
        await b.page.locator('[data-testid="call-toggle-camera"][data-state="off"]').waitFor();
        await b.page.getByTestId('call-self-video-note').getByText('Camera off').waitFor();
        await waitForBlackPicture(a.page, 'call-remote-video', true);
        await waitForBlackPicture(b.page, 'call-self-video', true);
        await b.page.getByTestId('call-toggle-mic').click();
        await b.page.locator('[data-testid="call-toggle-mic"][data-state="off"]').waitFor();
        await b.page.getByTestId('call-toggle-camera').click();
        await b.page.getByTestId('call-self-video-note').getByText('Muted').waitFor();
        await waitForBlackPicture(a.page, 'call-remote-video', false);
        await b.page.getByTestId('call-toggle-mic').click();
        await b.page.getByTestId('call-self-video-note').waitFor({ state: 'detached' });
      });

      await step('B switches to another microphone during the call: B sends it (still muted by the toggle when muted), '
        + 'remembers it, A still gets picture and sound', async () => {
        const p = b.page;
        const before = await sentLabels(p, 'audio');
        assert.equal(before.length, 1, `B sends one microphone (${before.join(', ')})`);
        await p.getByTestId('call-devices-toggle').click();
        await p.locator('[data-testid="call-devices-toggle"][aria-expanded="true"]').waitFor();
        const select = p.getByTestId('microphone-select');
        await p.waitForFunction(() => document.querySelectorAll('[data-testid="microphone-select"] option').length >= 2);
        const current = await select.inputValue();
        const options = await select.locator('option').evaluateAll((all) =>
          all.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent!.trim() })));
        const target = options.filter((o) => o.value && o.value !== current && o.label !== before[0]).at(-1);
        assert.ok(target, `another microphone to choose (${JSON.stringify(options)}, sending ${before[0]})`);
        await select.selectOption(target.value);
        await p.waitForFunction((label) => (window as unknown as { peerConnections: RTCPeerConnection[] }).peerConnections
          .some((pc) => pc.connectionState === 'connected' && pc.getSenders().some((s) => s.track?.kind === 'audio' && s.track.label === label)),
        target.label, { timeout: MEDIA_WAIT_MS, polling: 250 });
        assert.deepEqual(await sentLabels(p, 'audio'), [target.label], `B sends "${target.label}" instead of "${before[0]}"`);
        assert.equal(await select.inputValue(), target.value, 'the select shows the microphone in use');
        assert.equal(await p.getByTestId('call-device-problem').count(), 0, 'no problem shown');
        const saved = await p.evaluate(() => JSON.parse(localStorage.getItem('onair.capture') ?? 'null') as { microphoneId?: string } | null);
        assert.equal(saved?.microphoneId, target.value, 'the choice is remembered');
        await expectAudioArriving(a.page, 'A');
        await expectDecodedVideo(a.page, 'call-remote-video', 'A');
        // The microphone toggle acts on the new microphone.
        await p.getByTestId('call-toggle-mic').click();
        await p.locator('[data-testid="call-toggle-mic"][data-state="off"]').waitFor();
        assert.deepEqual(await sentAudioEnabled(p), [false], 'muted: the new microphone sends silence');
        await p.getByTestId('call-toggle-mic').click();
        await p.locator('[data-testid="call-toggle-mic"][data-state="on"]').waitFor();
        assert.deepEqual(await sentAudioEnabled(p), [true], 'unmuted again');
        // The open selects fit a desktop and phones of 390 and 360 px (no sideways scrolling), with nothing for axe.
        await lookAt(p, 'call-devices', [DESKTOP, PHONE, SMALL_PHONE]);
        await p.getByTestId('call-devices-toggle').click();
        await p.locator('[data-testid="call-devices-toggle"][aria-expanded="false"]').waitFor();
      });

      await step('A asks to record; B is asked and agrees; both see the recording indicator', async () => {
        await a.page.getByTestId('call-record').click();
        await a.page.getByTestId('call-recording-waiting').getByText(`Waiting for ${bob} to agree to record…`).waitFor();
        await b.page.getByTestId('call-recording-request').getByText(`${alice} asks to record this call`).waitFor();
        await b.page.getByTestId('call-recording-accept').click();
        for (const page of [a.page, b.page]) await page.getByTestId('call-recording-indicator').waitFor();
        await new Promise((r) => setTimeout(r, 2500)); // a recording shorter than 1 s is not kept
      });

      await step('A hangs up: both see who ended it, players stop, both find the two recordings', async () => {
        await a.page.getByTestId('call-hang-up').click();
        const aOutcome = a.page.locator('[data-testid="call-outcome"][data-outcome="ANSWERED"][data-reason="hang-up"]');
        await aOutcome.getByText('You hung up.').waitFor({ timeout: MEDIA_WAIT_MS });
        const bOutcome = b.page.locator('[data-testid="call-outcome"][data-outcome="ANSWERED"][data-reason="hang-up"]');
        await bOutcome.getByText(`${alice} hung up.`).waitFor({ timeout: MEDIA_WAIT_MS });
        for (const page of [a.page, b.page]) {
          await waitForStoppedVideo(page, 'call-remote-video', { orRemoved: true });
          await page.getByTestId('call-duration').waitFor();
          await page.getByTestId('call-recording-link').nth(1).waitFor({ timeout: 30_000 });
          assert.equal(await page.getByTestId('call-recording-link').count(), 2, 'one recording per party');
        }
        await bOther.getByTestId('call-dock-on').waitFor({ state: 'detached' });
      });

      await step('the media server releases every object of the call', () => expectNoMediaObjects(stage.api, MEDIA_WAIT_MS));

      await step('a recording opens as a video; the history lists the call for both, with its direction', async () => {
        await a.page.getByTestId('call-recording-link').first().click();
        await a.page.waitForURL((u) => /^\/videos\/[0-9a-f-]{36}$/.test(u.pathname));
        await a.page.getByTestId('video-title').waitFor();
        await a.page.getByTestId('nav-calls').click();
        await waitForPath(a.page, '/calls');
        await a.page.locator(`[data-testid="call-history-item"][data-call-id="${callId}"][data-direction="OUTGOING"]`
          + '[data-outcome="ANSWERED"]').waitFor();
        await b.page.goto(`${stage.api.url}/calls`);
        const item = b.page.locator(`[data-testid="call-history-item"][data-call-id="${callId}"][data-direction="INCOMING"]`);
        await item.getByText('Incoming').waitFor();
        await item.getByTestId('call-history-duration').waitFor();
      });
    } catch (error) {
      throw stage.failure(error);
    }
  });

test('a declined call tells the caller "declined"; a cancelled one removes the prompt; an unanswered one is missed',
  { timeout: 120_000 }, async () => {
    try {
      const { guest: a, nickname: alice } = await stage.signUp('da');
      const { guest: b, nickname: bob } = await stage.signUp('db');

      await step('B declines: A is told at once that B declined; B sees no prompt', async () => {
        await callFromHome(a.page, bob);
        await b.page.getByTestId('incoming-call-decline').click();
        await a.page.locator('[data-testid="call-outcome"][data-outcome="REJECTED"]').getByText(`${bob} declined the call.`).waitFor();
        await b.page.getByTestId('incoming-call').waitFor({ state: 'detached' });
      });

      await step('A calls again and cancels: B\'s prompt goes, with a notice that A cancelled', async () => {
        await a.page.getByTestId('call-user').click(); // "Call again"
        await a.page.getByTestId('call-ringing').waitFor();
        await b.page.getByTestId('incoming-call').waitFor();
        await a.page.getByTestId('call-cancel').click();
        await a.page.locator('[data-testid="call-outcome"][data-outcome="CANCELLED"]').getByText('You cancelled the call.').waitFor();
        await b.page.getByTestId('incoming-call').waitFor({ state: 'detached' });
        await b.page.locator('[data-testid="call-notice"][data-kind="ended"]').getByText(`${alice} cancelled the call.`).waitFor();
      });

      await step(`nobody answers for ${RING_SECONDS} s: A is told B did not answer, B that they missed it`, async () => {
        await a.page.getByTestId('call-user').click();
        await a.page.getByTestId('call-ringing').waitFor();
        await b.page.getByTestId('incoming-call').waitFor();
        const wait = { timeout: RING_SECONDS * 1000 + MEDIA_WAIT_MS };
        await a.page.locator('[data-testid="call-outcome"][data-outcome="MISSED"]').getByText(`${bob} did not answer.`).waitFor(wait);
        await b.page.getByTestId('incoming-call').waitFor({ state: 'detached', ...wait });
        await b.page.locator('[data-testid="call-notice"][data-kind="ended"]').getByText(`You missed a call from ${alice}.`).waitFor();
      });
    } catch (error) {
      throw stage.failure(error);
    }
  });

test('calling someone offline (never opened the app, or closed it) says so at once; the history pages with "Load more"',
  { timeout: 120_000 }, async () => {
    try {
      const { guest: a } = await stage.signUp('oa');
      const page = a.page;
      const neverOnline = await registerWithoutPage('on');

      await step('a new user\'s history is empty; an unknown nickname is refused', async () => {
        await page.getByTestId('nav-calls').click();
        await waitForPath(page, '/calls');
        await page.getByTestId('call-history-empty').waitFor();
        await page.getByTestId('dial-nickname').fill(uniqueNickname('nobody'));
        await page.getByTestId('dial-submit').click();
        await page.locator('[data-testid="form-error"][data-error-code="NOT_FOUND"]').getByText('Nobody has this nickname.').waitFor();
      });

      await step('calling someone who never opened the app: "not online", at once', async () => {
        const started = Date.now();
        await page.getByTestId('dial-nickname').fill(neverOnline);
        await page.getByTestId('dial-submit').click();
        await page.waitForURL((u) => CALL_PATH.test(u.pathname));
        await page.locator('[data-testid="call-outcome"][data-outcome="OFFLINE"]').getByText(`${neverOnline} is not online.`).waitFor();
        assert.ok(Date.now() - started < 5000, 'the caller is told without waiting for a ring');
      });

      await step('calling someone who closed the app: "not online" too', async () => {
        const { guest: gone, nickname } = await stage.signUp('og');
        await page.goto(`${stage.api.url}/`);
        await onlineEntry(page, nickname).waitFor();
        await gone.context.close();
        await onlineEntry(page, nickname).waitFor({ state: 'detached', timeout: MEDIA_WAIT_MS });
        await page.getByTestId('nav-calls').click();
        await page.getByTestId('dial-nickname').fill(nickname);
        await page.getByTestId('dial-submit').click();
        await page.waitForURL((u) => CALL_PATH.test(u.pathname));
        await page.locator('[data-testid="call-outcome"][data-outcome="OFFLINE"]').getByText(`${nickname} is not online.`).waitFor();
      });

      await step('with 22 calls in the history, the first page shows 20 and "Load more" the rest', async () => {
        const token = await page.evaluate(() => localStorage.getItem('onair.token'));
        assert.ok(token);
        for (let i = 0; i < 20; i++) {
          await graphql('mutation ($n: String!) { callUser(nickname: $n) { id outcome } }', { n: neverOnline }, token);
        }
        await page.getByTestId('nav-calls').click();
        await waitForPath(page, '/calls');
        const items = page.getByTestId('call-history-item');
        await items.nth(19).waitFor();
        assert.equal(await items.count(), 20);
        const first = items.first();
        assert.equal(await first.getAttribute('data-outcome'), 'OFFLINE');
        assert.equal(await first.getAttribute('data-direction'), 'OUTGOING');
        await page.getByTestId('call-history-more').click();
        await items.nth(21).waitFor();
        assert.equal(await items.count(), 22);
        await page.getByTestId('call-history-more').waitFor({ state: 'detached' });
      });
    } catch (error) {
      throw stage.failure(error);
    }
  });

test('leaving the call page hangs up ("hung up" for the other party); a closed tab ends the call as a lost connection',
  { timeout: 120_000 }, async () => {
    try {
      const { guest: a } = await stage.signUp('la');
      const { guest: b, nickname: bob } = await stage.signUp('lb');

      /** A calls B from home, B accepts, A's remote video plays; the call's id. */
      async function connect(): Promise<string> {
        await a.page.goto(`${stage.api.url}/`);
        const callId = await callFromHome(a.page, bob);
        await b.page.getByTestId('incoming-call-accept').click();
        await waitForPath(b.page, `/call/${callId}`);
        for (const page of [a.page, b.page]) {
          await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>('video[data-testid="call-remote-video"]')
            ?.videoWidth ?? 0) > 0, undefined, { timeout: MEDIA_WAIT_MS, polling: 250 });
        }
        return callId;
      }

      await step('B leaves the call page for the videos: A is told B hung up; the dock shows nothing left', async () => {
        await connect();
        await b.page.getByTestId('nav-videos').click();
        await waitForPath(b.page, '/videos');
        await a.page.locator('[data-testid="call-outcome"][data-reason="hang-up"]').getByText(`${bob} hung up.`).waitFor();
        await waitForStoppedVideo(a.page, 'call-remote-video', { orRemoved: true });
        assert.equal(await b.page.getByTestId('call-dock-on').count(), 0);
      });

      await step('B closes the tab during a call: A is told B\'s connection was lost; nothing leaks', async () => {
        await b.page.goto(`${stage.api.url}/`);
        await b.page.locator('[data-testid="realtime-state"][data-state="online"]').waitFor();
        await connect();
        await b.context.close();
        await a.page.locator('[data-testid="call-outcome"][data-reason="disconnected"]')
          .getByText(`${bob}'s connection was lost, so the call ended.`).waitFor({ timeout: MEDIA_WAIT_MS });
        await waitForStoppedVideo(a.page, 'call-remote-video', { orRemoved: true });
        await expectNoMediaObjects(stage.api, MEDIA_WAIT_MS);
      });
    } catch (error) {
      throw stage.failure(error);
    }
  });

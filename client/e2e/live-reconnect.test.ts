import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import {
  MEDIA_WAIT_MS, type Guest, expectNoMediaObjects, step, useStage, waitForFrames, waitForPath, waitForStoppedVideo, startLive,
} from './harness';

// The api runs with LIVE_RECONNECT_GRACE_SECONDS=6 (harness): a presenter has 6 s to come back.

const stage = useStage();

/** Goes live from /live/new with `title`; resolves with the live's id once the loopback plays. */
async function goLive(page: Page, url: string, title: string): Promise<string> {
  await page.goto(`${url}/live/new`);
  return startLive(page, title);
}

/** Opens the live from /lives and waits for its picture. */
async function watch(page: Page, url: string, liveId: string): Promise<void> {
  await page.goto(`${url}/lives`);
  await page.locator(`[data-testid="lives-item"][data-live-id="${liveId}"]`).click();
  await waitForPath(page, `/live/${liveId}`);
  await waitForFrames(page, 'viewer-video');
}

/**
 * From now on, the page notes the text of the first element with this test id that shows up, however
 * briefly (a presenter's reload can be quick), and keeps the viewer player's stream to compare later.
 */
async function keepWatch(page: Page, testId: string): Promise<void> {
  await page.evaluate((id) => {
    const w = window as unknown as { seen?: Record<string, string>; viewerStream?: unknown };
    w.seen ??= {};
    delete w.seen[id];
    w.viewerStream = document.querySelector<HTMLVideoElement>('video[data-testid="viewer-video"]')?.srcObject ?? null;
    const look = () => {
      const element = document.querySelector(`[data-testid="${id}"]`);
      if (element && w.seen![id] === undefined) w.seen![id] = element.textContent?.trim() ?? '';
    };
    new MutationObserver(look).observe(document.body, { childList: true, subtree: true, characterData: true });
    look();
  }, testId);
}

/** Resolves with the text of the element `keepWatch` saw. */
async function seen(page: Page, testId: string): Promise<string> {
  const handle = await page.waitForFunction((id) => (window as unknown as { seen?: Record<string, string> }).seen?.[id],
    testId, { timeout: MEDIA_WAIT_MS, polling: 100 });
  return (await handle.jsonValue()) as string;
}

/** Decoded frames of the video with this test id so far. */
function frames(page: Page, testId: string): Promise<number> {
  return page.evaluate((id) =>
    document.querySelector<HTMLVideoElement>(`video[data-testid="${id}"]`)?.getVideoPlaybackQuality().totalVideoFrames ?? 0, testId);
}

/** The viewer's player plays the very stream it had before: same element, same connection. */
async function assertSameStream(page: Page): Promise<void> {
  const same = await page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>('video[data-testid="viewer-video"]');
    const kept = (window as unknown as { viewerStream?: unknown }).viewerStream;
    return !!video && !!kept && video.srcObject === kept;
  });
  assert.ok(same, 'the viewer plays the same MediaStream as before (no rejoin)');
}

/** The presenter's room, in presenter mode and publishing: connected, loopback decoding, Stop offered, no viewer player. */
async function assertPresenting(page: Page, liveId: string, minFrames = 10): Promise<void> {
  assert.equal(new URL(page.url()).pathname, `/live/${liveId}`);
  await page.locator('[data-testid="presenter-state"][data-state="connected"]').waitFor({ timeout: MEDIA_WAIT_MS });
  await waitForFrames(page, 'presenter-video', minFrames);
  await page.getByTestId('stop-live').waitFor();
  assert.equal(await page.locator('[data-testid="viewer-video"]').count(), 0, 'no viewer player on the presenter page');
}


test('the presenter reloads: the viewer sees "reconnecting", then the picture again on the same connection; Stop ends it for both',
  { timeout: 180_000 }, async () => {
    const title = `Reload show ${Date.now().toString(36)}`;
    try {
      const { guest: presenter } = await stage.signUp('rpres');
      const { guest: viewer, nickname: viewerNickname } = await stage.signUp('rview');
      const p = presenter.page;
      const v = viewer.page;
      let liveId = '';

      await step('the presenter goes live in the UI and a viewer watches', async () => {
        liveId = await goLive(p, stage.api.url, title);
        await watch(v, stage.api.url, liveId);
        await p.locator('[data-testid="viewer-count"][data-count="1"]').waitFor({ timeout: MEDIA_WAIT_MS });
      });

      let framesWhileAway = 0;
      await step('the presenter reloads the page: the viewer sees "Presenter reconnecting…" over the player', async () => {
        await keepWatch(v, 'presenter-away');
        // From the reload on, the presenter's page keeps its WebSockets at hand, to drop one later.
        await keepSockets(presenter.context);
        await p.reload();
        const text = await seen(v, 'presenter-away');
        assert.match(text, /reconnecting/i);
        framesWhileAway = await frames(v, 'viewer-video');
        assert.equal(await v.getByTestId('live-ended').count(), 0, 'the live has not ended');
      });

      await step('the reloaded page is the presenter\'s room again, with its loopback (never the viewer\'s)', async () => {
        await assertPresenting(p, liveId);
        await p.getByTestId('live-title').getByText(title).waitFor();
        await p.locator('[data-testid="viewer-count"][data-count="1"]').waitFor({ timeout: MEDIA_WAIT_MS });
        // Its viewer feed starts with who already watches.
        await p.locator(`[data-testid="viewer-feed-item"][data-kind="joined"][data-nickname="${viewerNickname}"]`).waitFor();
      });

      await step('the viewer gets the picture back without rejoining: the notice goes, new frames decode', async () => {
        await v.getByTestId('presenter-away').waitFor({ state: 'detached', timeout: MEDIA_WAIT_MS });
        const now = await waitForFrames(v, 'viewer-video', framesWhileAway + 20);
        assert.ok(now > framesWhileAway + 20);
        await assertSameStream(v);
        assert.equal(new URL(v.url()).pathname, `/live/${liveId}`);
      });

      await step('the presenter\'s realtime connection drops and comes back: their app resumes by itself', async () => {
        await keepWatch(v, 'presenter-away');
        await keepWatch(p, 'presenter-reconnecting');
        const dropped = await dropSockets(p);
        assert.equal(dropped, 1, 'one realtime connection was open');
        assert.match(await seen(p, 'presenter-reconnecting'), /reconnecting/i);
        assert.match(await seen(v, 'presenter-away'), /reconnecting/i);
        const framesBefore = await frames(v, 'viewer-video');
        await assertPresenting(p, liveId);
        await v.getByTestId('presenter-away').waitFor({ state: 'detached', timeout: MEDIA_WAIT_MS });
        await waitForFrames(v, 'viewer-video', framesBefore + 20);
        await assertSameStream(v);
      });

      await step('Stop ends the live for both', async () => {
        await p.getByTestId('stop-live').click();
        await p.getByTestId('live-ended').waitFor({ timeout: MEDIA_WAIT_MS });
        await waitForStoppedVideo(p, 'presenter-video');
        await v.getByTestId('live-ended').waitFor({ timeout: MEDIA_WAIT_MS });
        await waitForStoppedVideo(v, 'viewer-video');
        await expectNoMediaObjects(stage.api, MEDIA_WAIT_MS);
      });
    } catch (error) {
      throw stage.failure(error);
    }
  });

test('another tab takes the live over (the first one does not fight back); while the presenter is away the lives list '
  + 'says "reconnecting"; Present here resumes it', { timeout: 180_000 }, async () => {
  const title = `Two tabs ${Date.now().toString(36)}`;
  try {
    const { guest: presenter } = await stage.signUp('tpres');
    const { guest: viewer } = await stage.signUp('tview');
    const { guest: lister } = await stage.signUp('tlist');
    const first = presenter.page;
    const v = viewer.page;
    let second: Page | undefined;
    let liveId = '';

    await step('the presenter goes live in one tab, a viewer watches, someone else has the lives list open', async () => {
      liveId = await goLive(first, stage.api.url, title);
      await watch(v, stage.api.url, liveId);
      await lister.page.goto(`${stage.api.url}/lives`);
      await lister.page.locator(`[data-testid="lives-item"][data-live-id="${liveId}"][data-presenter-away="false"]`).waitFor();
    });

    await step('the presenter opens the live in a second tab: it presents there, the first tab says so and stays put', async () => {
      second = await openTab(presenter);
      await second.goto(`${stage.api.url}/live/${liveId}`);
      await assertPresenting(second, liveId);
      await first.getByTestId('presenting-elsewhere').getByText(/continues in another tab/i).waitFor({ timeout: MEDIA_WAIT_MS });
      await waitForStoppedVideo(first, 'presenter-video');
      await new Promise((r) => setTimeout(r, 3_000)); // time enough for a tab that fights back to do it
      await first.getByTestId('presenting-elsewhere').waitFor({ timeout: 1_000 });
      assert.equal(await first.getByTestId('stop-live').count(), 0, 'the first tab offers no Stop');
      await second.locator('[data-testid="presenter-state"][data-state="connected"]').waitFor({ timeout: 1_000 });
      const before = await frames(v, 'viewer-video');
      await waitForFrames(v, 'viewer-video', before + 20);
    });

    await step('the second tab closes: the viewer sees "reconnecting", the lives list shows the badge', async () => {
      await keepWatch(v, 'presenter-away');
      await second!.close();
      assert.match(await seen(v, 'presenter-away'), /reconnecting/i);
      await lister.page.locator(`[data-testid="lives-item"][data-live-id="${liveId}"] [data-testid="lives-item-reconnecting"]`)
        .waitFor({ timeout: MEDIA_WAIT_MS });
    });

    await step('Present here in the first tab resumes the live: presenter mode, the viewer\'s picture back, badge gone', async () => {
      await first.getByTestId('present-here').click();
      await assertPresenting(first, liveId, (await frames(first, 'presenter-video')) + 10);
      await v.getByTestId('presenter-away').waitFor({ state: 'detached', timeout: MEDIA_WAIT_MS });
      await waitForFrames(v, 'viewer-video', (await frames(v, 'viewer-video')) + 20);
      await assertSameStream(v);
      await lister.page.locator(`[data-testid="lives-item"][data-live-id="${liveId}"][data-presenter-away="false"]`)
        .waitFor({ timeout: MEDIA_WAIT_MS });
      assert.equal(await lister.page.getByTestId('lives-item-reconnecting').count(), 0);
    });

    await step('Stop ends it for everyone and the list drops it', async () => {
      await first.getByTestId('stop-live').click();
      await first.getByTestId('live-ended').waitFor({ timeout: MEDIA_WAIT_MS });
      await v.getByTestId('live-ended').waitFor({ timeout: MEDIA_WAIT_MS });
      await waitForStoppedVideo(v, 'viewer-video');
      await lister.page.locator(`[data-testid="lives-item"][data-live-id="${liveId}"]`).waitFor({ state: 'detached', timeout: MEDIA_WAIT_MS });
      await expectNoMediaObjects(stage.api, MEDIA_WAIT_MS);
    });
  } catch (error) {
    throw stage.failure(error);
  }
});

test('a viewer\'s realtime connection drops: the player comes back by itself, and the live is never shown as ended',
  { timeout: 120_000 }, async () => {
    try {
      const { guest: presenter } = await stage.signUp('vpres');
      const { guest: viewer } = await stage.signUp('vdrop');
      const v = viewer.page;
      let liveId = '';

      await step('the presenter goes live; the viewer watches, its page keeping its WebSockets at hand', async () => {
        liveId = await goLive(presenter.page, stage.api.url, `Flaky viewer ${Date.now().toString(36)}`);
        await keepSockets(viewer.context);
        await watch(v, stage.api.url, liveId);
      });

      await step('its realtime connection drops: it watches again on its own, and new frames decode', async () => {
        await keepWatch(v, 'live-ended');
        const dropped = await dropSockets(v);
        assert.equal(dropped, 1, 'one realtime connection was open');
        // The server lets the old media session go; the page watches again once reconnected.
        await v.waitForFunction(() => {
          const video = document.querySelector<HTMLVideoElement>('video[data-testid="viewer-video"]');
          const kept = (window as unknown as { viewerStream?: unknown }).viewerStream;
          return !!video?.srcObject && video.srcObject !== kept;
        }, undefined, { timeout: MEDIA_WAIT_MS, polling: 200 });
        await waitForFrames(v, 'viewer-video', 20);
        const ended = await v.evaluate(() => (window as unknown as { seen?: Record<string, string> }).seen?.['live-ended']);
        assert.equal(ended, undefined, 'the live was never shown as ended');
        await presenter.page.locator('[data-testid="viewer-count"][data-count="1"]').waitFor({ timeout: MEDIA_WAIT_MS });
      });

      await step('Stop still ends it for the viewer', async () => {
        await presenter.page.getByTestId('stop-live').click();
        await v.getByTestId('live-ended').waitFor({ timeout: MEDIA_WAIT_MS });
        await waitForStoppedVideo(v, 'viewer-video');
      });
    } catch (error) {
      throw stage.failure(error);
    }
  });

/** From the next page load on, the context's pages keep their WebSockets at hand (see dropSockets). */
async function keepSockets(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const Native = window.WebSocket;
    const openSockets: WebSocket[] = [];
    Object.assign(window, { openSockets });
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        openSockets.push(this);
      }
    };
  });
}

/** Closes the page's open WebSockets (its realtime connection drops) and says how many there were. */
function dropSockets(page: Page): Promise<number> {
  return page.evaluate(() => {
    const sockets = (window as unknown as { openSockets: WebSocket[] }).openSockets.filter((s) => s.readyState === WebSocket.OPEN);
    for (const socket of sockets) socket.close(1000, 'e2e: connection dropped');
    return sockets.length;
  });
}

/** Another tab of the same person (same sign-in), its console kept with theirs. */
async function openTab(guest: Guest): Promise<Page> {
  const page = await guest.context.newPage();
  page.on('console', (m) => {
    if (m.type() !== 'debug') guest.log.push(`[${guest.name} tab 2 console.${m.type()}] ${m.text()}`);
  });
  page.on('pageerror', (e) => guest.log.push(`[${guest.name} tab 2 pageerror] ${e.message}`));
  page.setDefaultTimeout(MEDIA_WAIT_MS);
  return page;
}

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { Page, Route } from 'playwright-core';
import {
  DESKTOP, MEDIA_WAIT_MS, keepPeerConnections, lookAt, resize, sentTracks, step, useStage, waitForFrames, waitForPath, startLive,
} from './harness';

// Every state of the live pages, through the UI: a live that does not exist, going live (devices,
// preview), the home page listing it, a viewer connecting and playing (player controls), chat while a
// send is on its way, leaving a running live (asked first; ending it stops it), the ended live for the
// viewer (with its recording) and for the presenter after Stop (Recording saved).
// Each page looked at is checked with lookAt (axe-core, sideways scrolling, raw message keys) at 1280×800
// and 390×844, and saved as screenshots with E2E_SCREENSHOTS=<dir>.

const stage = useStage();

/** The GraphQL operation an intercepted /graphql request runs. */
function operationOf(route: Route): string | undefined {
  try {
    return (route.request().postDataJSON() as { operationName?: string } | null)?.operationName;
  } catch {
    return undefined;
  }
}

test('a live that does not exist says so, with where to go instead', { timeout: 60_000 }, async () => {
  try {
    const { guest } = await stage.signUp('lost');
    const page = guest.page;
    for (const id of [randomUUID(), 'not-a-live']) {
      await step(`/live/${id}: "This live does not exist", and no player, count, Leave or chat`, async () => {
        await page.goto(`${stage.api.url}/live/${id}`);
        await page.getByTestId('live-not-found').getByText('This live does not exist').waitFor();
        for (const testId of ['viewer-video', 'viewer-count', 'leave-live', 'chat-input', 'live-title']) {
          assert.equal(await page.getByTestId(testId).count(), 0, `no ${testId}`);
        }
      });
    }
    await lookAt(page, 'live-not-found');
    await step('its links lead to the lives and the videos', async () => {
      await page.getByTestId('not-found-videos').waitFor();
      await page.getByTestId('not-found-lives').click();
      await waitForPath(page, '/lives');
      await page.getByTestId('lives-empty').waitFor();
      await lookAt(page, 'lives-empty');
    });
  } catch (error) {
    throw stage.failure(error);
  }
});

test('going live with a chosen microphone after a preview; home lists the live; a viewer connects, plays with controls, '
  + 'chats while sends are on their way; leaving asks first and ending it there shows the viewer the ended live and its recording',
{ timeout: 300_000 }, async () => {
  const title = `States show ${Date.now().toString(36)}`;
  try {
    const { guest: presenter } = await stage.signUp('spres');
    const p = presenter.page;
    await resize(p, DESKTOP);
    await presenter.context.addInitScript(keepPeerConnections);
    let liveId = '';
    let microphone = '';

    await step('/live/new previews the camera and lists the cameras and microphones by name', async () => {
      await p.goto(`${stage.api.url}/live/new`);
      await waitForFrames(p, 'camera-preview', 5);
      const cameras = await p.getByTestId('camera-select').locator('option').allTextContents();
      const microphones = await p.getByTestId('microphone-select').locator('option').allTextContents();
      assert.ok(cameras.length >= 1 && cameras.every((c) => c.trim()), `cameras listed by name: ${cameras.join(', ')}`);
      assert.ok(microphones.length >= 1 && microphones.every((m) => m.trim()), `microphones listed: ${microphones.join(', ')}`);
      await p.locator('[data-testid="microphone-level"]:not([data-level="0"])').waitFor({ timeout: MEDIA_WAIT_MS });
    });

    await step('choosing another microphone switches the preview to it', async () => {
      const options = p.getByTestId('microphone-select').locator('option');
      const last = options.last();
      microphone = (await last.textContent())!.trim();
      await p.getByTestId('microphone-select').selectOption(await last.getAttribute('value'));
      await p.waitForFunction((label) => {
        const video = document.querySelector<HTMLVideoElement>('video[data-testid="camera-preview"]');
        return (video?.srcObject as MediaStream | null)?.getAudioTracks()[0]?.label === label;
      }, microphone, { timeout: MEDIA_WAIT_MS });
      await waitForFrames(p, 'camera-preview', 5);
      await lookAt(p, 'go-live-preview');
    });

    await step('going live publishes the chosen microphone; the preview stops', async () => {
      liveId = await startLive(p, title);
      const published = (await sentTracks(p)).map((t) => t.label);
      assert.ok(published.includes(microphone), `the live publishes "${microphone}" (it sends ${published.join(', ')})`);
      const livePreviews = await p.evaluate(() => document.querySelectorAll('video[data-testid="camera-preview"]').length);
      assert.equal(livePreviews, 0, 'no preview once live');
      await lookAt(p, 'presenter-live');
    });

    const { guest: viewer } = await stage.signUp('sview');
    const v = viewer.page;
    await resize(v, DESKTOP);

    await step('the viewer\'s home page lists the live (title, presenter, viewers) and links to it', async () => {
      const item = v.locator(`[data-testid="home-lives"] [data-testid="lives-item"][data-live-id="${liveId}"]`);
      await item.getByText(title).waitFor();
      await item.locator('[data-testid="lives-item-viewers"][data-count="0"]').waitFor();
      await v.getByTestId('online-user').first().waitFor();
      await lookAt(v, 'home');
    });

    await step('opening it, the viewer reads "Connecting…" until the first picture, then plays it with the player controls', async () => {
      // watchLive is held a moment, so the page is seen while it connects.
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => { release = resolve; });
      await v.route('**/graphql', async (route) => {
        if (operationOf(route) === 'WatchLive') await held;
        await route.fallback();
      });
      await v.locator(`[data-testid="home-lives"] [data-testid="lives-item"][data-live-id="${liveId}"]`).click();
      await waitForPath(v, `/live/${liveId}`);
      await v.getByTestId('player-connecting').getByText('Connecting to the live…').waitFor();
      await lookAt(v, 'viewer-connecting');
      release();
      await waitForFrames(v, 'viewer-video');
      await v.unroute('**/graphql');
      await v.getByTestId('player-connecting').waitFor({ state: 'detached' });
      await v.getByTestId('live-presenter').waitFor();
      assert.equal(await v.getByTestId('live-ended').count(), 0);
      await v.getByTestId('player-fullscreen').waitFor();
      await v.getByTestId('player-volume').waitFor();
      await lookAt(v, 'viewer-playing');
    });

    await step('at 1280×800 the whole player and the chat are on screen without scrolling', async () => {
      const fits = await v.evaluate(() => {
        const inView = (selector: string) => {
          const box = document.querySelector(selector)?.getBoundingClientRect();
          return !!box && box.width > 200 && box.top >= 0 && box.bottom <= innerHeight && box.right <= innerWidth;
        };
        return { player: inView('app-viewer-room app-stream-video'), chat: inView('app-viewer-room app-live-chat'),
          scrolls: document.documentElement.scrollHeight > innerHeight };
      });
      assert.deepEqual(fits, { player: true, chat: true, scrolls: false });
    });

    await step('mute is remembered: after a reload the player is still muted; unmuting brings the sound back', async () => {
      await v.getByTestId('player-mute').click();
      await v.locator('[data-testid="player-mute"][data-muted="true"]').waitFor();
      assert.equal(await v.evaluate(() => document.querySelector<HTMLVideoElement>('video[data-testid="viewer-video"]')!.muted), true);
      await v.reload();
      await waitForFrames(v, 'viewer-video');
      await v.locator('[data-testid="player-mute"][data-muted="true"]').waitFor();
      await v.getByTestId('player-mute').click();
      await v.locator('[data-testid="player-mute"][data-muted="false"]').waitFor();
      assert.equal(await v.evaluate(() => document.querySelector<HTMLVideoElement>('video[data-testid="viewer-video"]')!.muted), false);
    });

    await step('full screen shows the player (with its controls), and the button takes it back', async () => {
      await v.getByTestId('player-fullscreen').click();
      await v.waitForFunction(() => document.fullscreenElement?.tagName === 'APP-STREAM-VIDEO');
      await v.getByRole('button', { name: 'Exit full screen' }).click();
      await v.waitForFunction(() => document.fullscreenElement === null);
      await v.getByRole('button', { name: 'Full screen' }).waitFor();
    });

    await step('chat: the box empties at once on Send, and what is typed while the message is on its way stays', async () => {
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => { release = resolve; });
      await v.route('**/graphql', async (route) => {
        if (operationOf(route) === 'SendChatMessage') await held;
        await route.fallback();
      });
      await v.getByTestId('chat-input').fill('first message');
      await v.getByTestId('chat-send').click();
      assert.equal(await v.getByTestId('chat-input').inputValue(), '', 'cleared at send time');
      await v.getByTestId('chat-pending').getByText('first message').waitFor();
      await v.getByTestId('chat-input').pressSequentially('second thought');
      assert.equal(await v.getByTestId('chat-send').isEnabled(), true, 'Send is not stuck disabled');
      release();
      await v.locator('[data-testid="chat-message"] [data-testid="chat-message-text"]').getByText('first message').waitFor();
      await p.getByTestId('chat-message-text').getByText('first message').waitFor();
      assert.equal(await v.getByTestId('chat-pending').count(), 0, 'no "Sending…" once the message is in the list');
      assert.equal(await v.getByTestId('chat-input').inputValue(), 'second thought');
      await v.unroute('**/graphql');
    });

    await step('chat: a failed send gives its text back, before what was typed meanwhile, and says why', async () => {
      await v.route('**/graphql', async (route) => {
        if (operationOf(route) !== 'SendChatMessage') return route.fallback();
        await new Promise((r) => setTimeout(r, 1500));
        await route.fulfill({ status: 200, contentType: 'application/json',
          body: JSON.stringify({ data: null, errors: [{ message: 'Too many', extensions: { code: 'RATE_LIMITED' } }] }) });
      });
      await v.getByTestId('chat-input').fill('will not go');
      await v.getByTestId('chat-send').click();
      await v.getByTestId('chat-input').pressSequentially('typed meanwhile');
      await v.locator('app-live-chat [data-testid="form-error"][data-error-code="RATE_LIMITED"]')
        .getByText('sending messages too fast').waitFor();
      assert.equal(await v.getByTestId('chat-input').inputValue(), 'will not go typed meanwhile');
      await v.unroute('**/graphql');
      await v.getByTestId('chat-input').fill('');
    });

    await step('closing the presenter\'s tab asks first (the browser\'s prompt); staying keeps the live', async () => {
      const asked = new Promise<string>((resolve) => p.once('dialog', (dialog) => {
        resolve(dialog.type());
        void dialog.dismiss();
      }));
      await p.close({ runBeforeUnload: true });
      assert.equal(await asked, 'beforeunload');
      assert.equal(p.isClosed(), false);
      await p.locator('[data-testid="presenter-state"][data-state="connected"]').waitFor();
    });

    await step('leaving in the app asks "End your live?"; Stay keeps it running', async () => {
      await p.getByTestId('brand').click();
      await p.getByTestId('leave-live-dialog').getByText('End your live?').waitFor();
      await p.waitForTimeout(300); // the dialog fades in
      await lookAt(p, 'leave-live-dialog', [DESKTOP]);
      await p.getByTestId('leave-live-stay').click();
      await p.getByTestId('leave-live-dialog').waitFor({ state: 'detached' });
      assert.equal(new URL(p.url()).pathname, `/live/${liveId}`);
      await p.locator('[data-testid="presenter-state"][data-state="connected"]').waitFor();
      assert.equal(await v.getByTestId('live-ended').count(), 0, 'the viewer still watches');
    });

    await step('leaving again and ending it: the presenter is on the home page, the viewer is told at once', async () => {
      await p.getByTestId('brand').click();
      await p.getByTestId('leave-live-end').click();
      await waitForPath(p, '/');
      await v.getByTestId('live-ended').getByText('This live has ended').waitFor({ timeout: MEDIA_WAIT_MS });
      await v.getByTestId('live-ended-reason').getByText('The presenter ended it.').waitFor();
      await p.locator(`[data-testid="lives-item"][data-live-id="${liveId}"]`).waitFor({ state: 'detached' });
    });

    await step('the ended live never contradicts itself: Ended, no count, no Leave, no chat box, no player controls', async () => {
      await v.getByTestId('live-badge-ended').waitFor();
      for (const testId of ['live-badge', 'viewer-count', 'leave-live', 'chat-input', 'player-controls', 'player-connecting']) {
        assert.equal(await v.getByTestId(testId).count(), 0, `no ${testId}`);
      }
      await v.getByTestId('back-to-lives').waitFor();
    });

    await step('the viewer gets a link to the recording once it is filed, and it opens the video', async () => {
      const link = v.getByTestId('recording-link');
      await link.getByText('Watch the recording').waitFor({ timeout: MEDIA_WAIT_MS });
      await lookAt(v, 'viewer-ended');
      await link.click();
      await v.waitForURL((u) => /^\/videos\/[0-9a-f-]{36}$/.test(u.pathname));
      await v.getByTestId('video-title').getByText(title).waitFor();
    });
  } catch (error) {
    throw stage.failure(error);
  }
});

test('the presenter\'s Stop: "Recording saved" with a link that opens the video, and no figures of a connection that is gone',
  { timeout: 120_000 }, async () => {
    const title = `Stop show ${Date.now().toString(36)}`;
    try {
      const { guest: presenter } = await stage.signUp('stopper');
      const p = presenter.page;
      await resize(p, DESKTOP);

      await step('the presenter goes live and sees the connection figures', async () => {
        await p.goto(`${stage.api.url}/live/new`);
        await startLive(p, title);
        await p.locator('[data-testid="stats-bitrate"][data-value]').waitFor({ timeout: MEDIA_WAIT_MS });
        await p.waitForTimeout(1500); // a recording long enough to keep
      });

      await step('someone opening OnAir meanwhile finds the live, who is online and the latest videos on the home page', async () => {
        const { guest } = await stage.signUp('homer');
        const h = guest.page;
        await resize(h, DESKTOP);
        await h.locator('[data-testid="home-lives"] [data-testid="lives-item"]').getByText(title).waitFor();
        await h.getByTestId('online-user').first().waitFor();
        await h.locator('[data-testid="latest-videos"] [data-testid="video-card"]').first().waitFor();
        await lookAt(h, 'home-full');
      });

      await step('Stop: the live has ended, "Recording saved" with its link, no bitrate / round trip / count any more', async () => {
        await p.getByTestId('stop-live').click();
        await p.getByTestId('recording-saved').getByText('Recording saved').waitFor({ timeout: MEDIA_WAIT_MS });
        await p.getByTestId('live-ended').getByText('This live has ended').waitFor();
        await p.getByTestId('live-ended-reason').getByText('You ended it.').waitFor();
        for (const testId of ['stats-bitrate', 'stats-rtt', 'stats-loss', 'viewer-count', 'stop-live', 'presenter-state', 'chat-input']) {
          assert.equal(await p.getByTestId(testId).count(), 0, `no ${testId}`);
        }
        await lookAt(p, 'presenter-stopped');
      });

      await step('leaving the ended live asks nothing; the link opens the video', async () => {
        const href = await p.getByTestId('recording-link').getAttribute('href');
        assert.match(href ?? '', /^\/videos\/[0-9a-f-]{36}$/);
        await p.getByTestId('recording-link').click();
        await waitForPath(p, href!);
        assert.equal(await p.getByTestId('leave-live-dialog').count(), 0);
        await p.getByTestId('video-title').getByText(title).waitFor();
      });
    } catch (error) {
      throw stage.failure(error);
    }
  });

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type Guest, MEDIA_WAIT_MS, step, useStage, waitForPath, mediaObjects, expectNoMediaObjects, waitForFrames, waitForStoppedVideo,
  startLive,
} from './harness';

const stage = useStage();

test('a presenter goes live, three viewers watch through the media server, one leaves, Stop ends it for all',
  { timeout: 240_000 }, async () => {
    const title = `Morning show ${Date.now().toString(36)}`;
    let liveId = '';
    try {
      const { guest: presenter } = await stage.signUp('pres');
      const p = presenter.page;

      await step('the presenter goes live and sees their stream looped back by the media server', async () => {
        await p.getByTestId('nav-go-live').click();
        await waitForPath(p, '/live/new');
        liveId = await startLive(p, title);
        await p.getByTestId('live-title').getByText(title).waitFor();
        const frames = await waitForFrames(p, 'presenter-video');
        assert.ok(frames > 10);
        assert.ok((await mediaObjects(stage.api) ?? 0) > 0, 'the live holds media objects');
      });

      await step('the presenter sees the connection quality (bitrate, loss, round trip)', async () => {
        await p.waitForFunction(() => {
          const value = document.querySelector('[data-testid="stats-bitrate"]')?.getAttribute('data-value');
          return value !== null && value !== undefined && Number(value) > 0;
        }, undefined, { timeout: MEDIA_WAIT_MS, polling: 250 });
        await p.locator('[data-testid="stats-rtt"][data-value]').waitFor({ timeout: MEDIA_WAIT_MS });
        await p.locator('[data-testid="stats-loss"][data-value]').waitFor({ timeout: MEDIA_WAIT_MS });
      });

      const viewers: { guest: Guest; nickname: string }[] = [];
      for (const name of ['v1', 'v2', 'v3']) {
        await step(`viewer ${name} finds the live in /lives, opens it and its video decodes frames`, async () => {
          const viewer = await stage.signUp(name);
          viewers.push(viewer);
          const page = viewer.guest.page;
          await page.getByTestId('nav-lives').click();
          await waitForPath(page, '/lives');
          const item = page.locator(`[data-testid="lives-item"][data-live-id="${liveId}"]`);
          await item.getByText(title).waitFor();
          await item.click();
          await waitForPath(page, `/live/${liveId}`);
          await waitForFrames(page, 'viewer-video');
        });
      }

      await step('the presenter sees three viewers join and the count at 3', async () => {
        for (const { nickname } of viewers) {
          await p.locator(`[data-testid="viewer-feed-item"][data-kind="joined"][data-nickname="${nickname}"]`)
            .waitFor({ timeout: MEDIA_WAIT_MS });
        }
        await p.locator('[data-testid="viewer-count"][data-count="3"]').waitFor({ timeout: MEDIA_WAIT_MS });
      });

      await step('the list of lives shows the viewer count', async () => {
        await viewers[0].guest.page.goBack();
        await waitForPath(viewers[0].guest.page, '/lives');
        await viewers[0].guest.page
          .locator(`[data-testid="lives-item"][data-live-id="${liveId}"] [data-testid="lives-item-viewers"][data-count="2"]`)
          .waitFor({ timeout: MEDIA_WAIT_MS });
        await viewers[0].guest.page.goForward();
        await waitForPath(viewers[0].guest.page, `/live/${liveId}`);
        await waitForFrames(viewers[0].guest.page, 'viewer-video');
        await p.locator('[data-testid="viewer-count"][data-count="3"]').waitFor({ timeout: MEDIA_WAIT_MS });
      });

      await step('chat: a viewer writes, the presenter and another viewer read it; input is capped at 500', async () => {
        const v1 = viewers[0].guest.page;
        await v1.getByTestId('chat-input').fill('x'.repeat(600));
        assert.equal((await v1.getByTestId('chat-input').inputValue()).length, 500);
        await v1.getByTestId('chat-input').fill('hello from v1');
        await v1.getByTestId('chat-send').click();
        for (const page of [p, viewers[1].guest.page, v1]) {
          await page.locator(`[data-testid="chat-message"][data-author="${viewers[0].nickname}"]`)
            .getByText('hello from v1').waitFor({ timeout: MEDIA_WAIT_MS });
        }
      });

      await step('a viewer leaves: the presenter sees it and the count drops to 2', async () => {
        const v3 = viewers[2];
        await v3.guest.page.getByTestId('leave-live').click();
        await waitForPath(v3.guest.page, '/lives');
        await p.locator(`[data-testid="viewer-feed-item"][data-kind="left"][data-nickname="${v3.nickname}"]`)
          .waitFor({ timeout: MEDIA_WAIT_MS });
        await p.locator('[data-testid="viewer-count"][data-count="2"]').waitFor({ timeout: MEDIA_WAIT_MS });
      });

      await step('Stop: the remaining viewers see the live ended and their players stop', async () => {
        await p.getByTestId('stop-live').click();
        await p.getByTestId('live-ended').waitFor({ timeout: MEDIA_WAIT_MS });
        await waitForStoppedVideo(p, 'presenter-video');
        for (const { guest } of viewers.slice(0, 2)) {
          await guest.page.getByTestId('live-ended').waitFor({ timeout: MEDIA_WAIT_MS });
          await waitForStoppedVideo(guest.page, 'viewer-video');
        }
        await viewers[2].guest.page.locator(`[data-testid="lives-item"][data-live-id="${liveId}"]`)
          .waitFor({ state: 'detached', timeout: MEDIA_WAIT_MS });
      });

      await step('the media server releases every object of the live', async () => {
        await expectNoMediaObjects(stage.api, MEDIA_WAIT_MS);
      });
    } catch (error) {
      throw stage.failure(error);
    }
  });

test('closing the presenter\'s tab ends the live for its viewer; chat shows RATE_LIMITED when flooded',
  { timeout: 120_000 }, async () => {
    const title = `Evening show ${Date.now().toString(36)}`;
    try {
      const { guest: presenter } = await stage.signUp('pres2');
      const { guest: viewer } = await stage.signUp('v4');
      let liveId = '';

      await step('the presenter goes live (straight to /live/new) and a viewer opens it', async () => {
        await presenter.page.goto(`${stage.api.url}/live/new`);
        liveId = await startLive(presenter.page, title);
        await viewer.page.goto(`${stage.api.url}/lives`);
        await viewer.page.locator(`[data-testid="lives-item"][data-live-id="${liveId}"]`).click();
        await waitForFrames(viewer.page, 'viewer-video');
      });

      await step('a flood of chat messages is refused with RATE_LIMITED, shown by its code', async () => {
        const page = viewer.page;
        const error = page.locator('app-live-chat [data-testid="form-error"][data-error-code="RATE_LIMITED"]');
        for (let i = 1; i <= 8 && !(await error.isVisible()); i++) {
          await page.getByTestId('chat-input').fill(`message ${i}`);
          await page.getByTestId('chat-send').click();
          await page.getByTestId('chat-message').getByText(`message ${i}`, { exact: true }).or(error).first().waitFor();
        }
        await error.waitFor({ timeout: MEDIA_WAIT_MS });
        await presenter.page.getByTestId('chat-message').getByText('message 5').waitFor();
      });

      await step('the presenter\'s tab closes: the viewer sees the live ended, its player stops, nothing leaks', async () => {
        await presenter.context.close();
        await viewer.page.getByTestId('live-ended').waitFor({ timeout: MEDIA_WAIT_MS });
        await waitForStoppedVideo(viewer.page, 'viewer-video');
        await expectNoMediaObjects(stage.api, MEDIA_WAIT_MS);
      });
    } catch (error) {
      throw stage.failure(error);
    }
  });

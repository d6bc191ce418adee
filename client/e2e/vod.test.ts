import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { WAIT_MS, step, useStage, waitForPath } from './harness';

/** Upper bound for each media wait (a loaded machine can take a few seconds). */
const MEDIA_WAIT_MS = 20_000;
/** How long the presenter stays live. */
const LIVE_MS = 5_000;

const stage = useStage();

/** The catalog card of this video. */
function card(page: Page, videoId: string) {
  return page.locator(`[data-testid="video-card"][data-video-id="${videoId}"]`);
}

/** Fills the catalog's filters (others emptied), searches, and waits for the answer. */
async function search(page: Page, filters: { search?: string; presenter?: string; minDuration?: string }): Promise<void> {
  await page.getByTestId('filter-search').fill(filters.search ?? '');
  await page.getByTestId('filter-presenter').fill(filters.presenter ?? '');
  await page.getByTestId('filter-min-duration').fill(filters.minDuration ?? '');
  await page.getByTestId('filter-apply').click();
  await page.waitForURL((u) => (u.searchParams.get('q') ?? '') === (filters.search ?? '')
    && (u.searchParams.get('presenter') ?? '') === (filters.presenter ?? ''));
  await page.locator('[data-testid="videos-count"][data-count]').waitFor();
}

test('a live is recorded into the catalog: found by filters, played and seeked, renamed and deleted by its owner',
  { timeout: 180_000 }, async () => {
    const token = Date.now().toString(36);
    const title = `Harbour tour ${token}`;
    let videoId = '';
    let liveSeconds = 0;
    try {
      const { guest: presenter, nickname } = await stage.signUp('vodpres');
      const p = presenter.page;

      await step(`the presenter is live for ~${LIVE_MS / 1000} s, presses Stop and gets a link to the recording`, async () => {
        await p.getByTestId('nav-go-live').click();
        await p.getByTestId('live-title-input').fill(title);
        await p.getByTestId('go-live-submit').click();
        await p.waitForURL((u) => /^\/live\/[0-9a-f-]{36}$/.test(u.pathname), { timeout: MEDIA_WAIT_MS });
        await p.waitForFunction(() => {
          const video = document.querySelector<HTMLVideoElement>('video[data-testid="presenter-video"]');
          return (video?.getVideoPlaybackQuality().totalVideoFrames ?? 0) > 0;
        }, undefined, { timeout: MEDIA_WAIT_MS, polling: 100 });
        const live = Date.now();
        await p.waitForTimeout(LIVE_MS);
        await p.getByTestId('stop-live').click();
        liveSeconds = (Date.now() - live) / 1000;
        const link = p.getByTestId('recording-link');
        await link.waitFor({ timeout: MEDIA_WAIT_MS });
        await p.getByTestId('recording-saved').getByText('Recording saved').waitFor();
        videoId = (await link.getAttribute('href'))!.split('/').pop()!;
        assert.match(videoId, /^[0-9a-f-]{36}$/);
      });

      await step('the catalog lists it, with its duration, and the location credit', async () => {
        await p.getByTestId('nav-videos').click();
        await waitForPath(p, '/videos');
        await card(p, videoId).getByText(title).waitFor();
        assert.match(await card(p, videoId).getByTestId('video-card-duration').innerText(), /^0:0[4-7]$/);
        await p.getByTestId('location-credit').getByText('nro.net').waitFor();
      });

      await step("its card shows a poster: a frame of the presenter's looped-back stream, taken while live", async () => {
        const size = await p.waitForFunction((id) => {
          const img = document.querySelector<HTMLImageElement>(`[data-testid="video-card"][data-video-id="${id}"] img`);
          return img && img.complete && img.naturalWidth > 0 ? [img.naturalWidth, img.naturalHeight] : false;
        }, videoId, { timeout: MEDIA_WAIT_MS, polling: 100 });
        const [width, height] = (await size.jsonValue()) as [number, number];
        assert.deepEqual([width, height], [640, 480], 'the poster is the 640x480 camera picture');
      });

      await step('filters find it (presenter + title word) and exclude it (min 10 minutes); back goes back', async () => {
        await search(p, { presenter: nickname.toUpperCase(), search: token });
        await card(p, videoId).waitFor();
        await p.locator('[data-testid="videos-count"][data-count="1"]').getByText('1 video').waitFor();

        await search(p, { presenter: nickname, search: token, minDuration: '10' });
        assert.equal(new URL(p.url()).searchParams.get('minDuration'), '600');
        await p.getByTestId('videos-empty').getByText('No videos match these filters').waitFor();
        assert.equal(await card(p, videoId).count(), 0);

        await p.goBack();
        await card(p, videoId).waitFor();
        assert.equal(await p.getByTestId('filter-min-duration').inputValue(), '');
        await p.goForward();
        await p.getByTestId('videos-empty').waitFor();
        assert.equal(await p.getByTestId('filter-min-duration').inputValue(), '10');
        await p.getByTestId('videos-empty-clear').click();
        await waitForPath(p, '/videos');
        assert.equal(new URL(p.url()).search, '');
        await card(p, videoId).waitFor();
      });

      await step('the home page shows it among the latest videos', async () => {
        await p.getByTestId('brand').click();
        await waitForPath(p, '/');
        await p.locator(`[data-testid="latest-videos"] [data-testid="video-card"][data-video-id="${videoId}"]`).waitFor();
        await p.getByTestId('latest-videos-all').click();
        await waitForPath(p, '/videos');
      });

      await step('its page plays the file: the <video> knows its real duration', async () => {
        await card(p, videoId).click();
        await waitForPath(p, `/videos/${videoId}`);
        await p.getByTestId('video-title').getByText(title).waitFor();
        await p.getByTestId('video-presenter').getByText(nickname).waitFor();
        const listed = Number(await p.getByTestId('video-duration').getAttribute('data-seconds'));
        const handle = await p.waitForFunction(() => {
          const video = document.querySelector<HTMLVideoElement>('video[data-testid="video-player"]');
          return video && video.readyState >= 1 && Number.isFinite(video.duration) ? video.duration : false;
        }, undefined, { timeout: MEDIA_WAIT_MS, polling: 100 });
        const duration = (await handle.jsonValue()) as number;
        console.log(`  live ${liveSeconds.toFixed(2)} s, catalog ${listed} s, <video> ${duration} s`);
        assert.ok(Math.abs(duration - liveSeconds) <= 1.5,
          `the <video> lasts ${duration} s, the live ran ${liveSeconds.toFixed(2)} s`);
        assert.ok(Math.abs(duration - listed) <= 0.1, `the <video> lasts ${duration} s, the catalog says ${listed} s`);
      });

      await step('it plays, and a seek to the middle presents a frame from there within 1 s', async () => {
        const played = await p.evaluate(async () => {
          const video = document.querySelector<HTMLVideoElement>('video[data-testid="video-player"]')!;
          video.muted = true;
          await video.play();
          const started = performance.now();
          while (video.currentTime < 0.5 && performance.now() - started < 10_000) {
            await new Promise((r) => setTimeout(r, 50));
          }
          return video.currentTime;
        });
        assert.ok(played >= 0.5, `playback reached ${played} s`);
        const seek = await p.evaluate(() => new Promise<{ target: number; mediaTime: number; ms: number }>((resolve, reject) => {
          const video = document.querySelector<HTMLVideoElement>('video[data-testid="video-player"]')!;
          const target = video.duration / 2;
          const timer = setTimeout(() => reject(new Error('no frame near the target within 5 s')), 5_000);
          const started = performance.now();
          const onFrame = (_now: number, metadata: VideoFrameCallbackMetadata) => {
            if (metadata.mediaTime >= target - 0.5 && metadata.mediaTime <= target + 1.5) {
              clearTimeout(timer);
              resolve({ target, mediaTime: metadata.mediaTime, ms: performance.now() - started });
            } else {
              video.requestVideoFrameCallback(onFrame);
            }
          };
          video.requestVideoFrameCallback(onFrame);
          video.currentTime = target;
        }));
        console.log(`  seek to ${seek.target.toFixed(2)} s: frame at ${seek.mediaTime.toFixed(2)} s after ${seek.ms.toFixed(0)} ms`);
        assert.ok(seek.ms < 1_000, `the first frame after the seek came after ${seek.ms} ms`);
      });

      await step('another user sees the video but no rename or delete controls', async () => {
        const { guest: other } = await stage.signUp('vodother');
        await other.page.goto(`${stage.api.url}/videos/${videoId}`);
        await other.page.getByTestId('video-title').getByText(title).waitFor();
        await other.page.getByTestId('video-player').waitFor();
        assert.equal(await other.page.getByTestId('video-rename').count(), 0);
        assert.equal(await other.page.getByTestId('video-delete').count(), 0);
        await other.context.close();
      });

      const renamed = `Lighthouse walk ${token}x`;
      await step('the owner renames it: the page shows the new title and search finds it by it', async () => {
        await p.getByTestId('video-rename').click();
        await p.getByTestId('video-title-input').fill(renamed);
        await p.getByTestId('video-rename-save').click();
        await p.getByTestId('video-title').getByText(renamed).waitFor();
        await p.getByTestId('video-back').click();
        await waitForPath(p, '/videos');
        await search(p, { search: `lighthouse ${token}x` });
        await card(p, videoId).getByText(renamed).waitFor();
        await search(p, { search: `harbour ${token}` });
        await p.getByTestId('videos-empty').waitFor();
      });

      await step('the owner deletes it after confirming: gone from the catalog, its page says so', async () => {
        await p.goto(`${stage.api.url}/videos/${videoId}`);
        await p.getByTestId('video-delete').click();
        await p.getByTestId('video-delete-confirmation').waitFor();
        await p.getByTestId('video-delete-cancel').click();
        await p.getByTestId('video-delete-confirmation').waitFor({ state: 'detached' });
        await p.getByTestId('video-delete').click();
        await p.getByTestId('video-delete-confirm').click();
        await waitForPath(p, '/videos');
        await p.locator('[data-testid="videos-count"][data-count]').waitFor();
        assert.equal(await card(p, videoId).count(), 0);
        await p.goto(`${stage.api.url}/videos/${videoId}`);
        await p.getByTestId('video-not-found').getByText('This video does not exist (or was deleted)')
          .waitFor({ timeout: WAIT_MS });
        await p.getByTestId('video-back').click();
        await waitForPath(p, '/videos');
      });
    } catch (error) {
      throw stage.failure(error);
    }
  });

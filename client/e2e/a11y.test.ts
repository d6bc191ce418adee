import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  DESKTOP, MEDIA_WAIT_MS, PHONE, SMALL_PHONE, expectAccessible, expectNoSidewaysScroll, lookAt, navigate, onlineEntry, openGuest,
  resize, step, useStage, waitForFrames, waitForPath, startLive, CALL_PATH,
} from './harness';

// Every page at 1280×800, 390×844 and 360×740: axe-core finds nothing critical or serious, the page does
// not scroll sideways, shows no raw message key and has one h1 (login, register, home, lives, go live,
// the videos, a filed video, calls, account, API keys, a video and a call that do not exist, a ringing
// call on both sides, a call under way on both sides and after it ended). On phones the toolbar's links
// sit behind a menu button (keyboard usable, the current page marked); keyboard focus is visible in the
// toolbar and in a form.
// With E2E_SCREENSHOTS=<dir>, every page (desktop and phone) and the phone menu (closed and open, English
// and 简体中文) are saved there.

const stage = useStage();

const SIZES = [DESKTOP, PHONE, SMALL_PHONE];

/** axe, sideways scrolling and raw message keys at 1280, 390 and 360 px (screenshots of the first two). */
const look = (page: Page, name: string) => lookAt(page, name, SIZES);

/** The focused element draws a focus indicator: an outline or a box shadow. */
async function focusIndicator(page: Page): Promise<{ what: string; visible: boolean }> {
  return page.evaluate(() => {
    const e = document.activeElement as HTMLElement | null;
    if (!e || e === document.body) return { what: 'nothing', visible: false };
    const style = getComputedStyle(e);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== 'none';
    return { what: `${e.tagName.toLowerCase()}[data-testid=${e.getAttribute('data-testid')}]`, visible: outline || shadow };
  });
}

test('every page passes axe and fits 1280, 390 and 360 px wide', { timeout: 300_000 }, async () => {
  try {
    const visitor = await openGuest(stage.browser, 'a11y-visitor');
    stage.guests.push(visitor);

    await step('login and register', async () => {
      await visitor.page.goto(`${stage.api.url}/login`);
      await visitor.page.getByTestId('login-submit').waitFor();
      await look(visitor.page, 'login');
      await visitor.page.goto(`${stage.api.url}/register`);
      await visitor.page.getByTestId('register-submit').waitFor();
      await look(visitor.page, 'register');
    });

    const { guest: a } = await stage.signUp('a11ya');
    const { guest: b, nickname: bob } = await stage.signUp('a11yb');
    const p = a.page;

    await step('home, lives and go live', async () => {
      await onlineEntry(p, bob).waitFor();
      await look(p, 'home');
      await navigate(p, 'lives');
      await waitForPath(p, '/lives');
      await p.locator('mat-card-title').first().waitFor();
      await look(p, 'lives');
      await navigate(p, 'go-live');
      await waitForPath(p, '/live/new');
      await p.getByTestId('live-title-input').waitFor();
      await look(p, 'go-live');
    });

    let videoId = '';
    await step('a short live is filed as a video', async () => {
      await startLive(p, 'Accessible harbour', 1);
      await p.waitForTimeout(5_000);
      await p.getByTestId('stop-live').click();
      const link = p.getByTestId('recording-link');
      await link.waitFor({ timeout: MEDIA_WAIT_MS });
      videoId = (await link.getAttribute('href'))!.split('/').pop()!;
    });

    await step('videos, a video, and a video and a call that do not exist', async () => {
      await navigate(p, 'videos');
      await waitForPath(p, '/videos');
      await p.locator(`[data-testid="video-card"][data-video-id="${videoId}"]`).waitFor();
      await look(p, 'videos');
      await p.goto(`${stage.api.url}/videos/${videoId}`);
      await p.getByTestId('video-title').waitFor();
      await look(p, 'video');
      await p.goto(`${stage.api.url}/videos/${randomUUID()}`);
      await p.getByTestId('video-not-found').waitFor();
      await look(p, 'video-not-found');
      await p.goto(`${stage.api.url}/call/${randomUUID()}`);
      await p.getByTestId('call-not-found').waitFor();
      await look(p, 'call-not-found');
    });

    await step('calls, account and API keys', async () => {
      await navigate(p, 'calls');
      await waitForPath(p, '/calls');
      await p.getByTestId('call-history').waitFor();
      await look(p, 'calls');
      await navigate(p, 'account');
      await waitForPath(p, '/account');
      await p.getByTestId('account-nickname').waitFor();
      await look(p, 'account');
      await navigate(p, 'api-keys');
      await waitForPath(p, '/account/api-keys');
      await p.getByTestId('api-keys-empty').waitFor();
      await look(p, 'api-keys');
    });

    await step('a ringing call: the caller\'s page and the callee\'s incoming prompt', async () => {
      await p.goto(`${stage.api.url}/`);
      await onlineEntry(p, bob).getByTestId('call-user').click();
      await p.waitForURL((u) => CALL_PATH.test(u.pathname), { timeout: MEDIA_WAIT_MS });
      await p.getByTestId('call-cancel').waitFor();
      await b.page.getByTestId('incoming-call').waitFor();
      await look(p, 'call-ringing');
      await look(b.page, 'home-incoming-call');
    });

    await step('a call under way, on both sides; then the call after it ended', async () => {
      await b.page.getByTestId('incoming-call-accept').click();
      await b.page.waitForURL((u) => CALL_PATH.test(u.pathname), { timeout: MEDIA_WAIT_MS });
      for (const page of [p, b.page]) await waitForFrames(page, 'call-remote-video', 5);
      // At 1280×800 and on a phone, the other party's picture and the call's buttons are on screen without scrolling.
      for (const size of [DESKTOP, PHONE]) {
        await resize(p, size);
        const offScreen = await p.evaluate(() => ['call-remote-video', 'call-toggle-mic', 'call-devices-toggle', 'call-hang-up']
          .filter((id) => {
            const box = document.querySelector(`[data-testid="${id}"]`)?.getBoundingClientRect();
            return !box || box.width === 0 || box.top < 0 || box.bottom > innerHeight || box.right > innerWidth;
          }));
        assert.deepEqual(offScreen, [], `the call at ${size.label}: picture and buttons in view`);
      }
      await resize(p, DESKTOP);
      await look(p, 'call');
      await look(b.page, 'call-callee');
      await p.getByTestId('call-hang-up').click();
      await p.locator('[data-testid="call-outcome"][data-outcome="ANSWERED"]').waitFor({ timeout: MEDIA_WAIT_MS });
      await look(p, 'call-ended');
    });
  } catch (error) {
    throw stage.failure(error);
  }
});

test('on phones the toolbar links sit in a menu (keyboard usable, current page marked); focus is visible',
  { timeout: 120_000 }, async () => {
    try {
      const { guest } = await stage.signUp('a11ymenu');
      const page = guest.page;

      await step('desktop: the links are in the toolbar, no menu button', async () => {
        await resize(page, DESKTOP);
        await page.getByTestId('nav-videos').waitFor();
        assert.equal(await page.getByTestId('nav-menu').isVisible(), false);
      });

      for (const size of SIZES.slice(1)) {
        await step(`${size.width} px: a labelled menu button instead of the links; by keyboard to Videos, marked current`, async () => {
          await resize(page, size);
          await page.goto(`${stage.api.url}/calls`);
          const button = page.getByTestId('nav-menu');
          await button.waitFor();
          assert.equal(await page.getByTestId('nav-videos').isVisible(), false, 'the inline links are hidden');
          assert.equal(await button.getAttribute('aria-label'), 'Menu');
          await expectNoSidewaysScroll(page, `toolbar (${size.width} px)`);
          await button.focus();
          await page.keyboard.press('Enter');
          await page.getByTestId('nav-menu-calls').waitFor();
          assert.equal(await page.getByTestId('nav-menu-calls').getAttribute('aria-current'), 'page');
          assert.equal(await page.getByTestId('nav-menu-videos').getAttribute('aria-current'), null);
          await expectAccessible(page, `menu open (${size.width} px)`);
          // Items in order: Lives, Go live, Videos — the first has the focus.
          await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'nav-menu-lives');
          await page.keyboard.press('ArrowDown');
          await page.keyboard.press('ArrowDown');
          await page.keyboard.press('Enter');
          await waitForPath(page, '/videos');
          await page.getByTestId('nav-menu-videos').waitFor({ state: 'detached' });
          await button.click();
          assert.equal(await page.getByTestId('nav-menu-videos').getAttribute('aria-current'), 'page');
          await page.keyboard.press('Escape');
          await page.getByTestId('nav-menu-videos').waitFor({ state: 'detached' });
        });
      }

      await step('screenshots at 390 px: the menu closed and open, in English and 简体中文', async () => {
        await resize(page, SIZES[1]);
        for (const lang of ['en', 'zh-CN'] as const) {
          await page.getByTestId('lang-switch').click();
          await page.getByTestId(`lang-option-${lang}`).click();
          await page.waitForFunction((l) => document.documentElement.lang === l, lang);
          await page.getByTestId(`lang-option-${lang}`).waitFor({ state: 'detached' });
          if (lang === 'zh-CN') assert.equal(await page.getByTestId('nav-menu').getAttribute('aria-label'), '菜单');
          await lookAt(page, 'menu-closed', [PHONE]);
          await page.getByTestId('nav-menu').click();
          await page.getByTestId('nav-menu-videos').waitFor();
          await lookAt(page, 'menu-open', [PHONE]);
          await page.keyboard.press('Escape');
          await page.getByTestId('nav-menu-videos').waitFor({ state: 'detached' });
        }
        await page.getByTestId('lang-switch').click();
        await page.getByTestId('lang-option-en').click();
      });

      await step('Tab through the toolbar and the catalog\'s filter form: every focused control shows a focus indicator', async () => {
        await resize(page, DESKTOP);
        await page.goto(`${stage.api.url}/videos`);
        await page.getByTestId('filter-apply').waitFor();
        const seen: string[] = [];
        let reachedForm = false;
        for (let i = 0; i < 20 && !reachedForm; i++) {
          await page.keyboard.press('Tab');
          const focus = await focusIndicator(page);
          seen.push(focus.what);
          assert.ok(focus.visible, `${focus.what} has a visible focus indicator (tabbed: ${seen.join(' → ')})`);
          reachedForm = focus.what.includes('filter-location');
        }
        for (const id of ['brand', 'lang-switch', 'nav-lives', 'nav-account', 'filter-search', 'filter-presenter', 'filter-location']) {
          assert.ok(seen.some((s) => s.includes(`=${id}]`)), `Tab reaches ${id} (${seen.join(' → ')})`);
        }
      });
    } catch (error) {
      throw stage.failure(error);
    }
  });

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  MEDIA_WAIT_MS, expectAccessible, expectNoSidewaysScroll, navigate, onlineEntry, openGuest, step, useStage, waitForFrames,
  waitForPath,
} from './harness';

// Every page at 1280×800, 390×844 and 360×740: axe-core finds nothing critical or serious and the page
// does not scroll sideways (login, register, home, the videos and a filed video, lives, go live, calls, a
// ringing call on both sides, account, API keys). On phones the toolbar's links sit behind a menu button
// (keyboard usable, the current page marked); keyboard focus is visible in the toolbar and in a form.
// With E2E_SCREENSHOTS=<dir>, the phone menu (closed and open, English and 简体中文) is saved there.

const stage = useStage();

const DESKTOP = { width: 1280, height: 800 };
const SIZES = [
  { width: 1280, height: 800, label: 'desktop' },
  { width: 390, height: 844, label: 'phone' },
  { width: 360, height: 740, label: 'small phone' },
] as const;
const SCREENSHOTS = process.env.E2E_SCREENSHOTS;
const CALL_PATH = /^\/call\/[0-9a-f-]{36}$/;

async function resize(page: Page, size: { width: number; height: number }): Promise<void> {
  await page.setViewportSize({ width: size.width, height: size.height });
  await page.waitForFunction((w) => innerWidth === w, size.width);
}

/** axe and sideways scrolling at each size; back to desktop after. */
async function look(page: Page, name: string): Promise<void> {
  for (const size of SIZES) {
    await resize(page, size);
    await expectNoSidewaysScroll(page, `${name} (${size.label})`);
    await expectAccessible(page, `${name} (${size.label})`);
  }
  await resize(page, DESKTOP);
}

async function screenshot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

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

test('every page passes axe and fits 1280, 390 and 360 px wide', { timeout: 240_000 }, async () => {
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
      await look(p, 'go live');
    });

    let videoId = '';
    await step('a short live is filed as a video', async () => {
      await p.getByTestId('live-title-input').fill('Accessible harbour');
      await p.getByTestId('go-live-submit').click();
      await p.waitForURL((u) => /^\/live\/[0-9a-f-]{36}$/.test(u.pathname), { timeout: MEDIA_WAIT_MS });
      await waitForFrames(p, 'presenter-video', 1);
      await p.waitForTimeout(5_000);
      await p.getByTestId('stop-live').click();
      const link = p.getByTestId('recording-link');
      await link.waitFor({ timeout: MEDIA_WAIT_MS });
      videoId = (await link.getAttribute('href'))!.split('/').pop()!;
    });

    await step('videos and a video', async () => {
      await navigate(p, 'videos');
      await waitForPath(p, '/videos');
      await p.locator(`[data-testid="video-card"][data-video-id="${videoId}"]`).waitFor();
      await look(p, 'videos');
      await p.goto(`${stage.api.url}/videos/${videoId}`);
      await p.getByTestId('video-title').waitFor();
      await look(p, 'video');
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
      await look(p, 'api keys');
    });

    await step('a ringing call: the caller\'s page and the callee\'s incoming prompt', async () => {
      await p.goto(`${stage.api.url}/`);
      await onlineEntry(p, bob).getByTestId('call-user').click();
      await p.waitForURL((u) => CALL_PATH.test(u.pathname), { timeout: MEDIA_WAIT_MS });
      await p.getByTestId('call-cancel').waitFor();
      await b.page.getByTestId('incoming-call').waitFor();
      await look(p, 'call (ringing)');
      await look(b.page, 'home (incoming call)');
      await p.getByTestId('call-cancel').click();
      await b.page.getByTestId('incoming-call').waitFor({ state: 'detached' });
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
          await screenshot(page, `menu-closed-${lang}`);
          await page.getByTestId('nav-menu').click();
          await page.getByTestId('nav-menu-videos').waitFor();
          await expectNoSidewaysScroll(page, `menu open, ${lang}`);
          await expectAccessible(page, `menu open, ${lang}`);
          await screenshot(page, `menu-open-${lang}`);
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

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { PASSWORD, WAIT_MS, expectAccessible, expectNoSidewaysScroll, step, uniqueNickname, useStage, waitForPath } from './harness';

// English and 简体中文: a first visit from a Chinese browser is in Chinese (login, register, home, the
// toolbar, a count in Chinese form, dates), the language menu switches to English and the choice
// outlives a reload; an English browser stays in English. Each Chinese page looked at is checked for
// raw message keys, sideways scrolling at 390 px and axe-core; with E2E_SCREENSHOTS=<dir> it is saved
// there as PNGs at 1280×800 and 390×844.

const stage = useStage();

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const SCREENSHOTS = process.env.E2E_SCREENSHOTS;

/** A message key shown instead of its text ("videos.count", "calls.history.title"). */
const RAW_KEY = /\b(app|language|auth|login|register|home|lives|live|media|videos|apiKeys|account|calls|errors)\.[a-zA-Z]+/;

async function look(page: Page, name: string): Promise<void> {
  for (const [size, label] of [[DESKTOP, 'desktop'], [PHONE, 'phone']] as const) {
    await page.setViewportSize(size);
    await page.waitForFunction((w) => innerWidth === w, size.width);
    const text = await page.locator('body').innerText();
    assert.doesNotMatch(text, RAW_KEY, `${name} (${label}): no raw message key`);
    await expectNoSidewaysScroll(page, `${name} (${label})`);
    await expectAccessible(page, `${name} (${label})`);
    if (SCREENSHOTS) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, `zh-${name}-${label}.png`), fullPage: label === 'phone' });
    }
  }
  await page.setViewportSize(DESKTOP);
}

async function htmlLang(page: Page): Promise<string | null> {
  return page.evaluate(() => document.documentElement.getAttribute('lang'));
}

test('a Chinese browser gets Chinese on its first visit; switching to English persists across a reload',
  { timeout: 180_000 }, async () => {
    const contexts: BrowserContext[] = [];
    const log: string[] = [];
    const open = async (locale: string): Promise<Page> => {
      const context = await stage.browser.newContext({ locale, viewport: DESKTOP });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(WAIT_MS);
      page.on('pageerror', (e) => log.push(`[${locale} pageerror] ${e.message}`));
      return page;
    };
    try {
      const page = await open('zh-CN');
      const nickname = uniqueNickname('xiaoming');

      await step('the login page of a first visit is in Chinese', async () => {
        await page.goto(`${stage.api.url}/`);
        await waitForPath(page, '/login');
        await page.locator('mat-card-title').getByText('登录', { exact: true }).waitFor();
        assert.equal((await page.getByTestId('login-submit').innerText()).trim(), '登录');
        assert.equal((await page.getByTestId('to-register').innerText()).trim(), '立即注册');
        assert.equal(await htmlLang(page), 'zh-CN');
        assert.equal(await page.getByTestId('lang-switch').innerText().then((t) => t.replace('▾', '').trim()), '简体中文');
        await look(page, 'login');
      });

      await step('a Chinese error: a wrong password', async () => {
        await page.getByTestId('login-nickname').fill('nobody_here');
        await page.getByTestId('login-password').fill('wrong password');
        await page.getByTestId('login-submit').click();
        await page.getByTestId('form-error').getByText('昵称或密码错误。').waitFor();
      });

      await step('registering and the home page are in Chinese', async () => {
        await page.getByTestId('to-register').click();
        await waitForPath(page, '/register');
        await page.locator('mat-card-title').getByText('注册账号', { exact: true }).waitFor();
        await look(page, 'register');
        await page.getByTestId('register-nickname').fill(nickname);
        await page.getByTestId('register-password').fill(PASSWORD);
        await page.getByTestId('register-submit').click();
        await waitForPath(page, '/');
        await page.getByTestId('signed-in-as').getByText(`已登录：${nickname}`).waitFor();
        await page.getByTestId('nav-lives').getByText('直播', { exact: true }).waitFor();
        await page.getByTestId('nav-go-live').getByText('开始直播').waitFor();
        await page.getByTestId('nav-calls').getByText('通话').waitFor();
        await look(page, 'home');
      });

      await step('the videos page counts in Chinese', async () => {
        await page.getByTestId('nav-videos').click();
        await waitForPath(page, '/videos');
        await page.getByRole('heading', { name: '视频' }).waitFor();
        const count = page.getByTestId('videos-count');
        await page.waitForFunction(() => document.querySelector('[data-testid="videos-count"]')?.textContent?.trim());
        assert.match((await count.innerText()).trim(), /^共 \d+ 个视频$/);
        await look(page, 'videos');
      });

      await step('the lives and calls pages are in Chinese', async () => {
        await page.getByTestId('nav-lives').click();
        await waitForPath(page, '/lives');
        await page.locator('mat-card-title').getByText('正在直播', { exact: true }).waitFor();
        await look(page, 'lives');
        await page.getByTestId('nav-calls').click();
        await waitForPath(page, '/calls');
        await page.getByRole('heading', { name: '通话' }).first().waitFor();
        await look(page, 'calls');
      });

      await step('the language menu switches to English, by keyboard', async () => {
        await page.getByTestId('nav-videos').click();
        await waitForPath(page, '/videos');
        await page.getByTestId('lang-switch').focus();
        await page.keyboard.press('Enter');
        await page.getByTestId('lang-option-en').waitFor();
        assert.equal(await page.getByTestId('lang-option-zh-CN').getAttribute('aria-checked'), 'true');
        // The menu opens on the current language (listed first); the next item is English.
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Enter');
        await page.getByRole('heading', { name: 'Videos' }).waitFor();
        assert.match((await page.getByTestId('videos-count').innerText()).trim(), /^\d+ videos?$/);
        assert.equal(await htmlLang(page), 'en');
      });

      await step('English outlives a reload (the Chinese browser language no longer decides)', async () => {
        await page.reload();
        await page.getByRole('heading', { name: 'Videos' }).waitFor();
        await page.getByTestId('nav-calls').getByText('Calls').waitFor();
        assert.equal(await htmlLang(page), 'en');
        assert.equal(await page.evaluate(() => localStorage.getItem('onair.lang')), 'en');
      });

      await step('an English browser gets English on its first visit', async () => {
        const en = await open('en-US');
        await en.goto(`${stage.api.url}/login`);
        await en.locator('mat-card-title').getByText('Sign in', { exact: true }).waitFor();
        assert.equal(await htmlLang(en), 'en');
      });
      assert.deepEqual(log, []);
    } catch (error) {
      throw stage.failure(new Error(`${(error as Error).message}\n${log.join('\n')}`, { cause: error }));
    } finally {
      await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    }
  });

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import {
  DESKTOP, MEDIA_WAIT_MS, PASSWORD, WAIT_MS, lookAt, navigate, onlineEntry, resize, step, uniqueNickname, useStage,
  waitForFrames, waitForPath, startLive, CALL_PATH,
} from './harness';

// English and 简体中文: a first visit from a Chinese browser is in Chinese (login, register, home, the
// toolbar, a count in Chinese form, dates), the language menu switches to English and the choice
// outlives a reload; an English browser stays in English. A whole flow in 简体中文 at 1280×800 and
// 390×844: going live, watching, chat, Stop and the recording, the video, a call, the account. Each
// Chinese page looked at is checked with lookAt (raw message keys, sideways scrolling, axe-core) and
// saved as screenshots with E2E_SCREENSHOTS=<dir>.

const stage = useStage();

async function htmlLang(page: Page): Promise<string | null> {
  return page.evaluate(() => document.documentElement.getAttribute('lang'));
}

test('a Chinese browser gets Chinese on its first visit; switching to English persists across a reload',
  { timeout: 180_000 }, async () => {
    const contexts: BrowserContext[] = [];
    const log: string[] = [];
    const open = async (locale: string): Promise<Page> => {
      const context = await stage.browser.newContext({ locale, viewport: { width: DESKTOP.width, height: DESKTOP.height } });
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
        await lookAt(page, 'login');
      });

      await step('a Chinese error: a wrong password', async () => {
        await page.getByTestId('login-nickname').fill('nobody_here');
        await page.getByTestId('login-password').fill('wrong password');
        await page.getByTestId('login-submit').click();
        await page.getByTestId('form-error').getByText('昵称或密码错误。').waitFor();
      });

      await step('registering (a refused nickname says why under it) and the home page are in Chinese', async () => {
        await page.getByTestId('to-register').click();
        await waitForPath(page, '/register');
        await page.locator('mat-card-title').getByText('注册账号', { exact: true }).waitFor();
        await lookAt(page, 'register');
        // A nickname the API refuses for what it hides (a zero-width space): said under the field, in Chinese.
        await page.getByTestId('register-nickname').fill('xiao\u200bming');
        await page.getByTestId('register-password').fill(PASSWORD);
        await page.getByTestId('register-submit').click();
        await page.locator('mat-error').getByText('昵称不能包含不可见字符或改变文字方向的字符').waitFor();
        await page.locator('[data-testid="form-error"][data-error-code="BAD_USER_INPUT"]').waitFor();
        await page.getByTestId('register-nickname').fill(nickname);
        await page.getByTestId('register-password').fill(PASSWORD);
        await page.getByTestId('register-submit').click();
        await waitForPath(page, '/');
        await page.getByTestId('signed-in-as').getByText(`已登录：${nickname}`).waitFor();
        await page.getByTestId('nav-lives').getByText('直播', { exact: true }).waitFor();
        await page.getByTestId('nav-go-live').getByText('开始直播').waitFor();
        await page.getByTestId('nav-calls').getByText('通话').waitFor();
        await lookAt(page, 'home');
      });

      await step('the videos page counts in Chinese', async () => {
        await page.getByTestId('nav-videos').click();
        await waitForPath(page, '/videos');
        await page.getByRole('heading', { name: '视频' }).waitFor();
        const count = page.getByTestId('videos-count');
        await page.waitForFunction(() => document.querySelector('[data-testid="videos-count"]')?.textContent?.trim());
        assert.match((await count.innerText()).trim(), /^共 \d+ 个视频$/);
        await lookAt(page, 'videos');
      });

      await step('the lives and calls pages are in Chinese', async () => {
        await page.getByTestId('nav-lives').click();
        await waitForPath(page, '/lives');
        await page.locator('mat-card-title').getByText('正在直播', { exact: true }).waitFor();
        await lookAt(page, 'lives');
        await page.getByTestId('nav-calls').click();
        await waitForPath(page, '/calls');
        await page.getByRole('heading', { name: '通话' }).first().waitFor();
        await lookAt(page, 'calls');
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

test('the whole product in 简体中文: go live, watch and chat, Stop and the recording, the video, a call, the account',
  { timeout: 300_000 }, async () => {
    const title = `港口日落 ${Date.now().toString(36)}`;
    try {
      const { guest: presenter, nickname: ming } = await stage.signUp('ming', { locale: 'zh-CN' });
      const { guest: viewer, nickname: hong } = await stage.signUp('hong', { locale: 'zh-CN' });
      const p = presenter.page;
      const v = viewer.page;
      let liveId = '';

      await step('going live in Chinese: the form, the camera preview, then the presenter\'s room', async () => {
        await navigate(p, 'go-live');
        await waitForPath(p, '/live/new');
        await p.getByRole('heading', { name: '开始直播' }).waitFor();
        await waitForFrames(p, 'camera-preview', 5);
        await lookAt(p, 'go-live');
        await p.getByTestId('go-live-submit').getByText('开始直播').waitFor();
        liveId = await startLive(p, title);
        await p.getByTestId('stop-live').getByText('结束直播').waitFor();
        await lookAt(p, 'presenter-live');
      });

      await step('the viewer finds it on the home page ("正在直播") and watches it', async () => {
        await resize(v, DESKTOP);
        await v.getByRole('heading', { name: '正在直播' }).waitFor();
        const item = v.locator(`[data-testid="home-lives"] [data-testid="lives-item"][data-live-id="${liveId}"]`);
        await item.getByText(title).waitFor();
        await item.getByText(`主播：${ming}`).waitFor();
        await lookAt(v, 'home-live');
        await item.click();
        await waitForPath(v, `/live/${liveId}`);
        await waitForFrames(v, 'viewer-video');
        await v.getByRole('heading', { name: title }).waitFor();
        await v.getByRole('button', { name: '全屏' }).waitFor();
        await lookAt(v, 'viewer-playing');
      });

      await step('chat in Chinese reaches the presenter; the presenter sees who joined', async () => {
        await v.getByTestId('chat-input').fill('你好，画面很清楚！');
        await v.getByTestId('chat-send').getByText('发送').click();
        await p.getByTestId('chat-message-text').getByText('你好，画面很清楚！').waitFor();
        await p.locator(`[data-testid="viewer-feed-item"][data-kind="joined"][data-nickname="${hong}"]`).getByText('加入了').waitFor();
        await lookAt(p, 'presenter-chat');
      });

      await step('Stop: "录像已保存" for the presenter, "直播已结束" and the recording for the viewer', async () => {
        await p.waitForTimeout(1500); // a recording long enough to keep
        await p.getByTestId('stop-live').click();
        await p.getByTestId('recording-saved').getByText('录像已保存').waitFor({ timeout: MEDIA_WAIT_MS });
        await p.getByTestId('live-ended-reason').getByText('你已结束直播。').waitFor();
        await lookAt(p, 'presenter-stopped');
        await v.getByTestId('live-ended').getByText('直播已结束').waitFor({ timeout: MEDIA_WAIT_MS });
        await v.getByTestId('live-ended-reason').getByText('主播已结束直播。').waitFor();
        await v.getByTestId('recording-link').getByText('观看录像').waitFor({ timeout: MEDIA_WAIT_MS });
        await lookAt(v, 'viewer-ended');
      });

      await step('the recording opens as a video that plays; the videos page lists it', async () => {
        await v.getByTestId('recording-link').click();
        await v.waitForURL((u) => /^\/videos\/[0-9a-f-]{36}$/.test(u.pathname));
        await v.getByTestId('video-title').getByText(title).waitFor();
        await v.getByTestId('video-back').getByText('返回视频列表').waitFor();
        await v.getByTestId('video-player').evaluate((video: HTMLVideoElement) => { video.muted = true; return video.play(); });
        await waitForFrames(v, 'video-player', 5);
        await lookAt(v, 'video');
        await navigate(v, 'videos');
        await waitForPath(v, '/videos');
        await v.locator('[data-testid="video-card"]').getByText(title).waitFor();
      });

      await step('a call in Chinese: 呼叫 from home, the incoming prompt, 接听, both see each other, 挂断', async () => {
        await v.getByTestId('brand').click();
        await waitForPath(v, '/');
        await onlineEntry(v, ming).getByTestId('call-user').click();
        await v.waitForURL((u) => CALL_PATH.test(u.pathname), { timeout: MEDIA_WAIT_MS });
        await v.getByText(`正在呼叫 ${ming}…`).waitFor();
        await lookAt(v, 'call-ringing');
        await p.getByTestId('incoming-call-title').getByText(`${hong} 正在呼叫你`).waitFor();
        await lookAt(p, 'incoming-call');
        await p.getByTestId('incoming-call-accept').getByText('接听').click();
        await p.waitForURL((u) => CALL_PATH.test(u.pathname), { timeout: MEDIA_WAIT_MS });
        for (const [page, other] of [[p, hong], [v, ming]] as const) {
          await page.getByTestId('call-with').getByText(`与 ${other} 通话`).waitFor({ timeout: MEDIA_WAIT_MS });
          await waitForFrames(page, 'call-remote-video', 5);
        }
        await lookAt(p, 'call');
        await v.getByTestId('call-hang-up').getByText('挂断').click();
        await v.getByText('你挂断了通话。').waitFor({ timeout: MEDIA_WAIT_MS });
        await p.getByText(`${hong} 挂断了通话。`).waitFor({ timeout: MEDIA_WAIT_MS });
        await lookAt(p, 'call-ended');
      });

      await step('the calls page lists the call; the account and API keys pages are in Chinese', async () => {
        await navigate(p, 'calls');
        await waitForPath(p, '/calls');
        await p.getByTestId('call-history-item').first().waitFor();
        await lookAt(p, 'calls-history');
        await navigate(p, 'account');
        await waitForPath(p, '/account');
        await p.getByRole('heading', { name: '账号' }).waitFor();
        await lookAt(p, 'account');
        await navigate(p, 'api-keys');
        await waitForPath(p, '/account/api-keys');
        await p.getByRole('heading', { name: 'API 密钥' }).waitFor();
        await lookAt(p, 'api-keys');
      });

      const errors = [...presenter.log, ...viewer.log].filter((line) => /pageerror|console\.error/.test(line));
      assert.deepEqual(errors, [], 'no page error or console error on either side');
    } catch (error) {
      throw stage.failure(error);
    }
  });

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { type Api, type Person, WAIT_MS, onlineEntry, openPerson, startApi, uniqueNickname, waitForPath, step, PASSWORD } from './harness';


let api: Api;
const people: Person[] = [];

before(async () => {
  api = await startApi();
});

after(async () => {
  await Promise.all(people.map((p) => p.browser.close()));
  await api?.stop();
});

async function register(page: Page, nickname: string, password = PASSWORD): Promise<void> {
  await page.getByTestId('register-nickname').fill(nickname);
  await page.getByTestId('register-password').fill(password);
  await page.getByTestId('register-submit').click();
}

async function login(page: Page, nickname: string, password: string): Promise<void> {
  await page.getByTestId('login-nickname').fill(nickname);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

async function expectSignedIn(page: Page, nickname: string): Promise<void> {
  await waitForPath(page, '/');
  await page.getByTestId('signed-in-as').getByText(`Signed in as ${nickname}`, { exact: true }).waitFor();
}


async function expectError(page: Page, code: string): Promise<void> {
  await page.locator(`[data-testid="form-error"][data-error-code="${code}"]`).waitFor();
}

test('two browsers register, see each other online, log out and in, and see a closed browser go offline',
  { timeout: 180_000 }, async () => {
    const alice = uniqueNickname('alice');
    const bob = uniqueNickname('bob');
    const a = await openPerson('A');
    people.push(a);
    const b = await openPerson('B');
    people.push(b);
    try {
      await step('A is sent to /login, follows the link and registers', async () => {
        await a.page.goto(`${api.url}/`);
        await waitForPath(a.page, '/login');
        await a.page.getByTestId('to-register').click();
        await waitForPath(a.page, '/register');
        await register(a.page, alice);
        await expectSignedIn(a.page, alice);
        await onlineEntry(a.page, alice).waitFor();
        const token = await a.page.evaluate(() => localStorage.getItem('onair.token'));
        assert.ok(token, 'the session token is kept in localStorage "onair.token"');
      });

      await step('B opens /register directly, is refused a taken nickname, then registers', async () => {
        await b.page.goto(`${api.url}/register`);
        await register(b.page, alice.toUpperCase());
        await expectError(b.page, 'NICKNAME_TAKEN');
        await register(b.page, bob);
        await expectSignedIn(b.page, bob);
      });

      await step('each sees the other online', async () => {
        await onlineEntry(a.page, bob).waitFor();
        await onlineEntry(b.page, alice).waitFor();
        await onlineEntry(b.page, bob).waitFor();
      });

      await step('A logs out: back on /login, token dropped, B sees A go offline', async () => {
        await a.page.getByTestId('logout').click();
        await waitForPath(a.page, '/login');
        assert.equal(await a.page.evaluate(() => localStorage.getItem('onair.token')), null);
        await onlineEntry(b.page, alice).waitFor({ state: 'detached' });
        await a.page.goto(`${api.url}/`);
        await waitForPath(a.page, '/login');
      });

      await step('A logs in through the login page (after a wrong password) and both see each other again',
        async () => {
          await login(a.page, alice, 'wrong password!');
          await expectError(a.page, 'INVALID_CREDENTIALS');
          await login(a.page, alice, PASSWORD);
          await expectSignedIn(a.page, alice);
          await onlineEntry(a.page, bob).waitFor();
          await onlineEntry(b.page, alice).waitFor();
        });

      await step('a reload keeps A signed in', async () => {
        await a.page.reload();
        await expectSignedIn(a.page, alice);
        await onlineEntry(a.page, bob).waitFor();
      });

      await step('logging out in one tab ends the session in the other (socket closed with 4401)', async () => {
        const second = await a.browser.context.newPage();
        second.setDefaultTimeout(WAIT_MS);
        await second.goto(`${api.url}/`);
        await expectSignedIn(second, alice);
        await second.getByTestId('realtime-state').and(second.locator('[data-state="online"]')).waitFor();
        await a.page.getByTestId('logout').click();
        await waitForPath(a.page, '/login');
        await waitForPath(second, '/login');
        await onlineEntry(b.page, alice).waitFor({ state: 'detached' });
        await second.close();
        await login(a.page, alice, PASSWORD);
        await expectSignedIn(a.page, alice);
        await onlineEntry(b.page, alice).waitFor();
      });

      await step('B closes the browser and A sees B go offline', async () => {
        await onlineEntry(a.page, bob).waitFor();
        await b.browser.close();
        await onlineEntry(a.page, bob).waitFor({ state: 'detached', timeout: WAIT_MS });
        await onlineEntry(a.page, alice).waitFor();
      });
    } catch (error) {
      const logs = people.flatMap((p) => p.log).join('\n');
      throw new Error(`${(error as Error).message}\n--- browser console ---\n${logs}\n--- api output ---\n${api.output()}`,
        { cause: error });
    }
  });

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { PASSWORD, expectAccessible, expectNoSidewaysScroll, openGuest, step, useStage, waitForPath } from './harness';

const stage = useStage();

const NEW_PASSWORD = 'a brand new passphrase';
const AVATAR_URL = 'https://avatars.example.com/people/mei.svg';
const AVATAR_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="#c2185b"/></svg>';

/** No picture leaves the machine: the avatar host answers from here, any other https address fails. */
async function servePictures(context: BrowserContext): Promise<void> {
  await context.route(/^https:\/\//, (route) => (route.request().url() === AVATAR_URL
    ? route.fulfill({ status: 200, contentType: 'image/svg+xml', body: AVATAR_SVG })
    : route.abort()));
}

async function signIn(page: Page, nickname: string, password: string): Promise<void> {
  await page.goto(`${stage.api.url}/login`);
  await page.getByTestId('login-nickname').fill(nickname);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

const storedToken = (page: Page) => page.evaluate(() => localStorage.getItem('onair.token'));

/** The preview shows a picture that loaded (not the initial). */
async function waitForLoadedAvatar(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>('[data-testid="avatar-preview-img"]');
    return !!img && img.complete && img.naturalWidth > 0;
  });
}

/** Waits until the element with this test id has the keyboard focus. */
async function waitForFocus(page: Page, testId: string): Promise<void> {
  await page.waitForFunction((id) => document.activeElement?.getAttribute('data-testid') === id, testId);
}

/** The harness's axe check, once Material has faded error texts in (their contrast is measured as shown). */
async function expectSettledAccessible(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(500);
  await expectAccessible(page, name);
}

test('account: change the avatar and see it, change the password (other devices signed out), sign out everywhere',
  { timeout: 180_000 }, async () => {
    try {
      const { guest: owner, nickname } = await stage.signUp('acct');
      const page = owner.page;
      await servePictures(owner.context);

      await step('the toolbar leads to /account, which shows the nickname and no picture yet', async () => {
        await page.getByTestId('nav-account').click();
        await waitForPath(page, '/account');
        assert.equal((await page.getByTestId('account-nickname').textContent())?.trim(), nickname);
        await page.locator('[data-testid="avatar-preview"][data-state="none"]').waitFor();
        assert.equal(await page.getByTestId('account-avatar-remove').count(), 0);
      });

      await step('a local address, which only the API can tell, is refused under the field in the app\'s words', async () => {
        await page.getByTestId('account-avatar-url').fill('https://localhost/me.png');
        const refusal = page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('localhost/me.png'));
        await page.getByTestId('account-avatar-save').click();
        const body = await (await refusal).json() as { errors?: { extensions?: { code?: string; field?: string } }[] };
        assert.deepEqual([body.errors?.[0]?.extensions?.code, body.errors?.[0]?.extensions?.field], ['BAD_USER_INPUT', 'avatarUrl']);
        await page.getByTestId('account-avatar-error').getByText('Enter the public https:// address of a picture').waitFor();
        assert.equal(await page.getByTestId('account-profile-saved').count(), 0, 'nothing saved');
        assert.equal(await page.getByTestId('form-error').count(), 0, 'the refusal is shown at the field, not as a form error');
      });

      await step('a public https picture is saved and shown, also after a reload', async () => {
        await page.getByTestId('account-avatar-url').fill(AVATAR_URL);
        await page.getByTestId('account-avatar-save').click();
        await page.getByTestId('account-profile-saved').waitFor();
        await waitForLoadedAvatar(page);
        await page.reload();
        await waitForLoadedAvatar(page);
        assert.equal(await page.getByTestId('account-avatar-url').inputValue(), AVATAR_URL);
        assert.equal(await page.getByTestId('avatar-preview-img').getAttribute('src'), AVATAR_URL);
        await expectSettledAccessible(page, 'account');
      });

      await step('the picture can be removed', async () => {
        await page.getByTestId('account-avatar-remove').click();
        await page.getByTestId('account-profile-saved').waitFor();
        await page.locator('[data-testid="avatar-preview"][data-state="none"]').waitFor();
        assert.equal(await page.getByTestId('account-avatar-url').inputValue(), '');
        await page.getByTestId('account-avatar-url').fill(AVATAR_URL);
        await page.getByTestId('account-avatar-save').click();
        await waitForLoadedAvatar(page);
      });

      const other = await openGuest(stage.browser, 'acct-other-device');
      stage.guests.push(other);
      await step('the same person signs in on another device', async () => {
        await signIn(other.page, nickname, PASSWORD);
        await waitForPath(other.page, '/');
        await other.page.getByTestId('realtime-state').and(other.page.locator('[data-state="online"]')).waitFor();
      });

      await step('the password form says what is wrong, in words', async () => {
        await page.getByTestId('account-password-submit').click();
        await page.getByTestId('account-password').getByText('Enter your current password').waitFor();
        await page.getByTestId('account-current-password').fill('not my password');
        await page.getByTestId('account-new-password').fill('short');
        await page.getByTestId('account-confirm-password').fill('shorter');
        await page.getByTestId('account-password').getByText('A password has 8 to 256 characters').waitFor();
        await page.getByTestId('account-password').getByText('The two new passwords are not the same').waitFor();
        await page.getByTestId('account-new-password').fill(NEW_PASSWORD);
        await page.getByTestId('account-confirm-password').fill(NEW_PASSWORD);
        await page.getByTestId('account-password-submit').click();
        await page.getByTestId('account-password').getByText('This is not your current password.').waitFor();
        assert.equal(await other.page.evaluate(() => location.pathname), '/', 'a refused change signs nobody out');
        await expectSettledAccessible(page, 'account');
      });

      await step('the password is changed: the other device is signed out, this one stays', async () => {
        await page.getByTestId('account-current-password').fill(PASSWORD);
        await page.getByTestId('account-password-submit').click();
        await page.getByTestId('account-password-changed').waitFor();
        await waitForPath(other.page, '/login');
        assert.equal(await storedToken(other.page), null);
        assert.equal(await page.getByTestId('account-current-password').inputValue(), '', 'the form is emptied');
        await page.reload();
        await page.getByTestId('account-profile').waitFor();
        await waitForPath(page, '/account');
      });

      const fresh = await openGuest(stage.browser, 'acct-fresh');
      stage.guests.push(fresh);
      await step('in a fresh browser the old password is refused and the new one signs in', async () => {
        await signIn(fresh.page, nickname, PASSWORD);
        await fresh.page.locator('[data-testid="form-error"][data-error-code="INVALID_CREDENTIALS"]').waitFor();
        await fresh.page.getByTestId('login-password').fill(NEW_PASSWORD);
        await fresh.page.getByTestId('login-submit').click();
        await waitForPath(fresh.page, '/');
        await fresh.page.getByTestId('realtime-state').and(fresh.page.locator('[data-state="online"]')).waitFor();
      });

      await step('the page fits a phone (390 px) without scrolling sideways, and axe finds nothing serious there', async () => {
        await page.setViewportSize({ width: 390, height: 844 });
        await page.getByTestId('account-sessions').scrollIntoViewIfNeeded();
        await expectNoSidewaysScroll(page, 'account');
        await page.getByTestId('sign-out-everywhere').click();
        await expectSettledAccessible(page, 'account (phone)');
        await page.getByTestId('sign-out-everywhere-cancel').click();
      });

      await step('sign out everywhere asks first (Escape takes it back), then signs out this device and the other one', async () => {
        await page.getByTestId('sign-out-everywhere').focus();
        await page.keyboard.press('Enter');
        await waitForFocus(page, 'sign-out-everywhere-confirm'); // the confirmation takes the focus
        await page.keyboard.press('Escape');
        await page.getByTestId('sign-out-everywhere-confirmation').waitFor({ state: 'detached' });
        await waitForFocus(page, 'sign-out-everywhere'); // and gives it back
        assert.equal(await storedToken(page) !== null, true, 'nothing happened');
        await page.keyboard.press('Enter');
        await waitForFocus(page, 'sign-out-everywhere-confirm');
        await page.keyboard.press('Enter');
        await waitForPath(page, '/login');
        await waitForPath(fresh.page, '/login');
        assert.equal(await storedToken(page), null);
        assert.equal(await storedToken(fresh.page), null);
        await fresh.page.goto(`${stage.api.url}/account`);
        await waitForPath(fresh.page, '/login');
      });
    } catch (error) {
      throw stage.failure(error);
    }
  });

import { AxeBuilder } from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { freePort, launchChromium, launchChromiumBrowser, spawnManaged, waitUntilHealthy, type Chromium, type Managed } from '@onair/testing';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

/** The repository root (this file runs from client/e2e/dist). */
export const ROOT = resolve(__dirname, '../../..');
export const CLIENT_DIST = join(ROOT, 'client/dist/client/browser');
/** Upper bound for any single UI expectation. */
export const WAIT_MS = 15_000;

/** Upper bound for each media wait (media can take a few seconds on a loaded machine). */
export const MEDIA_WAIT_MS = 20_000;

/** Waits until the video element with this test id has decoded more than `min` frames; returns how many. */
export async function waitForFrames(page: Page, testId: string, min = 10): Promise<number> {
  const handle = await page.waitForFunction(([id, least]) => {
    const video = document.querySelector<HTMLVideoElement>(`video[data-testid="${id}"]`);
    const frames = video?.getVideoPlaybackQuality().totalVideoFrames ?? 0;
    return frames > least ? frames : false;
  }, [testId, min] as const, { timeout: MEDIA_WAIT_MS, polling: 250 });
  return (await handle.jsonValue()) as number;
}

/** A call's page: /call/<id>. */
export const CALL_PATH = /^\/call\/[0-9a-f-]{36}$/;

/**
 * On /live/new: goes live with `title`, and resolves with the live's id once the presenter's page is
 * the live's and its looped-back picture has decoded more than `minFrames` frames.
 */
export async function startLive(page: Page, title: string, minFrames = 10): Promise<string> {
  await page.getByTestId('live-title-input').fill(title);
  await page.getByTestId('go-live-submit').click();
  await page.waitForURL((u) => /^\/live\/[0-9a-f-]{36}$/.test(u.pathname), { timeout: MEDIA_WAIT_MS });
  await waitForFrames(page, 'presenter-video', minFrames);
  return new URL(page.url()).pathname.split('/').pop()!;
}

/**
 * The player was stopped cleanly: no source, nothing playing. With `orRemoved`, a player that is gone
 * with its page or room counts as stopped too.
 */
export async function waitForStoppedVideo(page: Page, testId: string, { orRemoved = false } = {}): Promise<void> {
  await page.waitForFunction(([id, removedIsStopped]) => {
    const video = document.querySelector<HTMLVideoElement>(`video[data-testid="${id}"]`);
    return video ? video.srcObject === null && video.paused : removedIsStopped;
  }, [testId, orRemoved] as const, { timeout: MEDIA_WAIT_MS, polling: 250 });
}

/** The api runs with this HEALTHZ_TOKEN, so the suites can read /healthz's details. */
const HEALTHZ_TOKEN = 'e2e-healthz-token-0123456789';

/** Media objects alive on the api's embedded media server (/healthz with the token). */
export async function mediaObjects(api: Api): Promise<number | undefined> {
  const health = await fetch(`${api.url}/healthz`, { headers: { authorization: `Bearer ${HEALTHZ_TOKEN}` }, signal: AbortSignal.timeout(5_000) })
    .then((r) => r.json() as Promise<{ mediaServer?: { objects?: number } }>);
  return health.mediaServer?.objects;
}

/** Waits (up to timeoutMs) until the api's media server holds no media object: nothing leaked. */
export async function expectNoMediaObjects(api: Api, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let objects = await mediaObjects(api);
  while (objects !== 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    objects = await mediaObjects(api);
  }
  assert.equal(objects, 0, 'healthz mediaServer.objects is back to 0');
}

export interface Api {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts the built api in embedded mode, serving the built client, on a free port. */
export async function startApi(): Promise<Api> {
  const main = join(ROOT, 'api/dist/src/main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: build the api first (npm run build -w api)`);
  if (!existsSync(join(CLIENT_DIST, 'index.html'))) {
    throw new Error(`${CLIENT_DIST}/index.html is missing: build the client first (npm run build -w client)`);
  }
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'onair-e2e-'));
  const api: Managed = spawnManaged(process.execPath, [main], {
    cwd: ROOT,
    // Every user of a suite signs up from 127.0.0.1: the per-address sign-up limit is raised.
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, CLIENT_DIST, REGISTER_RATE_LIMIT: '100000', HEALTHZ_TOKEN,
      // The call history test seeds many calls to one person.
      CALL_RATE_LIMIT: '100000', CALL_SAME_PERSON_RATE_LIMIT: '100000',
      // A closed presenter tab ends its live after this grace period (a reload within it resumes the live).
      LIVE_RECONNECT_GRACE_SECONDS: '6' },
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await api.stop(10_000);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilHealthy(api, `${url}/healthz`, 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, output: api.output, stop };
}

/** One person: their own Chromium, with the browser console kept for failure reports. */
export interface Person {
  name: string;
  browser: Chromium;
  page: Page;
  log: string[];
}

export async function openPerson(name: string): Promise<Person> {
  const browser = await launchChromium();
  const page = await browser.context.newPage();
  const log: string[] = [];
  page.on('console', (m) => log.push(`[${name} console.${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => log.push(`[${name} pageerror] ${e.message}`));
  page.setDefaultTimeout(WAIT_MS);
  return { name, browser, page, log };
}

/** One person in a shared browser: their own context (storage, cookies), camera and microphone allowed. */
export interface Guest {
  name: string;
  context: BrowserContext;
  page: Page;
  log: string[];
}

/** How a person's browser is set up: its language (the app's first choice comes from it). */
export interface GuestOptions {
  locale?: string;
}

export async function openGuest(browser: Browser, name: string, { locale = 'en-US' }: GuestOptions = {}): Promise<Guest> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'], locale });
  const page = await context.newPage();
  const log: string[] = [];
  page.on('console', (m) => {
    if (m.type() !== 'debug') log.push(`[${name} console.${m.type()}] ${m.text()}`);
  });
  page.on('pageerror', (e) => log.push(`[${name} pageerror] ${e.message}`));
  page.setDefaultTimeout(WAIT_MS);
  return { name, context, page, log };
}

/** The entry of the online list whose nickname is exactly `nickname`. */
export function onlineEntry(page: Page, nickname: string): Locator {
  return page.getByTestId('online-user').filter({
    has: page.getByTestId('online-user-nickname').getByText(nickname, { exact: true }),
  });
}

/** axe-core finds nothing critical or serious on the page as it is now (`name` says where, in the failure). */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const severe = violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
  assert.deepEqual(severe.map((v) => `${name}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
}

/** The page does not scroll sideways at its current width; a failure names the elements sticking out. */
export async function expectNoSidewaysScroll(page: Page, name: string): Promise<void> {
  const overflow = await page.evaluate(() => {
    const by = document.documentElement.scrollWidth - document.documentElement.clientWidth;
    const wide = Array.from(document.querySelectorAll('body *')).filter((e) => e.getBoundingClientRect().right > innerWidth + 0.5)
      .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${Array.from(e.classList).join('.')}`);
    return { by, wide };
  });
  assert.ok(overflow.by <= 0, `${name}: no horizontal scrolling at ${page.viewportSize()?.width} px (the page is ${overflow.by} px `
    + `too wide: ${overflow.wide.join(', ')})`);
}

/**
 * Goes to a signed-in section through the toolbar: its link on a wide screen, the menu button then its
 * item on a phone (≤ 720 px), where the links sit in a menu.
 */
export async function navigate(page: Page, id: string): Promise<void> {
  if ((page.viewportSize()?.width ?? 1280) <= 720) {
    await page.getByTestId('nav-menu').click();
    await page.getByTestId(`nav-menu-${id}`).click();
  } else {
    await page.getByTestId(`nav-${id}`).click();
  }
}

export interface Size {
  width: number;
  height: number;
  label: string;
}
export const DESKTOP: Size = { width: 1280, height: 800, label: 'desktop' };
export const PHONE: Size = { width: 390, height: 844, label: 'phone' };
export const SMALL_PHONE: Size = { width: 360, height: 740, label: 'small-phone' };

/** Resizes the page's viewport and waits until the page has the new width. */
export async function resize(page: Page, size: { width: number; height: number }): Promise<void> {
  await page.setViewportSize({ width: size.width, height: size.height });
  await page.waitForFunction((w) => innerWidth === w, size.width);
}

/** A message key shown instead of its text ("videos.count", "calls.history.title"). */
const RAW_MESSAGE_KEY = /\b(app|language|auth|login|register|home|lives|live|media|videos|apiKeys|account|calls|errors)\.[a-zA-Z]+/;

/** Where `lookAt` saves screenshots (npm test sets it; unset, none are taken). */
const SCREENSHOTS = process.env['E2E_SCREENSHOTS'];

/**
 * Looks at the page as it is now, at each size: no sideways scrolling, nothing critical or serious
 * for axe-core, no raw message key in its text, one main heading (h1). With E2E_SCREENSHOTS=<dir>, the desktop and phone
 * views are saved there as `<language>-<name>-<size>.png` (the phone's whole page). The page gets
 * its size back after.
 */
export async function lookAt(page: Page, name: string, sizes: readonly Size[] = [DESKTOP, PHONE]): Promise<void> {
  const before = page.viewportSize() ?? DESKTOP;
  for (const size of sizes) {
    const where = `${name} (${size.label})`;
    await resize(page, size);
    assert.doesNotMatch(await page.locator('body').innerText(), RAW_MESSAGE_KEY, `${where}: no raw message key`);
    assert.equal(await page.locator('h1').count(), 1, `${where}: one main heading (h1)`);
    await expectNoSidewaysScroll(page, where);
    await expectAccessible(page, where);
    if (SCREENSHOTS && size !== SMALL_PHONE) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      const lang = await page.evaluate(() => document.documentElement.lang || 'en');
      await page.screenshot({ path: join(SCREENSHOTS, `${lang}-${name}-${size.label}.png`), fullPage: size === PHONE });
    }
  }
  await resize(page, before);
}

/** An init script (context.addInitScript): every RTCPeerConnection the page creates is kept in window.peerConnections. */
export function keepPeerConnections(): void {
  const Native = window.RTCPeerConnection;
  const kept: RTCPeerConnection[] = [];
  Object.assign(window, { peerConnections: kept });
  window.RTCPeerConnection = class extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      kept.push(this);
    }
  };
}

/** The tracks the page's connected peer connections send (it must run keepPeerConnections). */
export function sentTracks(page: Page): Promise<{ kind: string; label: string; enabled: boolean }[]> {
  return page.evaluate(() => (window as unknown as { peerConnections: RTCPeerConnection[] }).peerConnections
    .filter((pc) => pc.connectionState === 'connected')
    .flatMap((pc) => pc.getSenders().flatMap((s) => (s.track ? [{ kind: s.track.kind, label: s.track.label, enabled: s.track.enabled }] : []))));
}

/** Waits until the page's path is `path`. */
export async function waitForPath(page: Page, path: string): Promise<void> {
  await page.waitForURL((u) => u.pathname === path, { timeout: WAIT_MS });
}

export function uniqueNickname(prefix: string): string {
  return `${prefix}_${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 100)}`;
}

export const PASSWORD = 'correct horse battery';

/** Runs one step of a scenario; a failure names the step and stops the scenario. */
export async function step(name: string, body: () => Promise<void>): Promise<void> {
  const started = Date.now();
  try {
    await body();
  } catch (error) {
    throw new Error(`step "${name}" failed: ${(error as Error).message}`, { cause: error });
  }
  console.log(`ok - ${name} (${Date.now() - started} ms)`);
}

/** A new person in `browser` who registers a unique nickname (from `name`) and lands on the home page. */
export async function registerGuest(browser: Browser, url: string, name: string, options: GuestOptions = {}):
  Promise<{ guest: Guest; nickname: string }> {
  const guest = await openGuest(browser, name, options);
  const nickname = uniqueNickname(name);
  await guest.page.goto(`${url}/register`);
  await guest.page.getByTestId('register-nickname').fill(nickname);
  await guest.page.getByTestId('register-password').fill(PASSWORD);
  await guest.page.getByTestId('register-submit').click();
  await waitForPath(guest.page, '/');
  return { guest, nickname };
}

/** The api process and one shared Chromium of a test file, and the people signed up in it. */
export interface Stage {
  api: Api;
  browser: Browser;
  guests: Guest[];
  /** A new person who registers (see registerGuest), kept for failure reports. */
  signUp(name: string, options?: GuestOptions): Promise<{ guest: Guest; nickname: string }>;
  /** `error` with every guest's browser console and the api's output appended. */
  failure(error: unknown): Error;
}

/** Starts the api and Chromium before the file's tests and stops them after (call at the top level). */
export function useStage(): Stage {
  const stage: Stage = {
    api: undefined as unknown as Api,
    browser: undefined as unknown as Browser,
    guests: [],
    async signUp(name, options) {
      const registered = await registerGuest(stage.browser, stage.api.url, name, options);
      stage.guests.push(registered.guest);
      return registered;
    },
    failure(error) {
      const logs = stage.guests.flatMap((g) => g.log).join('\n');
      return new Error(`${(error as Error).message}\n--- browser console ---\n${logs}\n--- api output ---\n${stage.api.output()}`,
        { cause: error });
    },
  };
  before(async () => {
    stage.api = await startApi();
    stage.browser = await launchChromiumBrowser();
  });
  after(async () => {
    await stage.browser?.close().catch(() => undefined);
    await stage.api?.stop();
  });
  return stage;
}

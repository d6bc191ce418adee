import { waitForPort } from '@onair/testing';
// kurento-client has no type definitions; tests treat its objects as dynamic.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const kurento = require('kurento-client');

/* eslint-disable @typescript-eslint/no-explicit-any */
export type KObject = any;
export type KClient = any;

export const DEFAULT_TIMEOUT = 10_000;

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Connects kurento-client the way the api does: one frame per request (objectMode), the
 * socket probed first (a refused connection is never reported by kurento-client).
 */
export async function connectClient(url: string, options: Record<string, unknown> = {}): Promise<KClient> {
  const { hostname, port } = new URL(url);
  await waitForPort(Number(port), hostname, 5_000);
  return withTimeout(new Promise<KClient>((resolve, reject) => {
    kurento(url, { socket: { objectMode: true }, request_timeout: 8_000, response_timeout: 1_000, duplicates_timeout: 1_000, ...options },
      (error: Error | null, client: KClient) => (error ? reject(error) : resolve(client)));
  }), DEFAULT_TIMEOUT, `kurento-client connect to ${url}`);
}

/** Calls a callback-style kurento-client method and returns its result as a promise. */
export function call<T = any>(target: KObject, method: string, ...args: unknown[]): Promise<T> {
  return withTimeout(new Promise<T>((resolve, reject) => {
    target[method](...args, (error: Error | null, result: T) => (error ? reject(error) : resolve(result)));
  }), DEFAULT_TIMEOUT, `${method}()`);
}

/** Creates an object in a client or pipeline (callback style). */
export function create(host: KObject, type: string, params: Record<string, unknown> = {}): Promise<KObject> {
  return call(host, 'create', type, params);
}

/** Resolves with the next event of `type` matching `predicate`. */
export function nextEvent<T = any>(target: KObject, type: string, predicate: (e: T) => boolean = () => true,
  timeoutMs = DEFAULT_TIMEOUT): Promise<T> {
  let listener: (e: T) => void;
  return withTimeout(new Promise<T>((resolve) => {
    listener = (e: T) => { if (predicate(e)) resolve(e); };
    target.on(type, listener);
  }), timeoutMs, `event ${type}`).finally(() => target.removeListener(type, listener));
}

/** Collects every event of `type` into an array (for asserting what arrived). */
export function collect<T = any>(target: KObject, type: string): T[] {
  const events: T[] = [];
  target.on(type, (e: T) => events.push(e));
  return events;
}

export function closeClient(client: KClient | undefined): void {
  try { client?.close(); } catch { /* already closed */ }
}

/** Waits until `check` is true, polling. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const getComplexType = (name: string) => kurento.getComplexType(name);

import type Redis from 'ioredis';
import type { TypedEventTarget } from '@graphql-yoga/typed-event-target';

type Listener = ((event: CustomEvent) => void) | { handleEvent(event: CustomEvent): void };

/**
 * An EventTarget whose events travel through Redis pub/sub, so every api node sees every
 * event. Payloads travel as JSON (dates become ISO strings).
 */
export class RedisEventTarget implements TypedEventTarget<CustomEvent> {
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    /** Redis failures of subscribe/publish (e.g. after shutdown closed the connection) land here, never unhandled. */
    private readonly onError: (error: Error) => void = () => undefined,
    private readonly prefix = 'onair:topic:',
  ) {
    subscriber.on('message', (channel: string, message: string) => {
      const listeners = this.listeners.get(channel.slice(this.prefix.length));
      if (!listeners) return;
      const event = new CustomEvent(channel.slice(this.prefix.length), { detail: JSON.parse(message) });
      for (const listener of listeners) {
        if (typeof listener === 'function') listener(event);
        else listener.handleEvent(event);
      }
    });
  }

  addEventListener(type: string, listener: Listener | null): void {
    if (!listener) return;
    let set = this.listeners.get(type);
    if (!set) {
      set = new Set();
      this.listeners.set(type, set);
      this.subscriber.subscribe(this.prefix + type).catch(this.onError);
    }
    set.add(listener);
  }

  removeEventListener(type: string, listener: Listener | null): void {
    const set = this.listeners.get(type);
    if (!set || !listener) return;
    set.delete(listener);
    if (set.size === 0) {
      this.listeners.delete(type);
      this.subscriber.unsubscribe(this.prefix + type).catch(this.onError);
    }
  }

  dispatchEvent(event: CustomEvent): boolean {
    this.publisher.publish(this.prefix + event.type, JSON.stringify(event.detail ?? null)).catch(this.onError);
    return true;
  }
}

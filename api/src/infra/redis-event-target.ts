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
      void this.subscriber.subscribe(this.prefix + type);
    }
    set.add(listener);
  }

  removeEventListener(type: string, listener: Listener | null): void {
    const set = this.listeners.get(type);
    if (!set || !listener) return;
    set.delete(listener);
    if (set.size === 0) {
      this.listeners.delete(type);
      void this.subscriber.unsubscribe(this.prefix + type);
    }
  }

  dispatchEvent(event: CustomEvent): boolean {
    void this.publisher.publish(this.prefix + event.type, JSON.stringify(event.detail ?? null));
    return true;
  }
}

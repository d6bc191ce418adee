/** A callback map: event (an enum member) → listener signature. */
export type EventMap<M> = { [E in keyof M]: (...args: never[]) => void };

/** A minimal typed event emitter: events are enum members, listeners are checked against the map. */
export class TypedEmitter<M extends EventMap<M>> {
  private readonly listeners = new Map<keyof M, Set<M[keyof M]>>();

  /** Adds a listener; returns the function that removes it. */
  on<E extends keyof M>(event: E, listener: M[E]): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => this.off(event, listener);
  }

  off<E extends keyof M>(event: E, listener: M[E]): void {
    this.listeners.get(event)?.delete(listener);
  }

  emit<E extends keyof M>(event: E, ...args: Parameters<M[E]>): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        (listener as (...a: Parameters<M[E]>) => void)(...args);
      } catch (error) {
        console.error(`OnAir: a "${String(event)}" listener failed`, error);
      }
    }
  }

  removeAll(): void {
    this.listeners.clear();
  }
}

import { describe, expect, it, vi } from 'vitest';
import { TypedEmitter } from './typed-emitter';

enum Ev { A = 'a' }
interface Map { [Ev.A]: (n: number) => void }

describe('TypedEmitter', () => {
  it('calls listeners until they are removed', () => {
    const emitter = new TypedEmitter<Map>();
    const listener = vi.fn();
    const off = emitter.on(Ev.A, listener);
    emitter.emit(Ev.A, 1);
    off();
    emitter.emit(Ev.A, 2);
    expect(listener.mock.calls).toEqual([[1]]);
  });
});

import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { NEVER, Observable, Subject, of, throwError } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RealtimeService } from '../apollo/realtime.service';
import { liveList } from './live-list';

interface Item { id: string; name: string }

describe('liveList: a snapshot kept current by a subscription', () => {
  let snapshots: (() => Observable<readonly Item[]>)[];

  beforeEach(() => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    snapshots = [];
    TestBed.configureTestingModule({
      providers: [{ provide: RealtimeService, useValue: { state: signal('online'), connected$: new Subject() } }],
    });
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    vi.restoreAllMocks();
  });

  const create = () => TestBed.runInInjectionContext(() => liveList<Item, Item>({
    snapshot: () => snapshots.shift()!(),
    changes: () => NEVER,
    apply: (items, change) => { items.set(change.id, change); },
    updatesStoppedMessage: 'stopped',
    loadFailedMessage: 'failed',
  }));

  it('a snapshot that fails says so (failed) instead of loading forever, and retry() loads it again', () => {
    snapshots.push(() => throwError(() => new Error('network down')), () => of([{ id: 'a', name: 'Ada' }]));
    const list = create();
    list.start();
    expect(list.loaded()).toBe(false);
    expect(list.failed()).toBe(true);
    list.retry();
    expect(list.failed()).toBe(false);
    expect(list.loaded()).toBe(true);
    expect([...list.byId().values()]).toEqual([{ id: 'a', name: 'Ada' }]);
  });
});

import { ComponentFixture, TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import en from '../../../../i18n/en.json';
import { CatalogQuery, EMPTY_QUERY, queryFromParams, queryToParams } from '../catalog-query';
import { VideoFiltersForm } from './video-filters-form';

/** A datetime-local value as the instant it names in this machine's time zone (what the form sends). */
const instant = (local: string) => new Date(local).toISOString();
const words = en.videos.filters;

describe('VideoFiltersForm', () => {
  let fixture: ComponentFixture<VideoFiltersForm>;
  let applied: CatalogQuery[];
  let cleared: number;

  const field = (id: string) => fixture.nativeElement.querySelector(`[data-testid="${id}"]`) as HTMLInputElement;
  const errors = () =>
    [...fixture.nativeElement.querySelectorAll('[data-testid="filter-error"], mat-error')].map((e) => (e as HTMLElement).textContent!.trim());

  async function show(query: CatalogQuery): Promise<void> {
    fixture.componentRef.setInput('query', query);
    await fixture.whenStable();
  }

  async function type(id: string, value: string): Promise<void> {
    const input = field(id);
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
    await fixture.whenStable();
  }

  async function search(): Promise<void> {
    field('filter-apply').click();
    await fixture.whenStable();
  }

  beforeEach(async () => {
    fixture = TestBed.createComponent(VideoFiltersForm);
    applied = [];
    cleared = 0;
    fixture.componentInstance.apply.subscribe((q) => applied.push(q));
    fixture.componentInstance.clear.subscribe(() => cleared++);
    await show(EMPTY_QUERY);
  });

  afterEach(() => fixture.destroy());

  it('shows the query it is given (the URL\'s): text, times in local time, durations in the chosen unit', async () => {
    await show({
      ...EMPTY_QUERY, search: 'launch', presenter: 'ada', location: 'Paris',
      from: instant('2026-03-01T10:15'), to: instant('2026-03-02T18:00'), minSeconds: 90, maxSeconds: 600,
    });
    expect(field('filter-search').value).toBe('launch');
    expect(field('filter-presenter').value).toBe('ada');
    expect(field('filter-location').value).toBe('Paris');
    expect(field('filter-from').value).toBe('2026-03-01T10:15');
    expect(field('filter-to').value).toBe('2026-03-02T18:00');
    expect(field('filter-min-duration').value).toBe('1.5');
    expect(field('filter-max-duration').value).toBe('10');
    expect(field('filter-unit').textContent).toContain(words.minutes);
  });

  it('Search hands over the filters: trimmed text, minute instants, durations in seconds, the same order', async () => {
    await show({ ...EMPTY_QUERY, order: 'LONGEST' });
    await type('filter-search', '  launch day ');
    await type('filter-presenter', ' ada');
    await type('filter-location', 'Paris ');
    await type('filter-from', '2026-03-01T10:15');
    await type('filter-to', '2026-03-02T18:00');
    await type('filter-min-duration', '1.5');
    await type('filter-max-duration', '10');
    await search();
    expect(applied).toEqual([{
      search: 'launch day', presenter: 'ada', location: 'Paris',
      from: instant('2026-03-01T10:15'), to: instant('2026-03-02T18:00'),
      minSeconds: 90, maxSeconds: 600, unit: 'min', order: 'LONGEST',
    }]);
  });

  it('durations typed in seconds stay seconds', async () => {
    await show({ ...EMPTY_QUERY, unit: 's', minSeconds: 30 });
    expect(field('filter-min-duration').value).toBe('30');
    await type('filter-max-duration', '45.5');
    await search();
    expect(applied).toEqual([{ ...EMPTY_QUERY, unit: 's', minSeconds: 30, maxSeconds: 45.5 }]);
  });

  it('an empty form searches for everything', async () => {
    await search();
    expect(applied).toEqual([EMPTY_QUERY]);
  });

  it('a duration range that goes backwards is refused with a message', async () => {
    await type('filter-min-duration', '10');
    await type('filter-max-duration', '5');
    await search();
    expect(applied).toEqual([]);
    expect(errors()).toContain(words.durationRange);
  });

  it('a time range that goes backwards is refused with a message', async () => {
    await type('filter-from', '2026-03-02T10:00');
    await type('filter-to', '2026-03-01T10:00');
    await search();
    expect(applied).toEqual([]);
    expect(errors()).toContain(words.timeRange);
  });

  it('a negative duration is refused', async () => {
    await type('filter-min-duration', '-1');
    await search();
    expect(applied).toEqual([]);
    expect(errors()).toContain(words.negative);
  });

  it('equal bounds are a valid range', async () => {
    await type('filter-min-duration', '5');
    await type('filter-max-duration', '5');
    await search();
    expect(applied.map((q) => [q.minSeconds, q.maxSeconds])).toEqual([[300, 300]]);
  });

  it('Clear asks the page to clear the filters, and a new query (back, forward, clear) replaces what was typed', async () => {
    await type('filter-search', 'unsaved words');
    field('filter-clear').click();
    expect(cleared).toBe(1);
    expect(applied).toEqual([]);
    await show({ ...EMPTY_QUERY });
    expect(field('filter-search').value).toBe('');
    await show({ ...EMPTY_QUERY, presenter: 'grace' });
    expect(field('filter-presenter').value).toBe('grace');
    expect(errors()).toEqual([]);
  });

  it('round-trips through the URL: what Search hands over, put in the query params and read back, shows the same form', async () => {
    await type('filter-search', 'launch');
    await type('filter-from', '2026-03-01T10:15');
    await type('filter-min-duration', '2');
    await search();
    const params = queryToParams(applied[0]);
    expect(params).toEqual({ q: 'launch', from: instant('2026-03-01T10:15'), minDuration: '120' });
    const back = queryFromParams(params);
    expect(back).toEqual(applied[0]);
    await show(back);
    expect(field('filter-search').value).toBe('launch');
    expect(field('filter-from').value).toBe('2026-03-01T10:15');
    expect(field('filter-min-duration').value).toBe('2');
  });
});

describe('catalog query ⇄ URL', () => {
  it('leaves defaults out of the URL', () => {
    expect(queryToParams(EMPTY_QUERY)).toEqual({});
    expect(queryFromParams({})).toEqual(EMPTY_QUERY);
  });

  it('keeps everything a query can say', () => {
    const query: CatalogQuery = {
      search: 'a b', presenter: 'ada', location: 'Paris', from: '2026-03-01T10:15:00.000Z', to: '2026-03-02T10:15:00.000Z',
      minSeconds: 30, maxSeconds: 45.5, unit: 's', order: 'SHORTEST',
    };
    expect(queryFromParams(queryToParams(query))).toEqual(query);
  });

  it('drops what it cannot read instead of failing', () => {
    expect(queryFromParams({ from: 'yesterday', minDuration: '-3', maxDuration: 'ten', sort: 'random', unit: 'hours' }))
      .toEqual(EMPTY_QUERY);
  });
});

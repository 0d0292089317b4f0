/**
 * Where a measure stands, at its limits: the straight line from baseline to target (held at the baseline before its
 * date and at the target after it), a value on the line, one better than the term before but behind the line, one no
 * better, for a measure that should rise and one that should fall; and the rows the report shows: a term with no
 * value left out, the latest only where the latest term gives one, a yearly figure not yet published since the
 * baseline awaiting new figures (unless the target is met).
 */
import { describe, expect, it } from 'vitest';
import {
  expectedAt,
  type Measure,
  type MeasureTerm,
  type MeasureValue,
  measureRows,
  measureStatus,
} from '../../functions/core/measures/measures';

const rising: Measure = {
  id: 'good-or-better',
  name: 'Schools judged good or better',
  definition: { kind: 'input' },
  unit: 'percent',
  direction: 'up',
  baseline: { value: 50, date: '2026-01-01' },
  target: { value: 60, date: '2027-01-01' },
  owner: 'Head of School Improvement',
};
const falling: Measure = {
  ...rising,
  id: 'absence',
  direction: 'down',
  baseline: { value: 10, date: '2026-01-01' },
  target: { value: 6, date: '2027-01-01' },
};

describe('the straight line from baseline to target', () => {
  it('stands at the baseline until its date, at the target from its date, and in proportion between', () => {
    expect(expectedAt(rising, '2025-06-01')).toBe(50);
    expect(expectedAt(rising, '2026-01-01')).toBe(50);
    expect(expectedAt(rising, '2026-07-02')).toBe(55); // 182 of 365 days: 54.99
    expect(expectedAt(rising, '2026-04-01')).toBe(52.5); // 90 of 365 days: 52.47
    expect(expectedAt(rising, '2027-01-01')).toBe(60);
    expect(expectedAt(rising, '2028-01-01')).toBe(60);
    expect(expectedAt(falling, '2026-07-02')).toBe(8);
  });
});

describe('where a measure stands', () => {
  const mid = '2026-07-02';
  it('for one that should rise', () => {
    expect(measureStatus(rising, undefined, mid)).toBe('no data');
    expect(measureStatus(rising, 60, mid)).toBe('target met');
    expect(measureStatus(rising, 55, mid)).toBe('on track');
    expect(measureStatus(rising, 54.9, mid, 54)).toBe('improving too slowly');
    expect(measureStatus(rising, 54.9, mid, 54.9)).toBe('off track');
    expect(measureStatus(rising, 50.1, mid)).toBe('improving too slowly');
    expect(measureStatus(rising, 50, mid)).toBe('off track');
  });

  it('for one that should fall', () => {
    expect(measureStatus(falling, 6, mid)).toBe('target met');
    expect(measureStatus(falling, 5, mid)).toBe('target met');
    expect(measureStatus(falling, 8, mid)).toBe('on track');
    expect(measureStatus(falling, 8.1, mid, 9)).toBe('improving too slowly');
    expect(measureStatus(falling, 8.1, mid, 8)).toBe('off track');
    expect(measureStatus(falling, 10, mid)).toBe('off track');
  });
});

describe("the report's row for a measure", () => {
  const term = (
    name: string,
    termStart: string,
    value?: MeasureValue,
    byYear?: MeasureTerm['byYear'],
  ): MeasureTerm => ({
    term: name,
    termStart,
    value: () => value,
    ...(byYear ? { byYear } : {}),
  });
  const file = (measure: Measure) => ({
    id: 'f',
    title: 'F',
    effectiveFrom: '2026-01-01',
    owner: 'ECB',
    measures: [measure],
  });

  it('leaves out a term with no value, and has a latest only where the latest term gives one', () => {
    const [row] = measureRows(file(rising), [
      term('2025-autumn', '2025-09-01', { value: 48 }),
      term('2026-spring', '2026-01-05'),
      term('2026-summer', '2026-04-20', { value: 52, asOf: '2026-04-01' }),
    ]);
    expect(row).toEqual({
      measure: rising,
      history: [
        { term: '2025-autumn', value: { value: 48 } },
        { term: '2026-summer', value: { value: 52, asOf: '2026-04-01' } },
      ],
      latest: { value: 52, asOf: '2026-04-01' },
      status: 'improving too slowly',
      expected: 53,
      byYear: [],
    });
    const [none] = measureRows(
      file(rising),
      [term('2026-spring', '2026-01-05', { value: 51 }), term('2026-summer', '2026-04-20')],
      'Ashdown',
    );
    expect(none).toMatchObject({
      area: 'Ashdown',
      status: 'no data',
      history: [{ term: '2026-spring', value: { value: 51 } }],
    });
    expect(Object.keys(none!)).not.toContain('latest');
  });

  it("judges the latest against the term before's value", () => {
    const [row] = measureRows(file(rising), [
      term('2026-spring', '2026-01-05', { value: 53 }),
      term('2026-summer', '2026-04-20', { value: 52 }),
    ]);
    expect(row!.status).toBe('off track');
  });

  it("awaits new figures while a yearly figure is still the baseline's year, unless the target is met", () => {
    const yearly = (value: number, asOf: string) => ({ value, asOf, schools: 3 });
    const status = (latest: MeasureValue, before: MeasureValue = yearly(40, '2024/25')) =>
      measureRows(file(rising), [
        term('2025-autumn', '2025-09-01', yearly(40, '2023/24')),
        term('2026-spring', '2026-01-05', before),
        term('2026-summer', '2026-04-20', latest),
      ])[0]!.status;
    expect(status(yearly(45, '2024/25'))).toBe('awaiting new figures');
    expect(status(yearly(60, '2024/25'))).toBe('target met');
    expect(status(yearly(45, '2025/26'))).toBe('improving too slowly');
    expect(status({ value: 45, asOf: '2026-04-01' }, { value: 40, asOf: '2026-04-01' })).toBe('improving too slowly');
    expect(status({ value: 45, asOf: 'x2024/25' }, { value: 40, asOf: 'x2024/25' })).toBe('improving too slowly');
    expect(status({ value: 45, asOf: '2024/25x' }, { value: 40, asOf: '2024/25x' })).toBe('improving too slowly');
  });

  it('shows the yearly figures the latest term gives', () => {
    const byYear = () => [{ year: '2024/25', value: 61, schools: 2 }];
    const [row] = measureRows(file(rising), [
      term('2026-spring', '2026-01-05', { value: 51 }),
      term('2026-summer', '2026-04-20', { value: 52 }, byYear),
    ]);
    expect(row!.byYear).toEqual(byYear());
  });
});

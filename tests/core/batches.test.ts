import { describe, expect, it } from 'vitest';
import {
  areaBatchesFor,
  batchesFor,
  batchName,
  byBatch,
  planAreaBatches,
  planBatches,
} from '../../functions/core/batches';
import { areaLineKey } from '../../functions/core/reporting/area-lines';
import { inBatch } from '../builders';

const urns = (n: number, from = 100000) => Array.from({ length: n }, (_, i) => String(from + i));

describe('batches of schools', () => {
  it('puts at most the given number of schools in each batch, every school in exactly one, in key order', () => {
    const schools = urns(2_345).reverse();
    const batches = planBatches(schools, 1000);
    expect(batches).toEqual([{ to: '101000' }, { from: '101000', to: '102000' }, { from: '102000' }]);
    for (const urn of schools) expect(batches.filter((b) => inBatch(urn, b))).toHaveLength(1);
    expect(batches.map((b) => schools.filter((u) => inBatch(u, b)).length)).toEqual([1000, 1000, 345]);
  });

  it('is one batch covering every key for an authority smaller than a batch, or none at all', () => {
    expect(planBatches(urns(242), 1000)).toEqual([{}]);
    expect(planBatches([], 1000)).toEqual([{}]);
    expect(inBatch('999999', {})).toBe(true);
  });

  it('leaves no gap between batches: a URN that is not in the register falls in one of them too', () => {
    const batches = planBatches(['100010', '100020', '100030', '100040'], 2);
    for (const stray of ['1', '100015', '100035', '999999', '1000105'])
      expect(batches.filter((b) => inBatch(stray, b))).toHaveLength(1);
  });

  it("sorts URNs of different lengths as DynamoDB sorts their keys, and keeps each school's evidence in its batch", () => {
    const schools = ['100000', '1000005', '100001', '99999'];
    const batches = planBatches(schools, 2);
    expect(batches).toEqual([{ to: '100001' }, { from: '100001' }]);
    // A school's evidence is keyed `<urn>#<kind>#<n>`: it sorts after the URN and before the next.
    for (const urn of schools) {
      const home = batches.findIndex((b) => inBatch(urn, b));
      expect(batches.findIndex((b) => inBatch(`${urn}#inspection#00000`, b))).toBe(home);
    }
  });

  it("hands each item to the batch whose range holds its key, the term's measure figures (keyed measure#…) to the last", () => {
    const batches = planBatches(urns(10), 3);
    expect(batches).toHaveLength(4);
    const keys = [
      '100000',
      '100002#inspection#00004',
      '100003',
      '1000035#performance#00001',
      '100009#visit-note#00000',
      'measure#good-or-better#00000',
      '099',
      '100006',
    ];
    const held = byBatch(keys, (k) => k, batches);
    expect(held).toEqual([
      ['100000', '100002#inspection#00004', '099'],
      ['100003', '1000035#performance#00001'],
      ['100006'],
      ['100009#visit-note#00000', 'measure#good-or-better#00000'],
    ]);
    // The same as asking each batch in turn, for many keys.
    const many = urns(5_000, 99_000).map((u, i) => (i % 3 ? `${u}#performance#${i}` : u));
    const manyBatches = planBatches(
      urns(5_000, 99_000).filter((_, i) => i % 7 === 0),
      97,
    );
    expect(byBatch(many, (k) => k, manyBatches)).toEqual(manyBatches.map((b) => many.filter((k) => inBatch(k, b))));
    // Batches that leave a gap are not planBatches': refused, not an item lost.
    expect(() => byBatch(['100005'], (k) => k, [{ to: '100003' }, { from: '100007' }])).toThrow(
      /no batch holds 100005/,
    );
    expect(batches.map(batchName)).toEqual(['first', 'from-100003', 'from-100006', 'from-100009']);
  });

  it('refuses a batch of no schools', () => {
    expect(() => planBatches(urns(3), 0)).toThrow(/at least 1/);
  });
});

describe('batches of AAG areas', () => {
  /** `n` schools in each area named. */
  const schoolsIn = (areas: Record<string, number>) =>
    Object.entries(areas).flatMap(([area, n]) => Array.from({ length: n }, () => area));

  it('puts consecutive areas together while their schools fit a batch, an area with more alone, every area in exactly one', () => {
    const areas = { Riverton: 400, Ashdown: 300, Kingsmere: 1500, Eastbrook: 200, Northvale: 700, Westford: 100 };
    const batches = planAreaBatches(schoolsIn(areas), 1000);
    // In name order: Ashdown 300 + Eastbrook 200 (Kingsmere would pass 1,000), Kingsmere alone, Northvale 700 (Riverton
    // would pass), Riverton 400 + Westford 100.
    expect(batches).toEqual([
      { to: 'Kingsmere' },
      { from: 'Kingsmere', to: 'Northvale' },
      { from: 'Northvale', to: 'Riverton' },
      { from: 'Riverton' },
    ]);
    for (const area of Object.keys(areas))
      expect([area, batches.filter((b) => inBatch(area, b)).length]).toEqual([area, 1]);
    expect(batches.length).toBeLessThanOrEqual(areaBatchesFor(3200, 1000));
  });

  it('never makes more batches than the limits count on, however the areas fall', () => {
    // Areas of just over half a batch: each alone, the worst case.
    for (const [areas, size] of [
      [41, 501],
      [7, 1000],
      [250, 1],
    ] as const) {
      const names = Array.from({ length: areas }, (_, i) => `Area ${String(i).padStart(3, '0')}`);
      const batches = planAreaBatches(
        names.flatMap((name) => Array.from({ length: size }, () => name)),
        1000,
      );
      expect(batches.length).toBeLessThanOrEqual(areaBatchesFor(areas * size, 1000));
    }
    expect(planAreaBatches(schoolsIn({ Ashdown: 501, Riverton: 501 }), 1000)).toHaveLength(2);
  });

  it("keeps each area's lines in its batch's range of keys, even where one area's name begins another's", () => {
    const areas = { Ashdown: 3, 'Ashdown East': 3, 'Ashdown-on-Sea': 3, Riverton: 3 };
    const batches = planAreaBatches(schoolsIn(areas), 3);
    expect(batches).toHaveLength(4);
    for (const area of Object.keys(areas)) {
      const home = batches.filter((b) => inBatch(area, b));
      expect(home).toHaveLength(1);
      // Its lines' keys (area, separator, URN) fall in its own batch and no other.
      for (const urn of ['100000', '1000005', '999999'])
        expect([area, batches.filter((b) => inBatch(areaLineKey(area, urn), b))]).toEqual([area, home]);
    }
  });
});

describe('batches at their limits', () => {
  it('sorts the keys whatever order they come in, one batch of one school each', () => {
    for (const order of [
      ['100003', '100001', '100002'],
      ['100001', '100002', '100003'],
      ['100002', '100003', '100001'],
    ])
      expect(planBatches(order, 1)).toEqual([{ to: '100002' }, { from: '100002', to: '100003' }, { from: '100003' }]);
  });

  it('puts an area bigger than a batch alone, with no empty batch before it', () => {
    const schoolsIn = (areas: Record<string, number>) =>
      Object.entries(areas).flatMap(([area, n]) => Array.from({ length: n }, () => area));
    expect(planAreaBatches(schoolsIn({ Ashdown: 1500, Riverton: 10 }), 1000)).toEqual([
      { to: 'Riverton' },
      { from: 'Riverton' },
    ]);
    expect(planAreaBatches(schoolsIn({ Ashdown: 1000 }), 1000)).toEqual([{}]);
  });

  it('counts the batches a term makes: one at least, one more for each part of a batch over', () => {
    expect(batchesFor(0, 1000)).toBe(1);
    expect(batchesFor(1000, 1000)).toBe(1);
    expect(batchesFor(1001, 1000)).toBe(2);
    expect(batchesFor(2345, 1000)).toBe(3);
    expect(areaBatchesFor(3200, 1000)).toBe(9);
    expect(areaBatchesFor(10, 1000)).toBe(3);
  });
});

import { describe, expect, it } from 'vitest';
import { planBatches, type SchoolBatch } from '../../functions/core/batches';

/** Whether a key (a URN, or a key that begins with one and `#`) falls in a batch: what a range query of it reads (functions/adapters/dynamo.ts). */
const inBatch = (key: string, batch: SchoolBatch): boolean => (batch.from === undefined || key >= batch.from) && (batch.to === undefined || key < batch.to);

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
    for (const stray of ['1', '100015', '100035', '999999', '1000105']) expect(batches.filter((b) => inBatch(stray, b))).toHaveLength(1);
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

  it('refuses a batch of no schools', () => {
    expect(() => planBatches(urns(3), 0)).toThrow(/at least 1/);
  });
});

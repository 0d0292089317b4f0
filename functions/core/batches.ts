/**
 * Batches of schools, for the stages whose work is each school's own (risk assessment): consecutive ranges of
 * URNs in the order DynamoDB sorts its keys, each of at most a set number of schools. A batch is its two ends,
 * never its schools, so the state machine passes keys only; the ranges cover every possible URN between them, so a
 * batch that replaces its range of a term's items also removes what an earlier run left there.
 */

/** URNs from `from` (inclusive) up to `to` (exclusive); the first batch has no `from`, the last no `to`. */
export interface SchoolBatch {
  from?: string;
  to?: string;
}

/**
 * The URNs' batches, in order: each holds at most `schoolsPerBatch` of them, and together they cover every key.
 * Sorted as DynamoDB sorts string keys (by code unit, which for URNs' ASCII digits is its byte order).
 */
export function planBatches(urns: Iterable<string>, schoolsPerBatch: number): SchoolBatch[] {
  return planRanges(new Map([...new Set(urns)].map((urn) => [urn, 1])), schoolsPerBatch);
}

/**
 * A batch of AAG areas, for the areas' own reports: the areas whose names run from `from` (inclusive) up to `to`
 * (exclusive), in the order DynamoDB sorts string keys; the first batch has no `from`, the last no `to`.
 */
export type AreaBatch = SchoolBatch;

/**
 * The AAG areas' batches, in order, from each school's area: consecutive areas together while their schools number
 * at most `schoolsPerBatch` (an area with more is a batch of its own). So a batch of areas is about the work of a
 * batch of schools, and there are at most twice as many batches of areas as of schools, and one more.
 */
export function planAreaBatches(areaOfEachSchool: Iterable<string>, schoolsPerBatch: number): AreaBatch[] {
  const schoolsIn = new Map<string, number>();
  for (const area of areaOfEachSchool) schoolsIn.set(area, (schoolsIn.get(area) ?? 0) + 1);
  return planRanges(schoolsIn, schoolsPerBatch);
}

/**
 * Consecutive ranges of the keys, sorted by code unit, each holding keys whose weights add up to at most `most` (a
 * heavier key alone).
 */
function planRanges(weights: ReadonlyMap<string, number>, most: number): SchoolBatch[] {
  if (!Number.isInteger(most) || most < 1)
    throw new Error(`schools per batch must be a whole number of at least 1, not ${most}`);
  // Stryker disable next-line EqualityOperator: the keys of a map are distinct, so never equal
  const sorted = [...weights.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const starts: string[] = [];
  let held = 0;
  for (const key of sorted) {
    const weight = weights.get(key)!;
    if (held > 0 && held + weight > most) {
      starts.push(key);
      held = 0;
    }
    held += weight;
  }
  const batches: SchoolBatch[] = [];
  let from: string | undefined;
  for (const to of starts) {
    // Stryker disable next-line ConditionalExpression: an end given as undefined is no end, to inBatch and to JSON alike
    batches.push(from === undefined ? { to } : { from, to });
    from = to;
  }
  // Stryker disable next-line ConditionalExpression: an end given as undefined is no end, to inBatch and to JSON alike
  batches.push(from === undefined ? {} : { from });
  return batches;
}

/** How many batches of schools a term of this many schools makes (planBatches). */
export function batchesFor(schools: number, schoolsPerBatch: number): number {
  return Math.max(1, Math.ceil(schools / schoolsPerBatch));
}

/**
 * The most batches of AAG areas a term's schools can make (planAreaBatches): two consecutive batches hold more
 * than a batch of schools between them, or they would have been one, so at most twice the batches of schools and
 * one more.
 */
export function areaBatchesFor(schools: number, schoolsPerBatch: number): number {
  return 2 * batchesFor(schools, schoolsPerBatch) + 1;
}

/**
 * Whether a key (a URN, or a key that begins with one and `#`) falls in a batch: what a range query of it reads
 * (functions/adapters/dynamo.ts).
 */
export const inBatch = (key: string, batch: SchoolBatch): boolean =>
  (batch.from === undefined || key >= batch.from) && (batch.to === undefined || key < batch.to);

/**
 * The items each batch holds, in the batches' order, each item in the batch whose range holds its key: as
 * planBatches' ranges cover every key, every item is in exactly one. The batches must be planBatches' (in order,
 * each starting where the one before ends).
 */
export function byBatch<T>(items: Iterable<T>, keyOf: (item: T) => string, batches: readonly SchoolBatch[]): T[][] {
  const held: T[][] = batches.map(() => []);
  for (const item of items) {
    const key = keyOf(item);
    // The last batch whose start is at or before the key (binary search: the batches are in key order).
    let low = 0;
    let high = batches.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      const from = batches[middle]!.from;
      if (from === undefined || from <= key) low = middle;
      else high = middle - 1;
    }
    if (!inBatch(key, batches[low]!)) throw new Error(`no batch holds ${key}: the batches do not cover every key`);
    held[low]!.push(item);
  }
  return held;
}

/** A batch's name in file names and keys: where it starts (its first URN), or `first` for the batch with no start. */
export const batchName = (batch: SchoolBatch): string => (batch.from === undefined ? 'first' : `from-${batch.from}`);

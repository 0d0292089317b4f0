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
  if (!Number.isInteger(schoolsPerBatch) || schoolsPerBatch < 1) throw new Error(`schools per batch must be a whole number of at least 1, not ${schoolsPerBatch}`);
  const sorted = [...new Set(urns)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const starts: string[] = [];
  for (let i = schoolsPerBatch; i < sorted.length; i += schoolsPerBatch) starts.push(sorted[i]!);
  const batches: SchoolBatch[] = [];
  let from: string | undefined;
  for (const to of starts) {
    batches.push(from === undefined ? { to } : { from, to });
    from = to;
  }
  batches.push(from === undefined ? {} : { from });
  return batches;
}

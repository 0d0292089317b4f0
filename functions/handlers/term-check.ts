/**
 * A set number of days into each term, checks that the term's cycle has run: a succeeded run of the term in
 * the cycle-runs table. It writes the answer as a CloudWatch metric (in the embedded metric format, so the log
 * line is the metric and no CloudWatch permission is needed); the TermNotRun alarm watches it.
 */
import { z } from 'zod';
import { TERM_NOT_RUN_METRIC } from '../adapters/config';
import { loadRuns } from '../adapters/cycle-store';
import { SEASONS, termForScheduledRun } from '../core/term';
import { parseInput, term } from './inputs';

/** The schedule's input is its season (the term is this year's); an operator may name the term to check. */
const termCheckInput = z.object({ season: z.enum(SEASONS), term: term.optional() });

export async function handler(event: unknown): Promise<{ term: string; succeeded: boolean; runs: number }> {
  const input = parseInput(termCheckInput, event, 'term check');
  const checked = input.term ?? termForScheduledRun(input.season, new Date().toISOString());
  const runs = await loadRuns(checked);
  const succeeded = runs.some((r) => r.status === 'succeeded');
  const stage = process.env.CYCLE_STAGE ?? 'unknown';
  console.log(
    JSON.stringify({
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: TERM_NOT_RUN_METRIC.namespace,
            Dimensions: [[TERM_NOT_RUN_METRIC.dimension]],
            Metrics: [{ Name: TERM_NOT_RUN_METRIC.name, Unit: 'Count' }],
          },
        ],
      },
      [TERM_NOT_RUN_METRIC.dimension]: stage,
      [TERM_NOT_RUN_METRIC.name]: succeeded ? 0 : 1,
      stage: 'term check',
      term: checked,
      runs: runs.length,
    }),
  );
  return { term: checked, succeeded, runs: runs.length };
}

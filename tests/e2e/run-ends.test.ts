/**
 * A run stopped by hand (or timed out) never reaches "Record failure", so its claim on the term would hold the
 * term until the claim lapsed. Step Functions' status-change event, handed to the run-stopped function, records
 * the run and frees the term.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENT_FUNCTIONS, STAGES } from '../../lib/stages';
import { LocalCycle, REPOSITORY_ROOT, type TermRunOptions } from '../../local/local-cycle';
import { freePort } from '../../local/services';
import { scan, tableOf } from './local-store';
import { sharedDynamoDb } from './shared-dynamodb';

vi.setConfig({ testTimeout: 180_000 });

const FIXTURE = join(REPOSITORY_ROOT, 'tests/fixtures/mini-authority');

describe('a run stopped by hand', () => {
  let work: string;
  let cycle: LocalCycle;
  const stopper = new AbortController();
  let hung = false;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'sic-stopped-'));
    cycle = await LocalCycle.start({
      dynamoDb: sharedDynamoDb(),
      dynamoDbPort: await freePort(),
      sesPort: await freePort(),
      // The first run hangs in risk assessment, after the intake has claimed the term, and an operator stops it.
      inject: (state, _fn, invoke) =>
        state === STAGES.riskAssessment.stateName
          ? async (input) => {
              if (hung) return invoke(input);
              hung = true;
              stopper.abort();
              return new Promise(() => undefined);
            }
          : invoke,
    });
  });
  afterAll(async () => {
    await cycle?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const runs = () => scan(cycle, tableOf(cycle, 'CYCLE_RUNS_TABLE'));

  it('holds its term until Step Functions says it stopped; then the run is recorded as stopped and the term can be run again', async () => {
    const options = (name: string): TermRunOptions => ({
      dataDir: FIXTURE,
      outDir: join(work, name),
      decisions: 'agree',
    });
    const stopped = await cycle.runTerm('2026-autumn', { ...options('stopped'), stop: stopper.signal });
    expect(stopped.status).toBe('failed');
    const claim = (await runs()).find((r) => r.startedAt === 'in progress')!;
    expect(claim).toMatchObject({ term: '2026-autumn' });

    // Nothing recorded the stop: the term is still claimed, and a second run is refused.
    const refused = await cycle.runTerm('2026-autumn', options('refused'));
    expect(refused).toMatchObject({ status: 'failed', error: 'TermAlreadyRunning' });

    // What EventBridge hands the function when the execution is stopped (Step Functions' documented event).
    const event = {
      version: '0',
      id: '315c1398-40ff-a850-213b-158f73e60175',
      'detail-type': 'Step Functions Execution Status Change',
      source: 'aws.states',
      account: '000000000000',
      time: '2026-09-03T06:05:00Z',
      region: 'eu-west-2',
      resources: [String(claim.executionId)],
      detail: {
        executionArn: String(claim.executionId),
        stateMachineArn: 'arn:aws:states:eu-west-2:000000000000:stateMachine:TermlyCycle',
        name: 'manual-2026-autumn',
        status: 'ABORTED',
        startDate: Date.parse(String(claim.executionStartedAt)),
        stopDate: Date.parse('2026-09-03T06:05:00Z'),
        input: '{"term":"2026-autumn"}',
        output: null,
      },
    };
    const recorded = await cycle.invoke(EVENT_FUNCTIONS.runStopped.entry, event, options('event'));
    expect(recorded).toEqual({ term: '2026-autumn', status: 'stopped', released: true });
    const after = await runs();
    expect(after.find((r) => r.startedAt === 'in progress')).toBeUndefined();
    expect(after.find((r) => r.status === 'stopped')).toMatchObject({
      term: '2026-autumn',
      error: 'States.Aborted',
      finishedAt: '2026-09-03T06:05:00.000Z',
    });

    const rerun = await cycle.runTerm('2026-autumn', options('rerun'));
    expect(rerun.status).toBe('succeeded');
  });

  it("tells the TermNotRun alarm, through its metric, whether a term's cycle has succeeded by the set day", async () => {
    const lines: string[] = [];
    const check = (input: object) =>
      cycle.invoke(
        EVENT_FUNCTIONS.termCheck.entry,
        input,
        { dataDir: FIXTURE, outDir: join(work, 'check') },
        (_state, line) => lines.push(line),
      );
    await expect(check({ season: 'autumn', term: '2026-autumn' })).resolves.toMatchObject({
      term: '2026-autumn',
      succeeded: true,
    });
    await expect(check({ season: 'spring', term: '2027-spring' })).resolves.toEqual({
      term: '2027-spring',
      succeeded: false,
      runs: 0,
    });
    // Each check's log line is the metric, in CloudWatch's embedded metric format.
    const metrics = lines.map((line) => JSON.parse(line.replace(/^LOG /, '')) as Record<string, unknown>);
    expect(metrics.map((m) => [m.term, m.TermsWithoutSucceededRun, m.Stage])).toEqual([
      ['2026-autumn', 0, 'local'],
      ['2027-spring', 1, 'local'],
    ]);
    expect(metrics[1]!._aws).toMatchObject({
      CloudWatchMetrics: [
        {
          Namespace: 'SchoolImprovementCycle',
          Dimensions: [['Stage']],
          Metrics: [{ Name: 'TermsWithoutSucceededRun', Unit: 'Count' }],
        },
      ],
    });
  });
});

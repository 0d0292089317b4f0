/**
 * A term's letters over several invocations of the notify function, through the synthesized state machine: each
 * invocation sends at most cdk.json's lettersPerInvocation and says where the next carries on ("More letters to
 * send?"), the state holding only that index and the counts. Every letter goes once, the counts add up, and a rerun
 * finds them all sent.
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LocalCycle, REPOSITORY_ROOT, type TermRunResult } from '../../local/local-cycle';
import { freePort } from '../../local/services';
import { cdkJsonContext } from '../../local/template';
import { sharedDynamoDb } from './shared-dynamodb';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const FIXTURE = join(REPOSITORY_ROOT, 'tests', 'fixtures', 'mini-authority');
const CONTEXT = cdkJsonContext(REPOSITORY_ROOT)['school-improvement-cycle'] as Record<string, unknown>;

/**
 * A local cycle with these settings over cdk.json's, in a folder of its own (DynamoDB's store in it, if asked); stopped
 * and removed by stopCycle.
 */
async function startCycle(
  prefix: string,
  settings: Record<string, unknown>,
  keepStore = false,
): Promise<{ cycle: LocalCycle; work: string }> {
  const work = mkdtempSync(join(tmpdir(), prefix));
  try {
    const cycle = await LocalCycle.start({
      ...(keepStore ? { storeDir: join(work, 'store') } : { dynamoDb: sharedDynamoDb() }),
      dynamoDbPort: await freePort(),
      sesPort: await freePort(),
      context: { 'school-improvement-cycle': { ...CONTEXT, ...settings } },
    });
    return { cycle, work };
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
}

async function stopCycle(started: { cycle: LocalCycle; work: string } | undefined): Promise<void> {
  if (!started) return;
  await started.cycle.stop();
  rmSync(started.work, { recursive: true, force: true });
}

const summaryOf = (result: TermRunResult) => {
  if (result.status !== 'succeeded') throw new Error(`the run failed: ${result.error}: ${result.cause}`);
  return result.summary;
};

describe('letters sent over several invocations', () => {
  let started: { cycle: LocalCycle; work: string } | undefined;
  let work: string;
  let first: TermRunResult;
  let again: TermRunResult;

  beforeAll(async () => {
    // Three letters an invocation: the mini authority's autumn, every AAG agreeing, sends eight, so three invocations
    // (3, 3 and 2).
    started = await startCycle('sic-letter-batches-', { lettersPerInvocation: 3 }, true);
    work = started.work;
    first = await started.cycle.runTerm('2026-autumn', {
      dataDir: FIXTURE,
      outDir: join(work, 'out'),
      decisions: 'agree',
    });
    again = await started.cycle.runTerm('2026-autumn', {
      dataDir: FIXTURE,
      outDir: join(work, 'again'),
      decisions: 'agree',
    });
  });
  afterAll(() => stopCycle(started));

  it('sends every letter once, over three invocations, and counts them all', () => {
    expect(summaryOf(first)).toMatchObject({ emailsSent: 8, emailsAlreadySent: 0, emailsFailed: 0 });
    const names = first.emails.map((p) => p.split('/').at(-1)!);
    expect(names).toHaveLength(8);
    expect(new Set(names).size).toBe(8);
    const logs = readFileSync(join(work, 'out', '2026-autumn', 'function-logs.txt'), 'utf8').split('\n');
    expect(
      logs
        .filter((l) => l.includes('the rest go in the next invocation'))
        .map((l) => /"next":\{"batch":(\d+),"letter":(\d+)\}/.exec(l)?.slice(1).join(':')),
    ).toEqual(['0:3', '0:6']);
    expect(logs.filter((l) => l.includes('"letters sent"') || l.includes('letters sent",'))).toHaveLength(1);
  });

  it('finds every letter sent on a rerun, across the invocations', () => {
    expect(summaryOf(again)).toMatchObject({ emailsSent: 0, emailsAlreadySent: 8 });
    expect(again.emails).toHaveLength(0);
  });
});

describe('letters sent a batch of schools at a time', () => {
  let started: { cycle: LocalCycle; work: string } | undefined;
  let work: string;
  let first: TermRunResult;

  beforeAll(async () => {
    // Three schools a batch (the mini authority's in three batches) and two letters an invocation.
    started = await startCycle('sic-letter-school-batches-', { schoolsPerBatch: 3, lettersPerInvocation: 2 });
    work = started.work;
    first = await started.cycle.runTerm('2026-autumn', {
      dataDir: FIXTURE,
      outDir: join(work, 'out'),
      decisions: 'agree',
    });
  });
  afterAll(() => stopCycle(started));

  it("sends every letter once, each invocation reading one batch and sending at most two of its letters, in the letters' order", () => {
    expect(summaryOf(first)).toMatchObject({ emailsSent: 8, emailsAlreadySent: 0, emailsFailed: 0 });
    const names = first.emails.map((p) => p.split('/').at(-1)!);
    expect(new Set(names).size).toBe(8);
    const logs = readFileSync(join(work, 'out', '2026-autumn', 'function-logs.txt'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('[Notify category changes'));
    // Each invocation says where the next carries on: more of its batch, or the next batch.
    const places = logs.flatMap((l) => {
      const within = /"next":\{"batch":(\d+),"letter":(\d+)\}/.exec(l);
      const done = /a batch's letters done.*"batch":(\d+)/.exec(l);
      return within
        ? [`batch ${Number(within[1]) + 1}, from letter ${within[2]}`]
        : done
          ? [`batch ${done[1]} done`]
          : l.includes('"letters sent"')
            ? ['all done']
            : [];
    });
    expect(places).toContain('batch 1 done');
    expect(places).toContain('batch 2 done');
    expect(places.at(-1)).toBe('all done');
    // Every batch's letters, and no invocation of more than two.
    const perBatch = logs.flatMap((l) =>
      /"letters":(\d+)/.exec(l) && (l.includes("a batch's letters done") || l.includes('"letters sent"'))
        ? [Number(/"letters":(\d+)/.exec(l)![1])]
        : [],
    );
    expect(perBatch.reduce((a, b) => a + b, 0)).toBe(8);
    expect(perBatch).toHaveLength(3);
    // One invocation for each two letters a batch has begun, and one for a batch with none: each logged where it
    // stopped.
    expect(places).toHaveLength(perBatch.reduce((n, letters) => n + Math.max(1, Math.ceil(letters / 2)), 0));
    expect(places.filter((p) => p.includes('from letter'))).toHaveLength(
      perBatch.reduce((n, letters) => n + Math.max(0, Math.ceil(letters / 2) - 1), 0),
    );
  });
});

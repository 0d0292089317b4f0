/**
 * The example's three terms (autumn 2026, spring 2027, summer 2027, each on its scheduled day), run once per
 * `npm test` through the synthesized state machine and shared by every test file that only reads a finished run:
 * its reports, pages, letters and the local SES's record, and each stage's result as `npm run cycle` prints it. The
 * first file to ask builds it; any other that asks meanwhile (in another worker) waits for it. A file that changes a
 * run's store or data runs its own.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
import { NOTIFY_LOOP, STAGES } from '../../lib/stages';
import { LocalCycle, type ProgressEvent, REPOSITORY_ROOT, type TermRunResult } from '../../local/local-cycle';
import type { StageOutput } from '../../local/progress';
import { freePort } from '../../local/services';

export const EXAMPLE_TERMS = ['2026-autumn', '2027-spring', '2027-summer'] as const;

export interface SharedTermRun {
  readonly result: TermRunResult;
  /** Each stage's last result (the letters' stage: its last round, with the totals), by state name. */
  readonly stages: Record<string, StageOutput>;
  /** The states that ended, in order. */
  readonly exited: string[];
}

export interface ExampleRun {
  /** `out/` of the run: a folder per term, as npm run cycle writes it. */
  readonly outDir: string;
  /** The store the run kept: DynamoDB Local's data and the local SES's record (ses-sent.jsonl). */
  readonly storeDir: string;
  /**
   * A copy of the store as the autumn left it, before the spring ran: copy it again (copyStore) to run on from there,
   * as a test that changes the spring would.
   */
  readonly storeAfterAutumn: string;
  readonly terms: readonly SharedTermRun[];
}

/** How long a file waits for another's build of the run: three whole terms on two busy shared cores. */
const WAIT_MS = 900_000;

/** The example's run, built by the first test file that asks (in this `npm test`), read by the rest. */
export async function exampleRun(): Promise<ExampleRun> {
  const dir = join(inject('sharedRunsDir'), 'example');
  const done = join(dir, 'run.json');
  const failed = join(dir, 'failed.txt');
  let building = false;
  try {
    mkdirSync(dir);
    building = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (building) {
    try {
      const run = await runExample(dir);
      writeFileSync(`${done}.part`, JSON.stringify(run));
      renameSync(`${done}.part`, done);
    } catch (error) {
      writeFileSync(failed, String(error instanceof Error ? (error.stack ?? error.message) : error));
      throw error;
    }
  }
  const started = Date.now();
  while (!existsSync(done)) {
    if (existsSync(failed)) throw new Error(`the example's shared run failed:\n${readFileSync(failed, 'utf8')}`);
    if (Date.now() - started > WAIT_MS) throw new Error(`the example's shared run was not ready after ${WAIT_MS} ms`);
    await sleep(250);
  }
  return JSON.parse(readFileSync(done, 'utf8')) as ExampleRun;
}

/**
 * Keeps each stage's result as `npm run cycle` prints it, from a run's progress events: the letters' stage goes round
 * again while letters remain, each round carrying the totals so far, so its last round counts.
 */
export function stageRecorder(): {
  stages: Record<string, StageOutput>;
  exited: string[];
  onEvent: (e: ProgressEvent) => void;
} {
  const stages: Record<string, StageOutput> = {};
  const exited: string[] = [];
  const onEvent = (e: ProgressEvent) => {
    if (e.type !== 'state-exited' || e.caught) return;
    exited.push(e.state);
    stages[e.state === NOTIFY_LOOP.again ? STAGES.notify.stateName : e.state] = e.output as StageOutput;
  };
  return { stages, exited, onEvent };
}

/** A copy of a stopped run's store, for a cycle to go on from where it was. */
export function copyStore(from: string, to: string): string {
  cpSync(from, to, { recursive: true });
  return to;
}

async function runExample(dir: string): Promise<ExampleRun> {
  const outDir = join(dir, 'out');
  const storeDir = join(dir, 'store');
  const storeAfterAutumn = join(dir, 'store-after-autumn');
  const start = async () => LocalCycle.start({ storeDir, dynamoDbPort: await freePort(), sesPort: await freePort() });
  let cycle = await start();
  try {
    const terms: SharedTermRun[] = [];
    for (const term of EXAMPLE_TERMS) {
      if (term === '2027-spring') {
        // The store as the autumn left it, copied while DynamoDB Local is stopped, so that the copy is whole.
        await cycle.stop();
        copyStore(storeDir, storeAfterAutumn);
        cycle = await start();
      }
      const { stages, exited, onEvent } = stageRecorder();
      const result = await cycle.runTerm(term, {
        dataDir: join(REPOSITORY_ROOT, 'example'),
        today: 'scheduled',
        outDir,
        onEvent,
      });
      if (result.status !== 'succeeded') throw new Error(`${term} failed: ${result.error}: ${result.cause}`);
      terms.push({ result, stages, exited });
    }
    return { outDir, storeDir, storeAfterAutumn, terms };
  } finally {
    await cycle.stop();
  }
}

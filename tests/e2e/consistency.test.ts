/**
 * The check of the term's outputs, over whole runs: the example's three terms (autumn 2026 to summer 2027, each on
 * its scheduled day; the run the files that only read it share, tests/e2e/example-run.ts) and one term of an authority
 * of about 2,500 schools made by `npm run generate:example --
 * --schools 2500`. Each term's last stage, Check the term's outputs, reads back what the run wrote and fails the
 * run on any figure or statement that disagrees; here every term must pass it, having checked every school, AAG
 * area and letter, and what `npm run cycle` prints of each stage (the stages' own results) must be the figures of
 * summary.json.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { CycleSummary } from '../../functions/core/reporting/report';
import { NOTIFY_LOOP } from '../../lib/stages';
import { LocalCycle, REPOSITORY_ROOT, type TermRunResult } from '../../local/local-cycle';
import type { StageOutput } from '../../local/progress';
import { freePort } from '../../local/services';
import { EXAMPLE_TERMS, exampleRun, stageRecorder } from './example-run';
import { sharedDynamoDb } from './shared-dynamodb';

// Whole terms on two busy shared cores: the limits only have to catch a hang.
vi.setConfig({ testTimeout: 900_000, hookTimeout: 120_000 });

const work = mkdtempSync(join(tmpdir(), 'sic-consistency-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs terms in one cycle, keeping each stage's result as npm run cycle prints it. */
async function runTerms(
  dataDir: string,
  terms: string[],
  outDir: string,
): Promise<{ result: TermRunResult; stages: Record<string, StageOutput>; exited: string[] }[]> {
  const cycle = await LocalCycle.start({
    dynamoDb: sharedDynamoDb(),
    dynamoDbPort: await freePort(),
    sesPort: await freePort(),
  });
  try {
    const runs = [];
    for (const term of terms) {
      const { stages, exited, onEvent } = stageRecorder();
      runs.push({
        result: await cycle.runTerm(term, { dataDir, today: 'scheduled', outDir, onEvent }),
        stages,
        exited,
      });
    }
    return runs;
  } finally {
    await cycle.stop();
  }
}

/** Every figure a stage line of npm run cycle gives is the one summary.json (and so the report) gives. */
function expectStagesAgree(stages: Record<string, StageOutput>, summary: CycleSummary) {
  const last = (state: string) => {
    const output = stages[state];
    if (!output) throw new Error(`no result from ${state}`);
    return output;
  };
  expect(last('Data intake').intake).toMatchObject({ schools: summary.schools, rejectedRows: summary.rejectedRows });
  expect(last('Count the agreed categories').agreed).toMatchObject({
    categories: summary.categories,
    changes: summary.changes,
    overridden: summary.overridden,
  });
  expect(last('Notify category changes').notify).toMatchObject({
    emailsSent: summary.emailsSent,
    emailsAlreadySent: summary.emailsAlreadySent,
  });
  expect(last('AAG brokering').brokering).toMatchObject({ brokered: summary.brokered, unmet: summary.unmetNeeds });
  expect(last('Task-group monitoring').taskGroups).toMatchObject({ taskGroups: summary.taskGroups });
  expect(last("Check the term's outputs").checked).toMatchObject({ schools: summary.schools });
}

describe("the check of the term's outputs", () => {
  it("passes every term of the example's three, with every figure npm run cycle prints the same as summary.json's", async () => {
    const { outDir, terms } = await exampleRun();
    expect(terms.map((t) => t.result.term)).toEqual([...EXAMPLE_TERMS]);
    for (const { result, stages } of terms) {
      if (result.status !== 'succeeded') throw new Error(`${result.term} failed: ${result.error}: ${result.cause}`);
      const checked = stages["Check the term's outputs"]!.checked as {
        schools: number;
        areas: number;
        letters: number;
      };
      expect(checked).toMatchObject({ schools: 242, areas: 5 });
      // Every letter of the term, sent or held, was checked against the records.
      expect(checked.letters).toBeGreaterThan(0);
      expectStagesAgree(stages, result.summary);
      expect(JSON.parse(readFileSync(join(outDir, result.term, 'summary.json'), 'utf8'))).toMatchObject({
        schools: 242,
        categories: result.summary.categories,
        emailsSent: result.summary.emailsSent,
      });
    }
    // The example's stories happen: Riverton's letters wait in the autumn, and the three terms all send letters.
    expect(terms[0]!.result.status === 'succeeded' && terms[0]!.result.summary.lettersAwaitingDecision).toBeGreaterThan(
      0,
    );
    expect(
      terms.map((r) => (r.result.status === 'succeeded' ? r.result.summary.emailsSent : 0)).every((n) => n > 0),
    ).toBe(true);
  });

  it('passes a term of an authority of about 2,500 schools', async () => {
    const data = join(work, 'large-data');
    const made = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(REPOSITORY_ROOT, 'scripts/generate-example.ts'), '--schools', '2500', '--out', data],
      { cwd: REPOSITORY_ROOT, encoding: 'utf8' },
    );
    expect(made.status, made.stderr).toBe(0);
    const [run] = await runTerms(data, ['2026-autumn'], join(work, 'large-out'));
    const { result, stages, exited } = run!;
    if (result.status !== 'succeeded') throw new Error(`the run failed: ${result.error}: ${result.cause}`);
    expect(result.summary.schools).toBeGreaterThan(2400);
    expect(stages["Check the term's outputs"]!.checked).toMatchObject({
      schools: result.summary.schools,
      areas: 52,
    });
    // More letters than one invocation sends: the letters' stage went round again, and its last round has the totals.
    expect(exited).toContain(NOTIFY_LOOP.again);
    expectStagesAgree(stages, result.summary);
  });
});

/**
 * Each letter exactly once, whatever is killed and whenever: `npm run cycle` killed with SIGKILL at eight points of
 * its letters, at full speed (1,000 a second, sixteen letters in hand at once), each time started again with nothing
 * else done, until a run finishes. What the local SES took (its record in the store, written before it answers) holds
 * every letter of an unkilled run exactly once, and none is left waiting.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { letterKeyOfTag } from '../../functions/core/letters/letters';
import { freePort } from '../../local/services';
import { exampleRun } from '../e2e/example-run';
import { startProjectCommand } from './project-command';

const work = mkdtempSync(join(tmpdir(), 'kills-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The letters the local SES took, by key, in the order it took them (one line each, written before it answered). */
const taken = (store: string): string[] => {
  const log = join(store, 'ses-sent.jsonl');
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line.endsWith('}'))
    .map((line) => letterKeyOfTag((JSON.parse(line) as { tag: string }).tag));
};

/**
 * One `npm run cycle` of the example's autumn on `store`, killed with SIGKILL once the local SES has taken `killAfter`
 * letters in all.
 */
async function run(
  store: string,
  killAfter?: number,
): Promise<{ killed: boolean; code: number | null; output: string }> {
  const [dynamoDbPort, sesPort] = [await freePort(), await freePort()];
  const { child, output } = startProjectCommand(
    'local/cycle-cli.ts',
    '--term',
    '2026-autumn',
    '--store',
    store,
    '--out',
    join(work, 'out'),
    '--send-rate',
    '1000',
    '--dynamodb-port',
    String(dynamoDbPort),
    '--ses-port',
    String(sesPort),
  );
  const watching =
    killAfter === undefined
      ? undefined
      : setInterval(() => {
          if (taken(store).length >= killAfter) child.kill('SIGKILL');
        }, 2);
  const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (c, s) => resolve({ code: c, signal: s })),
  );
  clearInterval(watching);
  clearTimeout(timer);
  return { killed: signal === 'SIGKILL', code, output: output() };
}

describe('each letter exactly once, however often the run is killed', () => {
  it('sends every letter of an unkilled run once, across eight SIGKILLs during the letters and the runs started again after each', {
    timeout: 1_200_000,
  }, async () => {
    // The letters of an unkilled run: what the local SES took of the autumn in the example's run the files that only
    // read it share (tests/e2e/example-run.ts), on the same files and day.
    const expected = taken((await exampleRun()).storeDir).filter((key) => key.startsWith('2026-autumn#'));
    expect(expected.length).toBe(32);
    expect(new Set(expected).size).toBe(32);

    const store = join(work, 'killed');
    const killedAt: number[] = [];
    for (const killAfter of [1, 2, 5, 9, 14, 19, 25, 30]) {
      const killed = await run(store, killAfter);
      expect(killed.killed, `the run was to be killed once ${killAfter} letters had gone: ${killed.output}`).toBe(true);
      killedAt.push(taken(store).length);
    }
    // Killed at eight different points of the letters (at full speed a kill lands a letter or two after it is asked).
    expect(new Set(killedAt).size).toBeGreaterThanOrEqual(6);
    const last = await run(store);
    expect(last.code, last.output).toBe(0);
    const received = taken(store);
    expect(received.length).toBe(32);
    expect([...received].sort()).toEqual([...expected].sort());
    // None left waiting for a later run.
    const summary = JSON.parse(readFileSync(join(work, 'out', '2026-autumn', 'summary.json'), 'utf8')) as {
      emailsSent: number;
      emailsAlreadySent: number;
      emailsPending: number;
    };
    expect(summary.emailsPending).toBe(0);
    expect(summary.emailsSent + summary.emailsAlreadySent).toBe(32);
    expect(last.output).not.toContain('left unfinished');
  });
});

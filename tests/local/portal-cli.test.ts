/**
 * npm run portal -- --store <dir>: the portal over a store a run kept, served until Ctrl-C, which stops it and its
 * DynamoDB Local.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../local/services';
import { copyStore, exampleRun } from '../e2e/example-run';
import { startProjectCommand } from './project-command';

vi.setConfig({ testTimeout: 900_000 });

describe('npm run portal', () => {
  const work = mkdtempSync(join(tmpdir(), 'sic-portal-cli-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("serves a kept store's proposals behind sign-in, and stops on Ctrl-C", async () => {
    const store = copyStore((await exampleRun()).storeAfterAutumn, join(work, 'store'));
    const [port, dynamoDbPort, sesPort] = [await freePort(), await freePort(), await freePort()];
    const { child, output } = startProjectCommand(
      'local/portal-cli.ts',
      '--store',
      store,
      '--port',
      String(port),
      '--dynamodb-port',
      String(dynamoDbPort),
      '--ses-port',
      String(sesPort),
    );
    const ended = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const until = Date.now() + 120_000;
      while (!output().includes('Serving the store until Ctrl-C')) {
        if (Date.now() > until || child.exitCode !== null) throw new Error(`the portal did not start:\n${output()}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(output()).toContain(`The portal: http://localhost:${port}`);
      expect(output()).toMatch(/ashdown-chair\s+Priya Shah, Ashdown AAG chair/);
      // The school people the store's contacts invite: a headteacher by their address, and the task-group chair of
      // the same school.
      expect(output()).toMatch(
        /School people, invited from the newest term's contacts and task groups \(password for each: example-only\):\n\s+\S+@\S+\s+.+, headteacher of .+\n\s+[a-z-]+\s+.+, visiting adviser and task group chair \((NLE|LLE|SLE)\), for \d+ schools?\n/,
      );
      const page = await fetch(`http://localhost:${port}/aag/ashdown`, { redirect: 'manual' });
      expect(page.status).toBe(303);
      expect(page.headers.get('location')).toBe('/sign-in?return=%2Faag%2Fashdown');
      const signIn = await fetch(`http://localhost:${port}/sign-in?return=%2Faag%2Fashdown`, { redirect: 'manual' });
      expect(signIn.status).toBe(302);
      expect(signIn.headers.get('location')).toMatch(/^http:\/\/localhost:\d+\/auth\?/);
    } finally {
      child.kill('SIGINT');
    }
    expect(await ended).toBe(0);
    expect(output()).toContain('Stopped.');
  });
});

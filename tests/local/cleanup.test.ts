/**
 * A run that fails, exits, is interrupted or is ended never leaves DynamoDB Local running: the Java process that
 * holds its port goes with the process that started it.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from '../../local/repository';
import { checkPortFree, freePort } from '../../local/services';

async function portFreed(port: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      await checkPortFree(port, 'DynamoDB Local', '--dynamodb-port');
      return true;
    } catch {
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

async function startThenEnd(
  how: 'SIGINT' | 'SIGTERM' | 'exit' | 'throw',
): Promise<{ port: number; code: number | null; signal: NodeJS.Signals | null }> {
  const port = await freePort();
  // Node itself (not the tsx wrapper, which would stand between the signal and the process).
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPOSITORY_ROOT, 'tests/local/fixtures/start-dynamodb.ts'), String(port), how],
    { cwd: REPOSITORY_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready')) resolve();
    });
    child.once('exit', () => reject(new Error(`it ended before DynamoDB Local was ready: ${out}`)));
  });
  if (how === 'SIGINT' || how === 'SIGTERM') {
    expect(await portFreed(port, 0)).toBe(false); // DynamoDB Local holds it
    child.kill(how);
  }
  return { port, ...(await exited) };
}

describe('DynamoDB Local never outlives the process that started it', { timeout: 120_000 }, () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'stops it on %s, and the process still ends by the signal',
    async (signal) => {
      const { port, signal: endedBy } = await startThenEnd(signal);
      expect(endedBy).toBe(signal);
      expect(await portFreed(port, 10_000)).toBe(true);
    },
  );

  it('stops it when the process is killed with SIGKILL, which runs no handler of its own (its watchdog does)', async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(REPOSITORY_ROOT, 'tests/local/fixtures/start-dynamodb.ts'), String(port), 'wait'],
      { cwd: REPOSITORY_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve()),
    );
    expect(await portFreed(port, 0)).toBe(false);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(await portFreed(port, 15_000)).toBe(true);
  });

  it.each(['exit', 'throw'] as const)('stops it when the process ends on its own (%s)', async (how) => {
    const { port, code } = await startThenEnd(how);
    expect(code).not.toBe(0);
    expect(await portFreed(port, 10_000)).toBe(true);
  });
});

describe('a local cycle that cannot start stops what it started', { timeout: 120_000 }, () => {
  it('stops DynamoDB Local, launched while the app was synthesized, when the app cannot be synthesized', async () => {
    const [dynamoDbPort, sesPort] = [await freePort(), await freePort()];
    const { CONTEXT_KEY } = await import('../../lib/config');
    const { LocalCycle } = await import('../../local/local-cycle');
    // A setting cdk.json would refuse: the synthesis fails after DynamoDB Local's Java was launched.
    const started = LocalCycle.start({ dynamoDbPort, sesPort, context: { [CONTEXT_KEY]: { laCode: 'not a code' } } });
    await expect(started).rejects.toThrow(/cdk\.json context is not valid/);
    // The synthesis fails within a second, before Java has booted far enough to take its port: had the process
    // been left running it would take it within seconds, so the port must still be free well after that.
    await new Promise((r) => setTimeout(r, 10_000));
    expect(await portFreed(dynamoDbPort, 0)).toBe(true);
    expect(await portFreed(sesPort, 0)).toBe(true);
  });
});

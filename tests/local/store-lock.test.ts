/**
 * One owner per store: a second run on a store another run holds is refused at once, naming the holder; a run
 * killed with SIGKILL (no handler runs) leaves no DynamoDB Local behind, and the next run takes the store over.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from '../../local/repository';
import { checkPortFree, freePort, STORE_LOCK_FILE, type StoreHolder } from '../../local/services';

const work = mkdtempSync(join(tmpdir(), 'store-lock-'));
const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

/** `npm run cycle` on the example's autumn, as a person starts it (node itself, so a signal reaches it). */
async function cycle(store: string) {
  const [dynamoDbPort, sesPort] = [await freePort(), await freePort()];
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(REPOSITORY_ROOT, 'local/cycle-cli.ts'),
      '--term',
      '2026-autumn',
      '--store',
      store,
      '--out',
      join(work, `out-${dynamoDbPort}`),
      '--dynamodb-port',
      String(dynamoDbPort),
      '--ses-port',
      String(sesPort),
    ],
    { cwd: REPOSITORY_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  started.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const printed = async (text: string) => {
    const deadline = Date.now() + 180_000;
    while (!output.includes(text)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`it never printed "${text}": ${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { child, dynamoDbPort, ended, printed, output: () => output };
}

const holderOf = (store: string) =>
  JSON.parse(readFileSync(join(store, 'dynamodb', STORE_LOCK_FILE), 'utf8')) as StoreHolder;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
async function until(check: () => boolean | Promise<boolean>, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
}
const portFree = (port: number) =>
  checkPortFree(port, 'DynamoDB Local', '--dynamodb-port').then(
    () => true,
    () => false,
  );

describe('one run of a store at a time', () => {
  it('refuses a second run on a store another run holds, at once and by name, and leaves the first to finish', {
    timeout: 400_000,
  }, async () => {
    const store = join(work, 'shared');
    const first = await cycle(store);
    await first.printed('Data intake');
    const holder = holderOf(store);
    expect(holder.pid).toBe(first.child.pid);
    const second = await cycle(store);
    const refused = await second.ended;
    expect(refused.code).toBe(2);
    expect(second.output()).toContain(
      `Cannot run the cycle: the store ${store} is in use by another run: npm run cycle -- --term 2026-autumn --store ${store}`,
    );
    expect(second.output()).toContain(
      `(process ${first.child.pid}, since ${holder.since}). Wait for it to finish, or stop it (kill ${first.child.pid}), and run again`,
    );
    expect(await portFree(second.dynamoDbPort)).toBe(true);
    expect((await first.ended).code).toBe(0);
    expect(first.output()).toContain('Done in');
    // Its lock goes with it.
    expect(existsSync(join(store, 'dynamodb', STORE_LOCK_FILE))).toBe(false);
  });

  it('leaves no DynamoDB Local when a run is killed with SIGKILL, and the next run takes the store over', {
    timeout: 400_000,
  }, async () => {
    const store = join(work, 'killed');
    const killed = await cycle(store);
    await killed.printed('Data intake');
    const { dynamoDbPid } = holderOf(store);
    expect(dynamoDbPid).toBeGreaterThan(0);
    expect(alive(dynamoDbPid!)).toBe(true);
    killed.child.kill('SIGKILL');
    expect((await killed.ended).signal).toBe('SIGKILL');
    // No handler of its own ran: its watchdog stops the JVM, which frees the port.
    expect(await until(() => !alive(dynamoDbPid!), 15_000)).toBe(true);
    expect(await until(() => portFree(killed.dynamoDbPort), 5_000)).toBe(true);
    // The lock is still there, naming a process that is gone: the next run takes it over, and the term runs.
    expect(holderOf(store).pid).toBe(killed.child.pid);
    const again = await cycle(store);
    expect((await again.ended).code, again.output()).toBe(0);
    expect(again.output()).toContain('Done in');
  });
});

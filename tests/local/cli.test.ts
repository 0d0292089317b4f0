/** `npm run cycle` refuses what it cannot run, with exit code 2 and a message that says what to do. */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from '../../local/local-cycle';
import { freePort } from '../../local/services';

function cycle(...args: string[]) {
  const result = spawnSync(join(REPOSITORY_ROOT, 'node_modules/.bin/tsx'), [join(REPOSITORY_ROOT, 'local/cycle-cli.ts'), ...args], { cwd: REPOSITORY_ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('npm run cycle, when it cannot run', () => {
  it('rejects a term that is not a term', () => {
    const { status, output } = cycle('--term', '2026-winter');
    expect(status).toBe(2);
    expect(output).toContain('--term takes a term: <year>-<autumn|spring|summer>, e.g. 2026-autumn');
    expect(output).toContain('Usage: npm run cycle');
  });

  it('rejects an unknown option', () => {
    const { status, output } = cycle('--dry');
    expect(status).toBe(2);
    expect(output).toContain("Unknown option '--dry'");
  });

  it('says when the data folder is not there', () => {
    const { status, output } = cycle('--data', '/nonexistent/term-files');
    expect(status).toBe(2);
    expect(output).toContain('--data /nonexistent/term-files: no such folder');
  });

  it('says which port is in use and how to choose another', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const dynamoDbPort = await freePort();
    const blocker = createServer().listen(port, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    try {
      const result = await new Promise<{ status: number | null; output: string }>((resolve) => {
        // Run asynchronously so that this process keeps serving the blocking socket.
        import('node:child_process').then(({ execFile }) => {
          execFile(join(REPOSITORY_ROOT, 'node_modules/.bin/tsx'), [join(REPOSITORY_ROOT, 'local/cycle-cli.ts'), '--ses-port', String(port), '--dynamodb-port', String(dynamoDbPort)], { cwd: REPOSITORY_ROOT }, (error, stdout, stderr) =>
            resolve({ status: error ? (error.code as number) : 0, output: `${stdout}${stderr}` }),
          );
        });
      });
      expect(result.output).toContain(`port ${port} (for the local SES) is in use. Stop whatever is using it, or choose another port with --ses-port <port>.`);
      expect(result.status).toBe(2);
    } finally {
      blocker.close();
    }
  });
});

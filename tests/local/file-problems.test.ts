/** A file that cannot be written is said in words, with what to do; the stack goes to a file the message names. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileProblem } from '../../local/file-problems';
import { REPOSITORY_ROOT } from '../../local/repository';
import { freePort } from '../../local/services';

describe('a file-system error, in words', () => {
  it.each([
    [
      "EACCES: permission denied, mkdir '/srv/out/2026-autumn'",
      'cannot write /srv/out/2026-autumn: permission denied (the folder is read-only, or belongs to someone else). Make it writable, or choose another folder (--out, --store), and run again.',
    ],
    [
      "EROFS: read-only file system, open '/mnt/ro/summary.json'",
      'cannot write /mnt/ro/summary.json: it is on a read-only file system. Choose a folder on a writable disk (--out, --store) and run again.',
    ],
    [
      'ENOSPC: no space left on device, write',
      'the disk is full. Free some space and run the term again: letters already sent are recorded and will not be sent twice.',
    ],
    [
      "ENOSPC: no space left on device, open '/srv/out/2026-autumn/emails/1-head.eml'",
      'the disk is full (writing /srv/out/2026-autumn/emails/1-head.eml). Free some space and run the term again: letters already sent are recorded and will not be sent twice.',
    ],
    [
      "ENOTDIR: not a directory, mkdir '/tmp/file/out'",
      'cannot write /tmp/file/out: part of that path is a file, not a folder. Choose another folder (--out, --store) and run again.',
    ],
  ])('says %s as a person would', (message, words) => {
    expect(fileProblem(message)).toBe(words);
  });

  it('leaves other errors, and a file only looked for, to whoever knows what they mean', () => {
    expect(fileProblem('TermAlreadyRunning: 2026-autumn is already being run')).toBeUndefined();
    expect(fileProblem("ENOENT: no such file or directory, stat '/data/2026-autumn/register.csv'")).toBeUndefined();
  });
});

describe('npm run cycle, when it cannot write its outputs', () => {
  const work = mkdtempSync(join(tmpdir(), 'file-problems-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('says what it could not write and what to do, with no stack trace, and names the file that holds it', {
    timeout: 300_000,
  }, async () => {
    writeFileSync(join(work, 'a-file'), 'not a folder');
    const out = join(work, 'a-file', 'out');
    const result = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join(REPOSITORY_ROOT, 'local/cycle-cli.ts'),
        '--term',
        '2026-autumn',
        '--out',
        out,
        '--dynamodb-port',
        String(await freePort()),
        '--ses-port',
        String(await freePort()),
      ],
      { cwd: REPOSITORY_ROOT, encoding: 'utf8', timeout: 280_000 },
    );
    const output = `${result.stdout}${result.stderr}`;
    expect(result.status).toBe(1);
    expect(output).toContain(
      `Cannot run the cycle: cannot write ${out}/2026-autumn: part of that path is a file, not a folder. Choose another folder (--out, --store) and run again.`,
    );
    expect(output).not.toMatch(/^\s+at /m);
    const details = /\(The details are in (\S+)\.\)/.exec(output)![1]!;
    expect(existsSync(details)).toBe(true);
    expect(readFileSync(details, 'utf8')).toMatch(/^\s+at /m);
    rmSync(details);
  });
});

import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expireWorkingFiles, filesUnder } from '../../local/working-files';

describe("a local run's working files, expired as the bucket's lifecycle rule would", () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  const root = () => {
    const dir = mkdtempSync(join(tmpdir(), 'sic-working-files-'));
    roots.push(dir);
    return dir;
  };
  const run = (at: string, term: string, folder: string, files: string[], daysOld = 0) => {
    const dir = join(at, term, folder);
    mkdirSync(join(dir, 'intake'), { recursive: true });
    for (const name of files) writeFileSync(join(dir, 'intake', name), '[]');
    const then = new Date(Date.parse('2026-12-01T12:00:00Z') - daysOld * 24 * 3600 * 1000);
    utimesSync(dir, then, then);
  };
  const now = new Date('2026-12-01T12:00:00Z');

  it("removes the run's own files as it ends, and says how many it wrote", () => {
    const at = root();
    run(at, '2026-autumn', 'this-run', ['first.json', 'from-100004.json', 'from-100007.json']);
    run(at, '2026-autumn', 'yesterdays-run', ['first.json'], 1);
    expect(expireWorkingFiles(at, '2026-autumn', 'this-run', now)).toBe(3);
    // Another run's, a day old, stays: on AWS it is kept a week.
    expect(readdirSync(join(at, '2026-autumn'))).toEqual(['yesterdays-run']);
    expect(filesUnder(at)).toBe(1);
  });

  it("removes any other run's folder, of any term, once it is more than a week old, and nothing younger", () => {
    const at = root();
    run(at, '2026-autumn', 'killed-run', ['first.json', 'from-100004.json'], 8);
    run(at, '2026-summer', 'older-killed-run', ['first.json'], 30);
    run(at, '2026-summer', 'six-days-old', ['first.json'], 6);
    run(at, '2027-spring', 'this-run', ['first.json']);
    expect(expireWorkingFiles(at, '2027-spring', 'this-run', now)).toBe(1);
    expect(readdirSync(join(at, '2026-autumn'))).toEqual([]);
    expect(readdirSync(join(at, '2026-summer'))).toEqual(['six-days-old']);
    expect(readdirSync(join(at, '2027-spring'))).toEqual([]);
  });

  it('removes only the week-old folders for a run that ended before data intake said when it started', () => {
    const at = root();
    run(at, '2026-autumn', 'killed-run', ['first.json'], 8);
    run(at, '2026-autumn', 'todays-run', ['first.json']);
    expect(expireWorkingFiles(at, '2026-autumn', undefined, now)).toBe(0);
    expect(readdirSync(join(at, '2026-autumn'))).toEqual(['todays-run']);
  });

  it('has nothing to do where no run wrote any', () => {
    expect(expireWorkingFiles(join(root(), 'none'), '2026-autumn', 'this-run', now)).toBe(0);
  });
});

/** The order the test files start in (tests/longest-first.ts) names files that are there. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from '../../local/repository';
import { LONGEST_FIRST } from '../longest-first';

describe('the longest test files first', () => {
  it('names only files that are there (a file renamed or moved would otherwise start wherever vitest puts it)', () => {
    expect(LONGEST_FIRST.length).toBeGreaterThan(0);
    expect(LONGEST_FIRST.filter((file) => !existsSync(join(REPOSITORY_ROOT, file)))).toEqual([]);
  });
});

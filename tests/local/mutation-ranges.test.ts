import { describe, expect, it } from 'vitest';
import { changedRanges, mutationScope } from '../../local/mutation-ranges';

describe("the lines a change touched, for CI's mutation run", () => {
  it("are each hunk's new lines, file by file; deletions and files that are not TypeScript mutate nothing", () => {
    const diff = [
      'diff --git a/functions/core/letters/letters.ts b/functions/core/letters/letters.ts',
      '--- a/functions/core/letters/letters.ts',
      '+++ b/functions/core/letters/letters.ts',
      '@@ -101 +101 @@ export function letterFileName(',
      '-old',
      '+new',
      '@@ -120,3 +121,5 @@',
      '@@ -200,4 +203,0 @@',
      'diff --git a/functions/core/support/gone.ts b/functions/core/support/gone.ts',
      '--- a/functions/core/support/gone.ts',
      '+++ /dev/null',
      '@@ -1,10 +0,0 @@',
      '--- a/functions/core/notes.md',
      '+++ b/functions/core/notes.md',
      '@@ -1 +1,2 @@',
    ].join('\n');
    expect(changedRanges(diff)).toEqual([
      'functions/core/letters/letters.ts:101-101',
      'functions/core/letters/letters.ts:121-125',
    ]);
  });
});

describe("the mutants a run's report is read for", () => {
  it('are those of the files given, and of the lines given for a range; every one where nothing is given', () => {
    const scope = mutationScope(['functions/core/letters/letters.ts:101-103', 'functions/core/support/*.ts']);
    expect(scope('functions/core/letters/letters.ts', 101)).toBe(true);
    expect(scope('functions/core/letters/letters.ts', 103)).toBe(true);
    expect(scope('functions/core/letters/letters.ts', 104)).toBe(false);
    expect(scope('functions/core/letters/letters.ts', 100)).toBe(false);
    expect(scope('functions/core/support/brokering.ts', 1)).toBe(true);
    expect(scope('functions/core/support/deeper/brokering.ts', 1)).toBe(false);
    expect(scope('functions/core/letters/mime.ts', 101)).toBe(false);
    expect(mutationScope(['functions/core/**/*.ts'])('functions/core/support/deeper/brokering.ts', 1)).toBe(true);
    expect(mutationScope(['functions/core/letters/letters.ts'])('functions/core/letters/letters_ts', 1)).toBe(false);
    expect(mutationScope(undefined)('anything.ts', 1)).toBe(true);
  });
});

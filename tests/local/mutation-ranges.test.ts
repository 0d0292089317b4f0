import { describe, expect, it } from 'vitest';
import { changedRanges } from '../../local/mutation-ranges';

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

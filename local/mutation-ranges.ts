/**
 * The lines a change touched, for `npm run mutation -- --changed <rev>`: from `git diff --unified=0`, each TypeScript
 * file's changed lines as Stryker's `file:start-end` ranges, so that CI mutates the code a commit changed and no more.
 */
/** Each hunk's new lines, as `file:start-end`; a hunk that only deletes lines mutates none. */
export function changedRanges(diff: string): string[] {
  const ranges: string[] = [];
  let file: string | undefined;
  for (const line of diff.split('\n')) {
    const to = /^\+\+\+ (?:b\/)?(.*)$/.exec(line);
    if (to) file = to[1] !== '/dev/null' && to[1]!.endsWith('.ts') ? to[1] : undefined;
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && file) {
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      if (count > 0) ranges.push(`${file}:${start}-${start + count - 1}`);
    }
  }
  return ranges;
}

/**
 * Whether a mutant is one this run was asked for: in a file given (a path, or a glob of `*` and `**`), and, for a
 * `file:start-end` range, on one of those lines.
 */
export function mutationScope(mutate: readonly string[] | undefined): (file: string, line: number) => boolean {
  if (!mutate) return () => true;
  const scopes = mutate.map((entry) => {
    const range = /^(.*):(\d+)-(\d+)$/.exec(entry);
    const glob = range ? range[1]! : entry;
    const pattern = glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*\*\/?/g, '§§')
      .replace(/\*/g, '[^/]*')
      .replace(/\?/g, '[^/]')
      .replace(/§§/g, '.*');
    return {
      file: new RegExp(`^${pattern}$`),
      from: range ? Number(range[2]) : 0,
      to: range ? Number(range[3]) : Infinity,
    };
  });
  return (file, line) => scopes.some((s) => s.file.test(file) && line >= s.from && line <= s.to);
}

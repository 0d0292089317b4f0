import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LA_SHEETS } from '../../functions/core/intake';
import { readRows, readSheet, type SheetSpec } from '../../functions/core/sheets';
import { REPOSITORY_ROOT } from '../../local/local-cycle';
import { inputsMarkdown } from '../../scripts/write-templates';

const file = (...parts: string[]) => new Uint8Array(readFileSync(join(REPOSITORY_ROOT, ...parts)));

describe('templates and input documentation', () => {
  it('docs/inputs.md is up to date with the sheet definitions (run `npm run templates`)', () => {
    expect(readFileSync(join(REPOSITORY_ROOT, 'docs/inputs.md'), 'utf8')).toBe(inputsMarkdown());
  });

  it.each(LA_SHEETS.map((spec) => [spec.name, spec] as const))(
    '%s: the templates carry every column, and the examples pass intake',
    (name, spec) => {
      const headers = Object.values(spec.columns).map((c) => c.header);
      for (const template of [`${name}.csv`, `${name}.xlsx`]) {
        expect([...readRows(template, file('templates', template))][0]?.cells).toEqual(headers);
      }
      for (const example of [`${name}.example.csv`, `${name}.example.xlsx`]) {
        const result = readSheet(spec as SheetSpec<unknown>, example, readRows(example, file('templates', example)));
        expect(result.rejected).toEqual([]);
        expect(result.accepted).toHaveLength(1);
      }
    },
  );
});

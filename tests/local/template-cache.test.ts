/**
 * The local runner keeps the synthesized template by a digest of everything synthesis depends on
 * (local/template.ts): the same app, context and CDK give the kept template; any change synthesizes again.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTEXT_KEY } from '../../lib/config';
import { REPOSITORY_ROOT } from '../../local/repository';
import { type CfnTemplate, cdkJsonContext, synthesisDigest, synthesizedTemplate } from '../../local/template';

const made: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'sic-template-'));
  made.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A repository of a few files: the app's own, and some synthesis never reads. */
function repository(): string {
  const root = tempDir();
  for (const [path, text] of Object.entries({
    'lib/stack.ts': 'export const a = 1;',
    'lib/constructs/tables.ts': 'export const b = 2;',
    'methodologies/default.yaml': 'id: default',
    'cdk.json': '{"context":{}}',
    'package-lock.json': '{"lockfileVersion":3}',
    'README.md': '# readme',
    'tests/x.test.ts': 'test',
  })) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('the digest of what the template is made from', () => {
  const env = { PATH: '/usr/bin', CDK_DEFAULT_ACCOUNT: '111111111111' };

  it('is the same for the same files, context and CDK variables, whatever else changes', () => {
    const root = repository();
    const digest = synthesisDigest(root, { a: 1 }, env);
    expect(synthesisDigest(root, { a: 1 }, { ...env, PATH: '/bin', HOME: '/root' })).toBe(digest);
    writeFileSync(join(root, 'README.md'), '# another readme');
    writeFileSync(join(root, 'tests/y.test.ts'), 'another test');
    expect(synthesisDigest(root, { a: 1 }, env)).toBe(digest);
  });

  it('changes with any file of the app, the methodology, cdk.json or the lock file, the context, or a CDK variable', () => {
    const root = repository();
    const digest = synthesisDigest(root, { a: 1 }, env);
    const changed = (change: () => void) => {
      const before = synthesisDigest(root, { a: 1 }, env);
      change();
      return synthesisDigest(root, { a: 1 }, env) !== before;
    };
    expect(changed(() => writeFileSync(join(root, 'lib/constructs/tables.ts'), 'export const b = 3;'))).toBe(true);
    expect(changed(() => writeFileSync(join(root, 'lib/constructs/new.ts'), ''))).toBe(true);
    expect(changed(() => writeFileSync(join(root, 'methodologies/default.yaml'), 'id: changed'))).toBe(true);
    expect(changed(() => writeFileSync(join(root, 'cdk.json'), '{"context":{"x":1}}'))).toBe(true);
    expect(changed(() => writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion":3,"packages":{}}'))).toBe(
      true,
    );
    expect(changed(() => mkdirSync(join(root, 'bin')))).toBe(false); // an empty folder is nothing to synthesize
    expect(changed(() => writeFileSync(join(root, 'bin/app.ts'), 'app'))).toBe(true);
    expect(synthesisDigest(root, { a: 2 }, env)).not.toBe(synthesisDigest(root, { a: 1 }, env));
    expect(synthesisDigest(root, { a: 1 }, { ...env, CDK_DEFAULT_ACCOUNT: '222222222222' })).not.toBe(
      synthesisDigest(root, { a: 1 }, env),
    );
    expect(synthesisDigest(root, { a: 1 }, env)).not.toBe(digest);
  });
});

describe('the kept template', { timeout: 120_000 }, () => {
  it('is read back for the same context without synthesizing, and a new context is synthesized', async () => {
    const cacheDir = tempDir();
    // Sixty kept by earlier versions of the app, the oldest first: fifty are kept, the newest among them this run's.
    for (let i = 0; i < 60; i++) {
      writeFileSync(join(cacheDir, `old-${i}.json`), '{}');
      utimesSync(join(cacheDir, `old-${i}.json`), new Date(2026, 0, 1, 0, i), new Date(2026, 0, 1, 0, i));
    }
    const context = cdkJsonContext(REPOSITORY_ROOT);
    const first = await synthesizedTemplate(context, { cacheDir });
    expect(Object.values(first.Resources).some((r) => r.Type === 'AWS::StepFunctions::StateMachine')).toBe(true);
    expect(readdirSync(cacheDir)).toHaveLength(50);
    expect(
      readdirSync(cacheDir)
        .filter((name) => name.startsWith('old-'))
        .sort((a, b) => Number(a.slice(4, -5)) - Number(b.slice(4, -5)))[0],
    ).toBe('old-11.json');
    for (let i = 0; i < 60; i++) rmSync(join(cacheDir, `old-${i}.json`), { force: true });
    const [kept] = readdirSync(cacheDir);
    expect(kept).toMatch(/^[0-9a-f]{64}\.json$/);
    expect(JSON.parse(readFileSync(join(cacheDir, kept!), 'utf8'))).toEqual(first);
    // Marked where it is kept: the second run reads the mark, so it did not synthesize.
    writeFileSync(join(cacheDir, kept!), JSON.stringify({ ...first, Marked: true }));
    expect(((await synthesizedTemplate(context, { cacheDir })) as CfnTemplate & { Marked?: boolean }).Marked).toBe(
      true,
    );
    // Another authority's code: synthesized again, kept beside the first.
    const other = { ...context, [CONTEXT_KEY]: { ...(context[CONTEXT_KEY] as object), laCode: '383' } };
    const synthesized = (await synthesizedTemplate(other, { cacheDir })) as CfnTemplate & { Marked?: boolean };
    expect(synthesized.Marked).toBeUndefined();
    expect(JSON.stringify(synthesized)).toContain('383');
    expect(readdirSync(cacheDir)).toHaveLength(2);
  });

  it('is synthesized and used where it cannot be kept', async () => {
    // A folder that cannot be made, even by root: its parent is a file.
    const parent = join(tempDir(), 'a-file');
    writeFileSync(parent, '');
    const template = await synthesizedTemplate(cdkJsonContext(REPOSITORY_ROOT), {
      cacheDir: join(parent, 'templates'),
    });
    expect(Object.values(template.Resources).some((r) => r.Type === 'AWS::StepFunctions::StateMachine')).toBe(true);
  });
});

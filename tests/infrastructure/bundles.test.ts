/** The esbuild bundles that `cdk deploy` uploads: each one loads as an ES module on Node and exports its handler. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app';
import { EVENT_FUNCTIONS, STAGES } from '../../lib/stages';
import { REPOSITORY_ROOT } from '../../local/local-cycle';
import { cdkJsonContext } from '../../local/template';

describe('deployable bundles', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'sic-bundles-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('bundles every stage into an ES module that exports `handler`', { timeout: 600_000 }, async () => {
    const app = new App({ outdir, context: cdkJsonContext(REPOSITORY_ROOT) });
    buildApp(app);
    app.synth();
    const bundles = readdirSync(outdir).filter(
      (name) => name.startsWith('asset.') && readdirSync(join(outdir, name)).includes('index.mjs'),
    );
    expect(bundles).toHaveLength(Object.keys(STAGES).length + Object.keys(EVENT_FUNCTIONS).length);
    for (const bundle of bundles) {
      const module = (await import(pathToFileURL(join(outdir, bundle, 'index.mjs')).href)) as { handler?: unknown };
      expect(typeof module.handler).toBe('function');
    }
    // The stages that read the methodology carry its files.
    const withMethodology = bundles.filter((b) => readdirSync(join(outdir, b)).includes('methodologies'));
    expect(withMethodology).toHaveLength(
      Object.values(STAGES).filter((s) => (s.needs as readonly string[]).includes('methodology')).length,
    );
    for (const bundle of withMethodology)
      expect(readdirSync(join(outdir, bundle, 'methodologies'))).toContain('default.yaml');
  });
});

/** The esbuild bundles that `cdk deploy` uploads: each one loads as an ES module on Node and exports its handler. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLED_ASSET_FILES } from '../../functions/portal/assets';
import { buildApp } from '../../lib/app';
import { EVENT_FUNCTIONS, STAGES } from '../../lib/stages';
import { REPOSITORY_ROOT } from '../../local/local-cycle';
import { cdkJsonContext } from '../../local/template';

/** What each module exports as `handler` (its typeof, or the error importing it threw), imported by plain Node. */
function handlerTypes(modules: string[]): Record<string, string> {
  const script = [
    "import { pathToFileURL } from 'node:url';",
    'const types = {};',
    'for (const path of process.argv.slice(1)) {',
    '  try { types[path] = typeof (await import(pathToFileURL(path).href)).handler; }',
    '  catch (error) { types[path] = String(error); }',
    '}',
    'process.stdout.write(JSON.stringify(types));',
  ].join('\n');
  const node = spawnSync(process.execPath, ['--input-type=module', '-e', script, ...modules], { encoding: 'utf8' });
  if (node.status !== 0) throw new Error(`importing the bundles failed: ${node.stderr}`);
  return JSON.parse(node.stdout) as Record<string, string>;
}

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
    // Each imported as Lambda's Node imports it: by Node itself, in a process of its own, not through the test
    // runner's module loader (which transformed each 2 MB bundle and read its 4 MB source map: about 50 s for all).
    const handlers = handlerTypes(bundles.map((bundle) => join(outdir, bundle, 'index.mjs')));
    expect(handlers).toEqual(
      Object.fromEntries(bundles.map((bundle) => [join(outdir, bundle, 'index.mjs'), 'function'])),
    );
    // The stages that read the methodology carry its files.
    const withMethodology = bundles.filter((b) => readdirSync(join(outdir, b)).includes('methodologies'));
    const specs = [...Object.values(STAGES), ...Object.values(EVENT_FUNCTIONS)];
    const needing = (need: string) => specs.filter((s) => (s.needs as readonly string[]).includes(need)).length;
    expect(withMethodology).toHaveLength(needing('methodology'));
    for (const bundle of withMethodology)
      expect(readdirSync(join(outdir, bundle, 'methodologies'))).toContain('default.yaml');
    // The portal's carries its stylesheet and script where it reads them (functions/portal/assets.ts).
    const withAssets = bundles.filter((b) => BUNDLED_ASSET_FILES.every((f) => existsSync(join(outdir, b, f))));
    expect(withAssets).toHaveLength(needing('portal-assets'));
  });
});

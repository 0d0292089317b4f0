/**
 * The portal's static files: GOV.UK Frontend's stylesheet and script (from the govuk-frontend package, carried in the
 * function's bundle at the same path as in the repository) and the portal's own. The stylesheet is GOV.UK
 * Frontend's without the GDS Transport typeface, which only GOV.UK may use: its text falls back to Arial, as the
 * Design System advises services off GOV.UK.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const GOVUK_FRONTEND_DIR = 'node_modules/govuk-frontend/dist/govuk';
export const PORTAL_ASSETS_DIR = 'functions/portal/assets';

export interface Asset {
  body: string;
  type: string;
}

let assets: Map<string, Asset> | undefined;

/** The files under /assets/, read once; `root` is the repository's root locally, the function's root on Lambda. */
export function portalAssets(root = process.env.LAMBDA_TASK_ROOT ?? process.cwd()): Map<string, Asset> {
  if (assets) return assets;
  const govuk = (file: string) => readFileSync(resolve(root, GOVUK_FRONTEND_DIR, file), 'utf8');
  const own = (file: string) => readFileSync(resolve(root, PORTAL_ASSETS_DIR, file), 'utf8');
  const css = govuk('govuk-frontend.min.css')
    .replace(/@font-face\{[^}]*\}/g, '')
    .replace(/font-family:GDS Transport,arial,sans-serif/g, 'font-family:arial,sans-serif')
    .replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '');
  assets = new Map([
    ['portal.css', { body: `${css}\n${own('portal-extra.css')}`, type: 'text/css; charset=utf-8' }],
    [
      'govuk-frontend.min.js',
      {
        body: govuk('govuk-frontend.min.js').replace(/\/\/# sourceMappingURL=\S+/g, ''),
        type: 'text/javascript; charset=utf-8',
      },
    ],
    ['portal.js', { body: own('portal.js'), type: 'text/javascript; charset=utf-8' }],
  ]);
  return assets;
}

/** For the function's bundle: the files to copy beside the code, relative to the repository's root. */
export const BUNDLED_ASSET_FILES = [
  join(GOVUK_FRONTEND_DIR, 'govuk-frontend.min.css'),
  join(GOVUK_FRONTEND_DIR, 'govuk-frontend.min.js'),
  join(PORTAL_ASSETS_DIR, 'portal.js'),
  join(PORTAL_ASSETS_DIR, 'portal-extra.css'),
];

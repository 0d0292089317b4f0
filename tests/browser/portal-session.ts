/**
 * What the portal's browser tests share: signing in through the local identity provider, reaching a control by
 * keyboard alone, and axe-core run over a page. Each test file keeps its own findings (errors thrown in its pages,
 * and the serious or critical violations on each page it checks) and asserts them at its end.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { EXAMPLE_PASSWORD } from '../../local/identity-provider';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface PortalSession {
  /** A new browser session signed in as `username` through the local identity provider, on `path`. */
  signIn(username: string, path: string): Promise<Page>;
  /**
   * Presses Tab until `selector` has the focus (or says it cannot be reached by keyboard), once GOV.UK Frontend has
   * set up the page's components: a success banner or an error summary takes the focus as it is set up, and a busy
   * machine may set it up after the first Tab.
   */
  tabber(page: Page): (selector: string) => Promise<void>;
  /** Runs axe-core over the page as it is (evaluated, as the page's CSP allows no injected script). */
  axe(page: Page, name: string): Promise<void>;
  /** The serious and critical violations axe-core found, by the page's name. */
  readonly seriousOn: Map<string, string[]>;
  /** Errors thrown in the pages, with whose session. */
  readonly pageErrors: string[];
}

export function portalSession(browser: () => Browser, origin: () => string): PortalSession {
  const seriousOn = new Map<string, string[]>();
  const pageErrors: string[] = [];
  return {
    seriousOn,
    pageErrors,
    async signIn(username, path) {
      const page = await (await browser().newContext({ viewport: { width: 1200, height: 900 } })).newPage();
      page.on('pageerror', (error) => pageErrors.push(`${username}: ${error.message}`));
      await page.goto(`${origin()}${path}`);
      await page.fill('#username', username);
      await page.fill('#password', EXAMPLE_PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForURL(`${origin()}/**`);
      return page;
    },
    tabber: (page) => async (selector) => {
      await page.waitForFunction(
        "[...document.querySelectorAll('[data-module]')].every((el) => [...el.attributes].some((a) => a.name.endsWith('-init')))",
      );
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        if (
          await page
            .locator(selector)
            .first()
            .evaluate((el) => el === el.ownerDocument.activeElement)
        )
          return;
      }
      throw new Error(`${selector} cannot be reached by keyboard`);
    },
    async axe(page, name) {
      await page.evaluate(axeSource);
      const violations = (await page.evaluate(async () => {
        const result = await (
          globalThis as unknown as {
            axe: { run: () => Promise<{ violations: { id: string; impact?: string | null }[] }> };
          }
        ).axe.run();
        return result.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          nodes: (v as unknown as { nodes: { html: string }[] }).nodes.map((n) => n.html),
        }));
      })) as { id: string; impact?: string | null; nodes: string[] }[];
      seriousOn.set(
        name,
        violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.nodes.join(' | ').slice(0, 300)}`),
      );
    },
  };
}

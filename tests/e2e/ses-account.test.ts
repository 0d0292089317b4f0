/**
 * SES as an account really is, end to end on the local SES: the check before a term's first letter stops a run
 * whose account has sending paused (nothing sent, nothing marked), and a rerun once it is on sends each letter once;
 * a stage that redirects its letters sends every one to its test mailbox, saying whom it was for, which the SES
 * sandbox allows once that mailbox is verified; letters to real readers from the sandbox are refused before any goes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LocalCycle, REPOSITORY_ROOT } from '../../local/local-cycle';
import { freePort } from '../../local/services';
import { cdkJsonContext } from '../../local/template';
import { scan, tableOf } from './local-store';
import { sharedDynamoDb } from './shared-dynamodb';

vi.setConfig({ testTimeout: 180_000 });

const FIXTURE = join(REPOSITORY_ROOT, 'tests/fixtures/mini-authority');
const AUTUMN_LETTERS = 8;
const SETTINGS = cdkJsonContext(REPOSITORY_ROOT)['school-improvement-cycle'] as Record<string, unknown>;
const MAILBOX = SETTINGS.testMailbox as string;
const SENDER_DOMAIN = (SETTINGS.senderAddress as string).split('@')[1]!;

describe('SES as the account is', () => {
  let work: string;
  let cycle: LocalCycle | undefined;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'sic-ses-account-'));
  });
  afterEach(async () => {
    await cycle?.stop();
    cycle = undefined;
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const start = async (settings: Record<string, unknown> = {}) =>
    (cycle = await LocalCycle.start({
      dynamoDb: sharedDynamoDb(),
      dynamoDbPort: await freePort(),
      sesPort: await freePort(),
      context: { 'school-improvement-cycle': { ...SETTINGS, ...settings } },
    }));

  it("stops before the term's first letter when the account's sending is paused, and a rerun once it is on sends each letter once", async () => {
    const local = await start();
    local.sesAccount.sendingEnabled = false;
    const paused = await local.runTerm('2026-autumn', {
      dataDir: FIXTURE,
      outDir: join(work, 'paused'),
      decisions: 'agree',
    });
    expect(paused).toMatchObject({ status: 'failed', error: 'SesNotReady' });
    if (paused.status === 'failed') {
      expect(paused.cause).toContain(
        "SES cannot send this term's letters, so the run has stopped before the first of them (none was sent): (1) SES has paused (or someone disabled) sending for the account",
      );
      expect(paused.cause).toContain('aws sesv2 put-account-sending-attributes --sending-enabled');
    }
    expect(paused.emails).toEqual([]);
    expect(await scan(local, tableOf(local, 'SENT_EMAILS_TABLE'))).toEqual([]);
    local.sesAccount.sendingEnabled = true;
    const resumed = await local.runTerm('2026-autumn', {
      dataDir: FIXTURE,
      outDir: join(work, 'resumed'),
      decisions: 'agree',
    });
    expect(resumed.status).toBe('succeeded');
    if (resumed.status === 'succeeded')
      expect(resumed.summary).toMatchObject({ emailsSent: AUTUMN_LETTERS, emailsAlreadySent: 0 });
  });

  it('sends every letter of a stage that redirects them to its test mailbox, each saying whom it was for, which the sandbox allows once the mailbox is verified', async () => {
    const local = await start({ letters: 'redirect' });
    Object.assign(local.sesAccount, { productionAccess: false, verified: [MAILBOX, SENDER_DOMAIN] });
    const result = await local.runTerm('2026-autumn', {
      dataDir: FIXTURE,
      outDir: join(work, 'redirected'),
      decisions: 'agree',
    });
    expect(result.status).toBe('succeeded');
    if (result.status !== 'succeeded') return;
    expect(result.summary).toMatchObject({ emailsSent: AUTUMN_LETTERS, lettersRedirectedTo: MAILBOX });
    expect(result.emails).toHaveLength(AUTUMN_LETTERS);
    for (const path of result.emails) {
      const eml = readFileSync(path, 'utf8');
      expect(eml).toMatch(new RegExp(`^To: .*<${MAILBOX.replace(/\./g, '\\.')}>`, 'm'));
      expect(eml).toMatch(/^Subject: .*\[local: for the (headteacher|chair of governors|trust board chair)\]/m);
      expect(eml).not.toMatch(/^To: .*@(alpha|beta|gamma|delta|epsilon)\./m);
    }
    const report = readFileSync(join(work, 'redirected', '2026-autumn', 'report.html'), 'utf8');
    expect(report).toContain('<h2>Letters went to the test mailbox</h2>');
    // The records are the letters' own: a rerun finds each sent.
    const records = await scan(local, tableOf(local, 'SENT_EMAILS_TABLE'));
    expect(records.filter((r) => r.status === 'sent')).toHaveLength(AUTUMN_LETTERS);
  });

  it("refuses, before any goes, to send a term's letters to their readers from the sandbox when they are not verified", async () => {
    const local = await start();
    Object.assign(local.sesAccount, { productionAccess: false, verified: [MAILBOX, SENDER_DOMAIN] });
    const result = await local.runTerm('2026-autumn', {
      dataDir: FIXTURE,
      outDir: join(work, 'sandbox'),
      decisions: 'agree',
    });
    expect(result).toMatchObject({ status: 'failed', error: 'SesNotReady' });
    if (result.status === 'failed')
      expect(result.cause).toMatch(
        /\(1\) the account is in the SES sandbox, where SES sends only to verified addresses: .* \d+ of the term's \d+ recipients are not verified\./,
      );
    expect(result.emails).toEqual([]);
  });
});

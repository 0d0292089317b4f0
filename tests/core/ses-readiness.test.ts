/** Whether SES can send a term's letters, and what to do when it cannot; a redirected letter says whom it was for. */
import { describe, expect, it } from 'vitest';
import { redirectedLetter } from '../../functions/core/letters/redirect';
import { type SesState, sesProblems, whatToDoWhenSesStops } from '../../functions/core/letters/ses-readiness';
import { aLetter } from '../builders';

const ready: SesState = {
  account: { sendingEnabled: true, productionAccess: true },
  identity: { name: 'ardenshire.example.org', found: true, verified: true, dkim: 'SUCCESS', mailFrom: 'SUCCESS' },
  configurationSet: { name: 'school-improvement-cycle-production', found: true, sendingEnabled: true },
  recipients: [],
  verified: new Set(),
};

describe("SES's readiness for a term's letters", () => {
  it('finds nothing in the way of an account that is set up', () => {
    expect(sesProblems(ready)).toEqual([]);
  });

  it('names each thing in the way, with what to do about it', () => {
    const problems = sesProblems({
      ...ready,
      account: { sendingEnabled: false, productionAccess: true },
      identity: { ...ready.identity, verified: false },
      configurationSet: { ...ready.configurationSet, sendingEnabled: false },
    });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain('aws sesv2 put-account-sending-attributes --sending-enabled');
    expect(problems[1]).toContain(
      'put-configuration-set-sending-options --configuration-set-name school-improvement-cycle-production --sending-enabled',
    );
    expect(problems[2]).toContain("the sender's identity ardenshire.example.org is not verified");
    expect(sesProblems({ ...ready, configurationSet: { ...ready.configurationSet, found: false } })[0]).toContain(
      'deploy the stack again',
    );
    expect(sesProblems({ ...ready, identity: { ...ready.identity, mailFrom: 'PENDING' } })[0]).toContain(
      'custom MAIL FROM domain is not verified',
    );
  });

  it('in the sandbox, asks that every recipient (or its domain) is verified, and counts those that are not', () => {
    const sandbox = { ...ready, account: { sendingEnabled: true, productionAccess: false } };
    expect(
      sesProblems({
        ...sandbox,
        recipients: ['test@ardenshire.example.org'],
        verified: new Set(['test@ardenshire.example.org']),
      }),
    ).toEqual([]);
    expect(
      sesProblems({
        ...sandbox,
        recipients: ['head@oak.sch.example', 'chair@oak.sch.example'],
        verified: new Set(['oak.sch.example']),
      }),
    ).toEqual([]);
    const [problem] = sesProblems({
      ...sandbox,
      recipients: ['head@oak.sch.example', 'Chair@Elm.sch.example'],
      verified: new Set(['oak.sch.example']),
    });
    expect(problem).toContain('the account is in the SES sandbox');
    expect(problem).toContain("1 of the term's 2 recipients are not verified.");
  });

  it('says what to do when SES stops mid-term, by what it said', () => {
    expect(
      whatToDoWhenSesStops('AccountSendingPausedException: Email sending is disabled for this account.'),
    ).toContain('put-account-sending-attributes --sending-enabled');
    expect(whatToDoWhenSesStops('ConfigurationSetSendingPausedException: paused')).toContain(
      'put-configuration-set-sending-options',
    );
    expect(whatToDoWhenSesStops('MailFromDomainNotVerifiedException: x')).toContain('MX and SPF records');
    expect(whatToDoWhenSesStops('MessageRejected: Email address is not verified.')).toContain('sandbox');
  });
});

describe("SES's readiness, word for word", () => {
  it('asks nothing of MAIL FROM where no custom domain is set, and nothing of the recipients of an account out of the sandbox', () => {
    expect(sesProblems({ ...ready, identity: { ...ready.identity, mailFrom: undefined } })).toEqual([]);
    expect(sesProblems({ ...ready, recipients: ['head@oak.sch.example'], verified: new Set() })).toEqual([]);
  });

  it('says an identity not found is not verified, and of one recipient in the sandbox that it is not', () => {
    expect(sesProblems({ ...ready, identity: { ...ready.identity, found: false, mailFrom: 'PENDING' } })).toEqual([
      "the sender's identity ardenshire.example.org is not verified: publish the DNS records the stack prints (its DkimRecord outputs; docs/operator.md, Deploying) and wait for SES to verify it (aws sesv2 get-email-identity --email-identity ardenshire.example.org).",
    ]);
    expect(
      sesProblems({
        ...ready,
        account: { sendingEnabled: true, productionAccess: false },
        recipients: ['head@oak.sch.example'],
      }),
    ).toEqual([
      "the account is in the SES sandbox, where SES sends only to verified addresses: request production access (aws sesv2 put-account-details --production-access-enabled ..., docs/operator.md, Deploying), or, for a staging term, redirect its letters to a verified test mailbox. 1 of the term's 1 recipient is not verified.",
    ]);
  });

  it('says what to do by the name SES gives first, as a sentence', () => {
    expect(whatToDoWhenSesStops('ConfigurationSetDoesNotExistException: no such set')).toBe(
      "The letters' configuration set does not exist: deploy the stack again (npx cdk deploy), which makes it.",
    );
    expect(whatToDoWhenSesStops('MailFromDomainNotVerifiedException: x')).toBe(
      "The custom MAIL FROM domain is not verified: publish its MX and SPF records (the stack's MailFromMxRecord and MailFromSpfRecord outputs), or SES falls back to amazonses.com and letters fail DMARC.",
    );
    expect(whatToDoWhenSesStops('Refused: ConfigurationSetDoesNotExistException')).toMatch(/^SES refused the letters/);
  });
});

describe('a letter redirected to the test mailbox', () => {
  it('goes to the mailbox, marked in its subject, and says in both its parts whom it was written for and that they were not sent it', () => {
    const letter = aLetter('100001', {
      html: '<!doctype html>\n<html><body style="x">\n<p>Dear Head,</p></body></html>',
      text: 'Dear Head,',
    });
    const redirected = redirectedLetter(letter, 'test@ardenshire.example.org', 'staging');
    expect(redirected.to).toEqual({ name: 'Test mailbox (staging)', email: 'test@ardenshire.example.org' });
    expect(redirected.subject).toBe('[staging: for the headteacher] Your school');
    expect(redirected.text).toMatch(
      /^Test copy \(staging\): this letter was written for Head <head@school\.example\.org>, the headteacher of URN 100001\. .*nothing was sent to them\.\n\nDear Head,$/,
    );
    expect(redirected.html).toContain(
      '<body style="x">\n<p style="border: 2px solid #d4351c; padding: 0.5em; font-weight: bold">Test copy (staging): this letter was written for Head &lt;head@school.example.org&gt;',
    );
    // Its record stays the letter's own.
    expect(redirected.key).toBe(letter.key);
  });
});

/** A person's data found in what the cycle holds, and what erasure does with each place (functions/core/privacy). */
import { describe, expect, it } from 'vitest';
import { buildMime } from '../../functions/core/letters/mime';
import {
  addressHash,
  erasureOf,
  KEPT_ERASURE_RECORD,
  KEPT_NOTICE,
  KEPT_RESPONSE_FILE,
  KEPT_SENT_RECORD,
  maskText,
  occurrences,
  readableEmail,
  rowsWithout,
  withoutRowsOf,
} from '../../functions/core/privacy/personal-data';
import { aLetter } from '../builders';

const person = { email: 'chair@oak.sch.example', names: ["Zoë O'Brien"] };

describe("a person's data in text", () => {
  it('finds the address in any case and the names as typed or as HTML writes them, and masks each', () => {
    const text = "Dear Zoë O'Brien, CHAIR@oak.sch.example <p>Zoë O&#39;Brien</p>";
    expect(occurrences(text, person)).toBe(3);
    expect(maskText(text, person)).toBe('Dear [erased], [erased] <p>[erased]</p>');
    expect(occurrences('Dear Zoe OBrien', person)).toBe(0);
  });

  it('takes out the rows that hold the address, keeping the header and the byte-order mark', () => {
    const csv =
      '\ufeffURN,Role,Name,Email\r\n100001,Headteacher,Ann Head,head@oak.sch.example\r\n100001,Chair of governors,"Zoë O\'Brien",chair@oak.sch.example\r\n';
    const { text, removed } = withoutRowsOf(csv, person);
    expect(removed).toBe(1);
    expect(text.startsWith('\ufeffURN,Role,Name,Email')).toBe(true);
    expect(text).toContain('head@oak.sch.example');
    expect(text).not.toContain('chair@oak');
    expect(rowsWithout([['Email'], ['CHAIR@oak.sch.example'], ['x@y.z']], person)).toEqual({
      rows: [['Email'], ['x@y.z']],
      removed: 1,
    });
  });

  it('reads a letter as its reader sees it: base64 bodies and encoded names decoded', () => {
    const eml = buildMime(
      aLetter('100001', {
        to: { name: "Zoë O'Brien", email: 'chair@oak.sch.example' },
        text: "Dear Zoë O'Brien,",
        html: '<p>Dear Zoë O&#39;Brien,</p>',
      }),
      new Date('2026-09-03T06:00:00Z'),
    );
    expect(eml).not.toContain('Zoë');
    const readable = readableEmail(eml);
    expect(readable).toContain("To: Zoë O'Brien <chair@oak.sch.example>");
    expect(occurrences(readable, person)).toBe(4);
  });
});

describe('what erasure does with each place', () => {
  it('removes contacts and input rows, masks reports, deletes letters not sent and copies of those sent, and keeps the statutory and the pseudonymous', () => {
    expect(
      erasureOf({ kind: 'item', table: 'schools', key: { term: '2026-autumn', urn: '100001' } }, { inContacts: true })
        .action,
    ).toBe('remove contact');
    expect(
      erasureOf(
        {
          kind: 'item',
          table: 'sentEmails',
          key: { letterKey: `2026-autumn#100001#B->C#chair-of-governors#${addressHash(person.email)}` },
        },
        { byHashOnly: true },
      ),
    ).toEqual({ action: 'keep', why: KEPT_SENT_RECORD });
    expect(
      erasureOf({ kind: 'item', table: 'auditTrail', key: { subject: 'person:x' } }, { byHashOnly: true }),
    ).toEqual({ action: 'keep', why: KEPT_ERASURE_RECORD });
    expect(erasureOf({ kind: 'item', table: 'aagDecisions', key: {} }, {}).action).toBe('mask');
    expect(erasureOf({ kind: 'file', holding: 'inputs', path: '2026-autumn/contacts.xlsx' }, {}).action).toBe(
      'remove rows',
    );
    expect(erasureOf({ kind: 'file', holding: 'archive', path: '2026-autumn/run/contacts.csv' }, {}).action).toBe(
      'remove rows',
    );
    expect(erasureOf({ kind: 'file', holding: 'reports', path: '2026-autumn/missing-contacts.csv' }, {}).action).toBe(
      'mask',
    );
    expect(
      erasureOf(
        { kind: 'file', holding: 'reports', path: '2026-autumn/held-letters/100001-chair-of-governors.eml' },
        {},
      ).action,
    ).toBe('delete');
    expect(
      erasureOf({ kind: 'file', holding: 'reports', path: '2026-autumn/emails/100001-chair-of-governors.eml' }, {})
        .action,
    ).toBe('delete');
    // A notice as it was given is kept with the records; a copy of it elsewhere, or one held and not given, is not the
    // record.
    expect(
      erasureOf(
        {
          kind: 'file',
          holding: 'records',
          path: '2026-autumn/warning-notices/100001-warning-notice-issued-chair-of-governors.eml',
        },
        {},
      ),
    ).toEqual({ action: 'keep', why: KEPT_NOTICE });
    // Every other letter as sent, kept for the school to read in the portal: a copy, deleted like the reports' copies.
    expect(
      erasureOf(
        {
          kind: 'file',
          holding: 'records',
          path: '2026-autumn/letters/100001/2026-autumn_100001_B-_C_headteacher_ab.eml',
        },
        {},
      ).action,
    ).toBe('delete');
    expect(
      erasureOf({ kind: 'file', holding: 'records', path: '2026-autumn/responses/100001/x/1-evidence.pdf' }, {}),
    ).toEqual({ action: 'keep', why: KEPT_RESPONSE_FILE });
    expect(
      erasureOf(
        {
          kind: 'file',
          holding: 'reports',
          path: '2026-autumn/emails/100001-warning-notice-issued-chair-of-governors.eml',
        },
        {},
      ).action,
    ).toBe('delete');
    expect(
      erasureOf(
        {
          kind: 'file',
          holding: 'reports',
          path: '2026-autumn/held-letters/100001-warning-notice-issued-chair-of-governors.eml',
        },
        {},
      ).action,
    ).toBe('delete');
  });
});

describe("a person's data at the edges", () => {
  it('looks for names of three letters or more, as typed and with & and apostrophes as HTML writes them', () => {
    const people = { email: 'x@y.example', names: ['Al', '  Bo  ', 'Ann', 'Tom & Jerry'] };
    expect(occurrences('Al Bo Ann Tom & Jerry Tom &amp; Jerry X@Y.example', people)).toBe(4);
    expect(maskText('Al and Ann', people)).toBe('Al and [erased]');
  });

  it('takes out a row whose address has spaces around it, and keeps a file without a byte-order mark without one', () => {
    const { text, removed } = withoutRowsOf(
      'URN,Email\r\n100001, CHAIR@oak.sch.example \r\n100002,other@oak.sch.example\r\n',
      person,
    );
    expect([text, removed]).toEqual(['URN,Email\r\n100002,other@oak.sch.example\r\n', 1]);
    expect(withoutRowsOf('', person)).toEqual({ text: '\r\n', removed: 0 });
    expect(rowsWithout([['Email'], [' chair@oak.sch.example '], ['chair@oak.sch.example.uk']], person)).toEqual({
      rows: [['Email'], ['chair@oak.sch.example.uk']],
      removed: 1,
    });
    expect(rowsWithout([], person)).toEqual({ rows: [[]], removed: 0 });
  });

  it('reads quoted-printable bodies and Q-encoded words, base64 broken over lines, and a part with no encoding as it is', () => {
    const eml = [
      'Subject: =?UTF-8?Q?Zo=C3=AB_O=27Brien?= and =?utf-8?b?Wm/Dqw==?=',
      'MIME-Version: 1.0',
      '',
      '--b',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Dear Zo=C3=AB O=27Brien, a long line that is bro=',
      'ken here.',
      '--b',
      'Content-Transfer-Encoding:base64',
      '',
      Buffer.from('Dear Zoë').toString('base64').slice(0, 4),
      Buffer.from('Dear Zoë').toString('base64').slice(4),
      '--b',
      'Content-Type: text/plain',
      '',
      '  plain as it is  ',
      '--b',
      'trailing words with no blank line =?UTF-8?B?WsO2?=',
    ].join('\r\n');
    expect(readableEmail(eml).split(/\r?\n/)).toEqual([
      "Subject: Zoë O'Brien and Zoë",
      'MIME-Version: 1.0',
      '',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: quoted-printable',
      "Dear Zoë O'Brien, a long line that is broken here.",
      'Content-Transfer-Encoding:base64',
      'Dear Zoë',
      'Content-Type: text/plain',
      'plain as it is',
      'trailing words with no blank line Zö',
    ]);
  });

  it('says why for each place: what is taken out, masked, deleted or kept', () => {
    const file = (holding: 'inputs' | 'archive' | 'reports' | 'records' | 'working copies', path: string) =>
      erasureOf({ kind: 'file', holding, path }, {});
    expect(erasureOf({ kind: 'item', table: 'schools', key: {} }, { inContacts: true })).toEqual({
      action: 'remove contact',
      why: "a contact the cycle keeps for the term: taken out of the school's record (a letter to that role waits for a new contact)",
    });
    expect(erasureOf({ kind: 'item', table: 'aagDecisions', key: {} }, {})).toEqual({
      action: 'mask',
      why: 'the address or name in a record: replaced by [erased]',
    });
    expect(file('records', 'letters/100001/x.eml')).toEqual({
      action: 'delete',
      why: "a copy of a letter sent, kept for the school to read in the portal (the reader has it; the authority's record is that it went): deleted",
    });
    expect(file('records', '2026-autumn/old-letters/x.eml')).toEqual({ action: 'keep', why: KEPT_NOTICE });
    expect(file('records', 'responses/100001/plan.pdf')).toEqual({ action: 'keep', why: KEPT_RESPONSE_FILE });
    expect(file('records', '2026-autumn/my-responses/plan.pdf')).toEqual({ action: 'keep', why: KEPT_NOTICE });
    expect(file('reports', '2026-autumn/held-letters/a.eml').why).toBe(
      'a letter written and not sent: deleted (a rerun writes it again to the contacts as they are then)',
    );
    expect(file('reports', '2026-autumn/emails/a.eml').why).toBe(
      "a copy of a letter sent (the reader has it; the authority's record is that it went): deleted",
    );
    expect(file('inputs', '2026-autumn/contacts.CSV')).toEqual({
      action: 'remove rows',
      why: 'an input file: the rows that hold the address taken out',
    });
    expect(file('archive', '2026-autumn/run/contacts.xlsx')).toEqual({
      action: 'remove rows',
      why: 'an archived input file (the record of what a run read): the rows that hold the address taken out, the rest kept as it was',
    });
    expect(file('inputs', '2026-autumn/contacts.csv.bak')).toEqual({
      action: 'mask',
      why: 'the address or name in a report or working file: replaced by [erased]',
    });
    expect(file('working copies', '2026-autumn/contacts.csv').action).toBe('mask');
  });
});

/**
 * Every statement a letter or a record makes follows from the school's history (fast-check). For any generated
 * history (inspections, intelligence and results dated before and after the letter; a previous category or none;
 * an AAG that agreed, overrode or did not decide, and an ECB that did or did not confirm in its place; support
 * brokered or not; contacts on file for some roles, and for another school), the letters and the records built from
 * it say only what it supports: the category and the change the record has, who settled it as it was settled, the
 * support brokered, nothing dated after the letter, only the school's own people as recipients, and the flags in
 * plain words. The notice letters and corrections are held to the same.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessSchool } from '../../functions/core/assessment/categorisation';
import { FLAG_IN_WORDS } from '../../functions/core/assessment/statutory-flags';
import { decisionEntries, entryDate, proposalEntries } from '../../functions/core/audit/trail';
import { addDays, formatDate } from '../../functions/core/dates';
import { complianceDateTooSoon, type WarningNotice } from '../../functions/core/intervention/warning-notices';
import { correctionLetters } from '../../functions/core/letters/corrections';
import { LETTER_RECIPIENT_ROLES, type Letter, lettersForChange } from '../../functions/core/letters/letters';
import { noticeLetters } from '../../functions/core/letters/notice-letters';
import { letterInconsistencies } from '../../functions/core/reporting/consistency';
import type { BrokeredSupport } from '../../functions/core/support/brokering';
import { termStartDate } from '../../functions/core/term';
import {
  type Assessment,
  type Category,
  CONTACT_ROLES,
  type Contact,
  type ContactRole,
  type Moderation,
} from '../../functions/core/types';
import { DEFAULT_METHODOLOGY, school } from '../builders';
import { dateBetween, evidenceOf } from '../generators';

const URN = '100001';
const OTHER = '100002';
const TERM_STARTS = { autumn: '09-03', spring: '01-05', summer: '04-20' } as const;
const AUTHORITY = {
  name: 'Ardenshire County Council',
  senderAddress: 'si@ardenshire.example',
  replyToAddress: 'si@ardenshire.example',
  contactName: 'School Improvement Team',
  contactPhone: '01632 960000',
};
const COPIES = {
  dfeRegionalTeam: { name: 'DfE West Midlands regional team', email: 'rsc@dfe.example' },
  ofsted: { name: 'Ofsted, West Midlands region', email: 'wm@ofsted.example' },
};
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Every date a text gives ("3 Sep 2026"), as ISO, with its line. */
const datesIn = (text: string) =>
  text.split('\n').flatMap((line) =>
    [...line.matchAll(/\b(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4})\b/g)].map((m) => ({
      line,
      iso: `${m[3]}-${String(MONTHS.indexOf(m[2]!) + 1).padStart(2, '0')}-${m[1]!.padStart(2, '0')}`,
    })),
  );

const category = fc.constantFrom<Category>('A', 'B', 'C', 'D');
const history = fc.record({
  // Dated from long before the term to well after the letter: what intake refuses as later than the run's day is
  // left out (below), and what it keeps may be dated up to the letter itself.
  evidence: evidenceOf(URN, dateBetween('2015-01-01', '2027-12-31')),
  term: fc.constantFrom('2026-autumn', '2027-spring', '2027-summer'),
  daysIntoTerm: fc.integer({ min: 0, max: 70 }),
  previous: fc.option(category, { nil: undefined }),
  aag: fc.oneof(
    fc.record({ decision: fc.constant('agree' as const), daysBefore: fc.integer({ min: 0, max: 20 }) }),
    fc.record({
      decision: fc.constant('override' as const),
      daysBefore: fc.integer({ min: 0, max: 20 }),
      to: category,
      rationale: fc.constantFrom('a new leadership team has stabilised the school', 'results since have risen'),
    }),
    fc.record({ decision: fc.constant('undecided' as const), confirmedByEcb: fc.boolean() }),
  ),
  isAcademy: fc.boolean(),
  roles: fc.subarray([...CONTACT_ROLES]),
  support: fc.option(
    fc.record({
      provider: fc.boolean(),
      leader: fc.constantFrom(undefined, 'NLE', 'LLE', 'SLE', 'LIO') as fc.Arbitrary<
        'NLE' | 'LLE' | 'SLE' | 'LIO' | undefined
      >,
    }),
    { nil: undefined },
  ),
});
type History = typeof history extends fc.Arbitrary<infer T> ? T : never;

/** The school, its agreed assessment and what the brokering found, as the cycle would record them from the history. */
function recordsOf(h: History) {
  const today = addDays(termStartDate(h.term, TERM_STARTS), h.daysIntoTerm);
  const theSchool = school({
    urn: URN,
    name: 'Oakfield Primary School',
    isAcademy: h.isAcademy,
    ...(h.isAcademy ? { trustName: 'Oak Learning Trust' } : {}),
  });
  // The history as intake leaves it: a row dated after the run's day is refused (its notAfter), never evidence.
  const e = {
    ...h.evidence,
    inspections: h.evidence.inspections.filter((i) => i.startDate <= today),
    intelligence: h.evidence.intelligence.filter((i) => i.date <= today),
  };
  const proposed = assessSchool(
    {
      school: theSchool,
      inspections: e.inspections,
      intelligence: e.intelligence,
      performance: e.performance,
      taskGroupReports: e.impacts.map((impact, i) => ({ urn: URN, term: `202${i}-autumn`, impact, summary: '' })),
    },
    DEFAULT_METHODOLOGY,
    h.term,
    today,
    h.previous ? { category: h.previous, term: '2026-summer' } : undefined,
  );
  const aag =
    h.aag.decision === 'override' && h.aag.to === proposed.category
      ? { decision: 'agree' as const, daysBefore: h.aag.daysBefore }
      : h.aag;
  const moderation: Moderation =
    aag.decision === 'undecided'
      ? {
          decision: 'undecided',
          by: "the AAG's deadline",
          ...(aag.confirmedByEcb ? { confirmedBy: 'the Education Challenge Board' } : {}),
        }
      : {
          decision: aag.decision,
          by: 'Ashdown AAG',
          decidedAt: `${addDays(today, -aag.daysBefore)}T10:00:00.000Z`,
          ...(aag.decision === 'override' ? { rationale: aag.rationale } : {}),
        };
  const agreed: Category = aag.decision === 'override' ? aag.to : proposed.category;
  const assessment: Assessment = {
    ...proposed,
    proposedCategory: proposed.category,
    category: agreed,
    moderation,
    changed: h.previous !== undefined && h.previous !== agreed,
  };
  const designation = h.isAcademy && h.support?.leader === 'LIO' ? 'LLE' : h.support?.leader; // an LIO is never deployed to an academy
  // The brokering supports a school in a category that brings support (C and D), and no other.
  const support: BrokeredSupport | undefined =
    h.support && ['C', 'D'].includes(agreed)
      ? {
          term: h.term,
          urn: URN,
          district: 'Ashdown',
          category: agreed,
          brokered: true,
          visitsThisTerm: 2,
          needsAnalysisMeeting: agreed === 'D',
          unmet: [],
          ...(h.support.provider
            ? { provider: { urn: '100009', name: 'Elm Tree Primary School', matchedWithin: 'consortium' as const } }
            : {}),
          ...(designation
            ? { leader: { id: `${designation.toLowerCase()}:pat-lee:100009`, name: 'Pat Lee', designation } }
            : {}),
        }
      : undefined;
  // Another school's people come first: a letter must still go only to this school's.
  const contacts: Contact[] = [
    ...CONTACT_ROLES.map((role) => ({
      urn: OTHER,
      role,
      name: `Other ${role}`,
      email: `${role.replace(/ /g, '.')}@other.example`,
    })),
    ...h.roles.map((role) => ({
      urn: URN,
      role,
      name: `Our ${role}`,
      email: `${role.replace(/ /g, '.')}@oakfield.example`,
    })),
  ];
  return { today, theSchool, proposed, assessment, support, contacts };
}

/** What every letter must hold to, whatever it announces. */
function expectOwnAndDated(
  letter: Letter,
  today: string,
  contacts: readonly Contact[],
  copies: readonly string[] = [],
) {
  expect(letter.date).toBe(today);
  expect(letter.urn).toBe(URN);
  expect(contacts.some((c) => c.urn === URN && c.email === letter.to.email) || copies.includes(letter.to.email)).toBe(
    true,
  );
  expect(letter.text).not.toMatch(/@other\.example|Other (headteacher|chair)/);
  // Nothing cited is dated after the letter; only a date it sets for compliance lies ahead.
  for (const { line, iso } of datesIn(letter.text))
    if (!/comply/.test(line)) expect(iso <= today, `"${line}" in a letter of ${today}`).toBe(true);
}

describe("a change letter's statements, for any school history", () => {
  it("says the change the record has, who settled it as it was settled, the support brokered, and nothing dated after it, to the school's own people only", () => {
    fc.assert(
      fc.property(history, (h) => {
        const { today, theSchool, assessment, support, contacts } = recordsOf(h);
        const { letters, missing } = lettersForChange(
          today,
          assessment,
          theSchool,
          contacts,
          AUTHORITY,
          DEFAULT_METHODOLOGY,
          { ...(support ? { support } : {}) },
        );
        if (!assessment.changed) {
          expect(letters).toEqual([]);
          return;
        }
        const roles = LETTER_RECIPIENT_ROLES(theSchool);
        expect(letters.map((l) => l.role).sort()).toEqual(roles.filter((r) => h.roles.includes(r)).sort());
        expect([...missing].sort()).toEqual(roles.filter((r) => !h.roles.includes(r)).sort());
        const m = assessment.moderation!;
        for (const letter of letters) {
          expectOwnAndDated(letter, today, contacts);
          expect(
            letterInconsistencies(letter, { assessment, ...(support ? { support } : {}), contacts, copies: [] }),
          ).toEqual([]);
          expect(letter.subject).toMatch(
            new RegExp(`category (improved|changed) from ${assessment.previousCategory} to ${assessment.category}$`),
          );
          const text = letter.text;
          expect(text.includes('agreed by the Area Analysis Group')).toBe(m.decision === 'agree');
          expect(text.includes('the Area Analysis Group has decided that')).toBe(m.decision === 'override');
          expect(text.includes('did not decide on the proposed category by its deadline')).toBe(
            m.decision === 'undecided' && !m.confirmedBy,
          );
          expect(text.includes('confirmed by the Education Challenge Board')).toBe(
            m.decision === 'undecided' && m.confirmedBy !== undefined,
          );
          if (m.decision === 'override' && m.rationale) expect(text).toContain(m.rationale);
          // Support: the school and the leader the brokering recorded, and no other.
          if (support?.provider) expect(text).toContain(support.provider.name);
          if (!support?.provider) expect(text).not.toContain('Elm Tree Primary School');
          if (!support?.leader) expect(text).not.toContain('Pat Lee');
          // Flags in plain words, never as a category or a methodology's reason.
          for (const flag of assessment.flags ?? []) expect(text).toContain(FLAG_IN_WORDS[flag.flag]);
          expect(text).not.toMatch(/a flag this methodology does not use|evidence only/);
          // A school Ofsted has inspected by the letter's date is never called uninspected.
          if (h.evidence.inspections.some((i) => i.startDate <= today))
            expect(text).not.toContain('has not been inspected');
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("the record's statements, for any school history", () => {
  it('records the proposal as proposed and the decision as made, each on the day it happened', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 0, max: 200 }), (h, daysLater) => {
        const { today, proposed, assessment } = recordsOf(h);
        // Recorded on the run's day, or replayed later: the entry is dated by the day it happened.
        const run = { term: h.term, startedAt: `${addDays(today, daysLater)}T09:00:00.000Z`, today };
        const [proposal] = proposalEntries(run, DEFAULT_METHODOLOGY.id, [
          { ...assessment, category: proposed.category },
        ]);
        expect(proposal!.what).toContain(`proposed category ${proposed.category}`);
        expect(proposal!.on).toBe(today);
        const [decision] = decisionEntries(run, [assessment]);
        const m = assessment.moderation!;
        expect(decision!.what.startsWith('agreed category')).toBe(m.decision === 'agree');
        expect(decision!.what.startsWith('overrode')).toBe(m.decision === 'override');
        expect(decision!.what.includes('no AAG decision by its deadline')).toBe(m.decision === 'undecided');
        if (m.decision === 'undecided') expect(decision!.what.endsWith(', undecided')).toBe(!m.confirmedBy);
        expect(decision!.on! <= today).toBe(true);
        // Shown by the day it happened, and the day it was recorded where that differs.
        expect(entryDate(decision!).startsWith(formatDate(decision!.on!))).toBe(true);
        expect(entryDate(decision!).includes('(recorded')).toBe(decision!.on !== decision!.at.slice(0, 10));
      }),
      { numRuns: 200 },
    );
  });
});

describe('a correction letter, for any school history', () => {
  it('says what we wrote and when, what is now so, and goes only to those told, at their addresses now', () => {
    fc.assert(
      fc.property(
        history,
        category,
        fc.integer({ min: 0, max: 30 }),
        fc.subarray([...CONTACT_ROLES], { minLength: 1 }),
        (h, said, sentDaysBefore, told) => {
          const { today, theSchool, assessment, support, contacts } = recordsOf(h);
          fc.pre(said !== assessment.category && assessment.previousCategory !== undefined);
          const on = addDays(today, -sentDaysBefore);
          const correction = {
            urn: URN,
            said: { from: assessment.previousCategory!, to: said, on },
            now: assessment.category,
            previous: assessment.previousCategory!,
            roles: told as ContactRole[],
          };
          const { letters, missing } = correctionLetters({
            date: today,
            correction,
            assessment,
            school: theSchool,
            contacts,
            authority: AUTHORITY,
            methodology: DEFAULT_METHODOLOGY,
            ...(support ? { support } : {}),
          });
          expect(letters.map((l) => l.role).sort()).toEqual(told.filter((r) => h.roles.includes(r)).sort());
          expect([...missing].sort()).toEqual(told.filter((r) => !h.roles.includes(r)).sort());
          for (const letter of letters) {
            expectOwnAndDated(letter, today, contacts);
            expect(
              letterInconsistencies(letter, { assessment, ...(support ? { support } : {}), contacts, copies: [] }),
            ).toEqual([]);
            expect(letter.text).toContain(`On ${formatDate(on)} we wrote that`);
            expect(letter.text).toContain(
              `the school's category had changed from ${assessment.previousCategory} to ${said}`,
            );
            expect(letter.text).toMatch(
              new RegExp(
                `The school's category for the [a-z]+ term \\d{4} (is ${assessment.category}|has changed from ${assessment.previousCategory} to ${assessment.category})`,
              ),
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('the letters of a warning notice, for any dates the ECB gives', () => {
  const notice = (term: string, fields: Partial<WarningNotice>): WarningNotice => ({
    term,
    urn: URN,
    district: 'Ashdown',
    kind: 'warning notice',
    status: 'issued',
    concerns: ['Key stage 2 results are below the floor'],
    actionRequired: ['Agree an action plan within ten school days'],
    policy: 'p',
    proposedIn: term,
    history: [],
    ...fields,
  });

  it("refuses a compliance date that leaves less than the policy's days after the notice, and one given is never before the letter", () => {
    fc.assert(
      fc.property(
        dateBetween('2026-09-01', '2027-07-20'),
        fc.integer({ min: -10, max: 60 }),
        fc.integer({ min: 1, max: 30 }),
        (on, days, minimum) => {
          const complianceDate = addDays(on, days);
          const refused = complianceDateTooSoon(
            {},
            { decision: 'issue', complianceDate },
            { on, minimumComplianceDays: minimum },
          );
          expect(refused === undefined).toBe(days >= minimum);
          if (refused) expect(refused).toContain(formatDate(addDays(on, minimum)));
        },
      ),
    );
  });

  it('addresses the notice to the governing body through its chair, copies it to the others, each told why, and never dates it before what it cites', () => {
    fc.assert(
      fc.property(
        history,
        fc.integer({ min: 21, max: 90 }),
        fc.constantFrom('issue', 'withdraw', 'refer'),
        fc.integer({ min: 1, max: 200 }),
        (h, days, decision, issuedDaysBefore) => {
          const { today, theSchool, contacts } = recordsOf(h);
          const subject =
            decision === 'refer'
              ? { ...theSchool, isAcademy: true, trustName: 'Oak Learning Trust' }
              : { ...theSchool, isAcademy: false };
          const given =
            decision === 'issue'
              ? notice(h.term, {
                  issuedOn: today,
                  complianceDate: addDays(today, days),
                  decided: { decision, on: today, by: 'ECB', rationale: 'standards are too low' },
                })
              : decision === 'withdraw'
                ? notice(h.term, {
                    status: 'withdrawn',
                    issuedOn: addDays(today, -issuedDaysBefore),
                    complianceDate: addDays(today, -issuedDaysBefore + days),
                    decided: { decision, on: today, by: 'ECB', rationale: 'the school has complied' },
                  })
                : notice(h.term, {
                    kind: 'DfE referral',
                    status: 'referred',
                    decided: { decision, on: today, by: 'ECB', rationale: 'support refused' },
                  });
          const { letters } = noticeLetters(today, given, subject, contacts, AUTHORITY, COPIES);
          const copies = [COPIES.dfeRegionalTeam.email, COPIES.ofsted.email];
          const chair = contacts.find((c) => c.urn === URN && c.role === 'chair of governors');
          for (const letter of letters) {
            expectOwnAndDated(letter, today, contacts, copies);
            expect(letterInconsistencies(letter, { contacts, copies })).toEqual([]);
            if (decision === 'refer') {
              expect(letter.role).toBe('DfE regional team');
              continue;
            }
            expect(letter.text).toContain(`Dear ${chair ? chair.name : 'Chair of the governing body'},`);
            if (letter.role !== 'chair of governors') expect(letter.text).toContain('You are receiving a copy as');
            if (decision === 'issue')
              expect(letter.text).toContain(`must comply with this notice by ${formatDate(addDays(today, days))}`);
            if (decision === 'withdraw')
              expect(letter.text).toContain(
                `given to the governing body of ${subject.name} on ${formatDate(given.issuedOn!)}`,
              );
          }
          expect(
            letters
              .filter((l) => l.role === 'headteacher' || l.role === 'chair of governors')
              .map((l) => l.role)
              .sort(),
          ).toEqual(
            decision === 'refer'
              ? []
              : (['chair of governors', 'headteacher'] as const).filter((r) => h.roles.includes(r)).sort(),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

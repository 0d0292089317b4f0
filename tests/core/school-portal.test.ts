/**
 * The core of the schools' part of the portal: who may see a school (its contacts as the newest term holds them),
 * a school's response and the AAG's answer, the letter's window for a challenge, the files a response may carry,
 * visit notes and task-group reports read as the intake reads the sheets, visits planned and done per adviser, the
 * school people the user pool should hold, and a letter read back as it was sent.
 */
import { describe, expect, it } from 'vitest';
import { rolesOf } from '../../functions/core/access/people';
import {
  exampleVisitors,
  type SchoolWithContacts,
  schoolAccessChanges,
  schoolPeopleOf,
} from '../../functions/core/access/school-people';
import {
  accessToSchool,
  readsLetters,
  respondsFor,
  type SchoolOnRecord,
  schoolsOf,
} from '../../functions/core/access/schools';
import {
  answerFromForm,
  attachmentKind,
  awaitingAnswer,
  challengeWindowEnds,
  evidenceChoices,
  type ResponseFormContext,
  responseFromForm,
  responseStanding,
  type SchoolResponse,
} from '../../functions/core/assessment/school-responses';
import { letterRecordName } from '../../functions/core/letters/letters';
import { buildMessageMime, letterFromMime } from '../../functions/core/letters/mime';
import { canonicalLeaderId, leaderId, plainIdPart } from '../../functions/core/support/leader-ids';
import {
  publishedReports,
  publishedVisitNotes,
  reportFromForm,
  type VisitRecord,
  visitNoteFromForm,
  visitNoteKey,
  visitsByAdviser,
  withPortalRecords,
} from '../../functions/core/support/visit-records';

const KENBURY: SchoolOnRecord = {
  urn: '125100',
  name: 'Kenbury Primary School',
  district: 'Ashdown',
  contacts: [
    { role: 'headteacher', email: 'Head@Kenbury.example' },
    { role: 'chair of governors', email: 'chair@kenbury.example' },
  ],
};
const ACADEMY: SchoolOnRecord = {
  urn: '140200',
  name: 'Priors Hardwick Academy',
  district: "King's Lynn, Wisbech & Downham",
  trustCode: 'TR01',
  contacts: [
    { role: 'headteacher', email: 'head@priors.example' },
    // Another school's head in the same trust must not act for this one by the trust's group.
    { role: 'trust board chair', email: 'chair@trust.example' },
  ],
};

describe('who may see a school', () => {
  it("lets a school's headteacher in by their group and their address in its contacts, in any case", () => {
    const head = rolesOf(['school:125100']);
    expect(accessToSchool(head, 'head@kenbury.example', KENBURY)).toEqual({ as: 'headteacher' });
    expect(accessToSchool(rolesOf(['school:125100']), 'chair@kenbury.example', KENBURY)).toEqual({
      as: 'chair of governors',
    });
    expect(respondsFor({ as: 'headteacher' })).toBe(true);
  });

  it('refuses a headteacher the contacts no longer list, saying why, though their group remains', () => {
    const refused = accessToSchool(rolesOf(['school:125100']), 'old-head@kenbury.example', KENBURY);
    expect(refused).toEqual({ refused: expect.stringMatching(/no longer among the school's contacts/) });
  });

  it("refuses another school's headteacher, and a person with no address", () => {
    expect(accessToSchool(rolesOf(['school:125101']), 'head@kenbury.example', KENBURY)).toEqual({
      refused: 'You do not act for this school.',
    });
    expect(accessToSchool(rolesOf(['school:125100']), undefined, KENBURY)).toHaveProperty('refused');
    expect(accessToSchool(rolesOf(['officer']), 'x@y', undefined)).toHaveProperty('refused');
  });

  it("lets a trust board's chair see its academies only, and only while the contacts list them so", () => {
    const chair = rolesOf(['trust:TR01']);
    expect(accessToSchool(chair, 'chair@trust.example', ACADEMY)).toEqual({ as: 'trust board chair' });
    expect(accessToSchool(chair, 'head@priors.example', ACADEMY)).toHaveProperty('refused');
    expect(accessToSchool(rolesOf(['trust:TR02']), 'chair@trust.example', ACADEMY)).toHaveProperty('refused');
    expect(accessToSchool(chair, 'chair@trust.example', KENBURY)).toHaveProperty('refused');
  });

  it('lets visitors, the team, the ECB and the AAG of its area see it, none of whom responds for it', () => {
    expect(accessToSchool(rolesOf(['visitor:125100']), 'adviser@x', KENBURY)).toEqual({ as: 'visitor' });
    expect(accessToSchool(rolesOf(['visitor:125101']), 'adviser@x', KENBURY)).toHaveProperty('refused');
    expect(accessToSchool(rolesOf(['officer']), undefined, KENBURY)).toEqual({ as: 'team' });
    expect(accessToSchool(rolesOf(['ecb']), undefined, KENBURY)).toEqual({ as: 'team' });
    expect(accessToSchool(rolesOf(['aag:ashdown']), undefined, KENBURY)).toEqual({ as: 'area' });
    expect(accessToSchool(rolesOf(['aag:king-s-lynn-wisbech-downham']), undefined, ACADEMY)).toEqual({ as: 'area' });
    expect(accessToSchool(rolesOf(['aag:riverton']), undefined, KENBURY)).toHaveProperty('refused');
    for (const as of ['visitor', 'team', 'area'] as const) expect(respondsFor({ as })).toBe(false);
  });

  it("lists the person's own schools only, by name", () => {
    const roles = rolesOf(['school:125100', 'visitor:140200', 'school:999999']);
    expect(
      schoolsOf(roles, 'head@kenbury.example', [ACADEMY, KENBURY]).map((s) => [s.school.urn, s.access.as]),
    ).toEqual([
      ['125100', 'headteacher'],
      ['140200', 'visitor'],
    ]);
    // An officer who is also a head sees only the school they act for in this list.
    expect(schoolsOf(rolesOf(['officer']), undefined, [ACADEMY, KENBURY])).toEqual([]);
  });
});

describe('who may see a school, word for word', () => {
  it('matches an address in the contacts whatever its case and the spaces around it, on either side', () => {
    const spaced = { ...KENBURY, contacts: [{ role: 'headteacher', email: '  Head@Kenbury.example ' }] };
    expect(accessToSchool(rolesOf(['school:125100']), ' head@kenbury.EXAMPLE  ', spaced)).toEqual({
      as: 'headteacher',
    });
  });

  it('says why it refuses: no such school, a contact no longer listed, or not acting for the school', () => {
    expect(accessToSchool(rolesOf(['officer']), 'x@y', undefined)).toEqual({
      refused: 'There is no such school in the register the portal holds.',
    });
    const noLonger = {
      refused:
        "Your address is no longer among the school's contacts: the register or the contacts changed. If you still act for the school, ask the school-improvement team to update its contacts.",
    };
    expect(accessToSchool(rolesOf(['school:125100']), 'old-head@kenbury.example', KENBURY)).toEqual(noLonger);
    expect(accessToSchool(rolesOf(['trust:TR01']), 'old-chair@trust.example', ACADEMY)).toEqual(noLonger);
    expect(accessToSchool(rolesOf(['trust:TR01']), 'chair@trust.example', KENBURY)).toEqual({
      refused: 'You do not act for this school.',
    });
  });

  it('lets the headteacher, the chair of governors and the trust board chair respond, and all but a visitor read letters', () => {
    for (const as of ['headteacher', 'chair of governors', 'trust board chair'] as const) {
      expect(respondsFor({ as })).toBe(true);
      expect(readsLetters({ as })).toBe(true);
    }
    expect(readsLetters({ as: 'team' })).toBe(true);
    expect(readsLetters({ as: 'area' })).toBe(true);
    expect(readsLetters({ as: 'visitor' })).toBe(false);
  });

  it("lists neither the schools of the person's AAG area nor a school whose contacts no longer list them", () => {
    expect(schoolsOf(rolesOf(['aag:ashdown']), 'member@x', [KENBURY, ACADEMY])).toEqual([]);
    expect(schoolsOf(rolesOf(['school:125100']), 'old-head@kenbury.example', [KENBURY])).toEqual([]);
    expect(
      schoolsOf(rolesOf(['trust:TR01']), 'chair@trust.example', [KENBURY, ACADEMY]).map((s) => [
        s.school.urn,
        s.access.as,
      ]),
    ).toEqual([['140200', 'trust board chair']]);
  });
});

const CONTEXT: ResponseFormContext = {
  urn: '125100',
  term: '2026-autumn',
  about: 'category',
  choices: evidenceChoices([
    {
      category: 'C',
      rule: 'ofsted',
      text: 'Ofsted judged the school requires improvement',
      evidence: 'inspection, 19 Sep 2021',
    },
    { category: 'C', rule: 'ks2', text: 'Key stage 2 results are well below national', evidence: '41% in 2024/25' },
  ]),
  letterDate: '2026-12-07',
  by: { name: 'Zoë Morgan', role: 'headteacher', id: 'sub-1' },
  at: '2026-12-09T10:00:00.000Z',
  id: 'abc',
  attachments: [],
};

describe("a school's response", () => {
  it('counts 20 school days as weekdays from the letter', () => {
    // Monday 7 December: the twentieth weekday after is Monday 4 January.
    expect(challengeWindowEnds('2026-12-07')).toBe('2027-01-04');
    // From a Friday: four weeks on, the Friday.
    expect(challengeWindowEnds('2026-12-11')).toBe('2027-01-08');
  });

  it('records a disagreement with the evidence chosen only, as a challenge within the window', () => {
    const read = responseFromForm(
      { view: 'disagree', 'evidence-2': 'yes', reason: ' The 2024/25 figure omits ' },
      CONTEXT,
    );
    if (!('response' in read)) throw new Error(JSON.stringify(read));
    expect(read.response.disputed).toEqual(['Key stage 2 results are well below national: 41% in 2024/25']);
    expect(read.response.reason).toBe('The 2024/25 figure omits');
    expect(read.response.challenge).toEqual({ letterDate: '2026-12-07', windowEnds: '2027-01-04', withinWindow: true });
    expect(read.response.responseId).toBe('2026-autumn#2026-12-09T10:00:00.000Z#abc');
    expect(responseStanding(read.response)).toBe('Waiting for the AAG: it answers at its next round');
  });

  it('takes a disagreement on the last day of the window, and one the day after as late, never refusing it', () => {
    const on = responseFromForm(
      { view: 'disagree', 'evidence-1': 'yes', reason: 'r' },
      { ...CONTEXT, at: '2027-01-04T23:00:00Z' },
    );
    const after = responseFromForm(
      { view: 'disagree', 'evidence-1': 'yes', reason: 'r' },
      { ...CONTEXT, at: '2027-01-05T08:00:00Z' },
    );
    expect('response' in on && on.response.challenge?.withinWindow).toBe(true);
    if (!('response' in after)) throw new Error('refused');
    expect(after.response.challenge?.withinWindow).toBe(false);
    expect(responseStanding(after.response)).toMatch(
      /^Received after the letter's 20 school days \(which ended on 4 Jan 2027\)/,
    );
  });

  it('names each missing part at its field, and records an agreement with no evidence, reason or challenge', () => {
    expect(responseFromForm({}, CONTEXT)).toEqual({
      problems: [{ field: 'view', message: 'Say whether you agree or disagree' }],
    });
    expect(responseFromForm({ view: 'disagree' }, CONTEXT)).toEqual({
      problems: [
        { field: 'evidence', message: 'Select the evidence you disagree with' },
        { field: 'reason', message: 'Say why you disagree' },
      ],
    });
    const agreed = responseFromForm({ view: 'agree', 'evidence-1': 'yes' }, CONTEXT);
    if (!('response' in agreed)) throw new Error('refused');
    expect(agreed.response).toMatchObject({ agrees: true, disputed: [] });
    expect(agreed.response.challenge).toBeUndefined();
  });

  it('makes no challenge of a disagreement with a visit note, nor where no letter was sent', () => {
    const visit = responseFromForm(
      { view: 'disagree', reason: 'The visit was cut short' },
      { ...CONTEXT, about: 'visit note', visitId: 'visit#1', choices: [] },
    );
    expect('response' in visit && visit.response.challenge).toBeUndefined();
    const { letterDate: _letter, ...noLetter } = CONTEXT;
    const unlettered = responseFromForm({ view: 'disagree', 'evidence-1': 'y', reason: 'r' }, noLetter);
    expect('response' in unlettered && unlettered.response.challenge).toBeUndefined();
  });

  it('knows a file by its content, not its name, within the kinds allowed', () => {
    const pdf = new TextEncoder().encode('%PDF-1.7\n...');
    expect(attachmentKind('evidence.PDF', pdf)).toEqual({ type: 'application/pdf' });
    expect(attachmentKind('photo.png', pdf)).toEqual({
      problem: 'photo.png is not a PNG file: its content is of another kind',
    });
    expect(attachmentKind('run.exe', pdf)).toHaveProperty('problem');
    expect(attachmentKind('empty.pdf', new Uint8Array())).toEqual({ problem: 'empty.pdf is empty' });
    expect(attachmentKind('plan.docx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1]))).toHaveProperty('type');
  });
});

describe("the AAG's answer", () => {
  const disagreement = (
    responseFromForm({ view: 'disagree', 'evidence-1': 'y', reason: 'r' }, CONTEXT) as { response: SchoolResponse }
  ).response;
  const at = { by: 'Priya Shah, Ashdown AAG', at: '2027-01-20T09:00:00Z', term: '2027-spring' };

  it('upholds a challenge or not, with what the school will read', () => {
    const answer = answerFromForm({ outcome: 'not upheld', text: ' The figures stand ' }, disagreement, at);
    expect(answer).toEqual({ answer: { outcome: 'not upheld', text: 'The figures stand', ...at } });
    const answered = { ...disagreement, answer: (answer as { answer: NonNullable<SchoolResponse['answer']> }).answer };
    expect(responseStanding(answered)).toBe('Not upheld by the AAG on 20 Jan 2027');
    expect(awaitingAnswer([answered, disagreement])).toEqual([disagreement]);
  });

  it('refuses "noted" for a challenge, anything but "noted" for an agreement, no text, and a second answer', () => {
    expect(answerFromForm({ outcome: 'noted', text: 't' }, disagreement, at)).toHaveProperty('problems');
    expect(answerFromForm({ outcome: 'upheld', text: 't' }, { ...disagreement, agrees: true }, at)).toHaveProperty(
      'problems',
    );
    expect(answerFromForm({ outcome: 'noted', text: 't' }, { ...disagreement, agrees: true }, at)).toHaveProperty(
      'answer',
    );
    expect(answerFromForm({ outcome: 'upheld', text: '  ' }, disagreement, at)).toEqual({
      problems: [{ field: 'text', message: 'Say what the AAG decided and why, as the school will read it' }],
    });
    const answered = { ...disagreement, answer: { outcome: 'upheld' as const, text: 't', ...at } };
    expect(answerFromForm({ outcome: 'upheld', text: 't' }, answered, at)).toHaveProperty('problems');
  });
});

describe("a school's response and the AAG's answer, word for word", () => {
  const disagreement = () =>
    (responseFromForm({ view: 'disagree', 'evidence-1': 'y', reason: 'r' }, CONTEXT) as { response: SchoolResponse })
      .response;
  const at = { by: 'Priya Shah, Ashdown AAG', at: '2027-01-20T09:00:00Z', term: '2027-spring' };

  it('takes only the evidence boxes ticked, a reason of 5,000 characters and no more, the visit and the files given', () => {
    const read = responseFromForm(
      { view: 'disagree', 'evidence-1': '', 'evidence-2': 'yes', 'other-1': 'yes', reason: 'x'.repeat(5000) },
      {
        ...CONTEXT,
        visitId: 'visit#1',
        attachments: [{ name: 'plan.pdf', key: 'k', bytes: 9, type: 'application/pdf' }],
      },
    );
    if (!('response' in read)) throw new Error(JSON.stringify(read));
    expect(read.response.disputed).toEqual(['Key stage 2 results are well below national: 41% in 2024/25']);
    expect(read.response.visitId).toBe('visit#1');
    expect(read.response.attachments).toEqual([{ name: 'plan.pdf', key: 'k', bytes: 9, type: 'application/pdf' }]);
    expect(responseFromForm({ view: 'agree', reason: 'x'.repeat(5001) }, CONTEXT)).toEqual({
      problems: [{ field: 'reason', message: 'Say it in 5,000 characters or fewer' }],
    });
    const agreed = responseFromForm({ view: 'agree' }, CONTEXT);
    expect('response' in agreed && agreed.response.visitId).toBeUndefined();
  });

  it('names a file by its own name where its kind is not one allowed', () => {
    expect(attachmentKind('notes.txt', new Uint8Array([1]))).toEqual({
      problem: 'notes.txt is not a PDF, Word document, Excel workbook, PNG or JPEG',
    });
    expect(attachmentKind('no-extension', new Uint8Array([1]))).toEqual({
      problem: 'no-extension is not a PDF, Word document, Excel workbook, PNG or JPEG',
    });
    expect(attachmentKind('report.pdf.txt', new TextEncoder().encode('%PDF-1.7'))).toHaveProperty('problem');
  });

  it("says each refusal of the AAG's answer, and where each response stands", () => {
    const answered = { ...disagreement(), answer: { outcome: 'upheld' as const, text: 't', ...at } };
    expect(answerFromForm({ outcome: 'upheld', text: 't' }, answered, at)).toEqual({
      problems: [{ field: 'outcome', message: 'The AAG has answered this response already' }],
    });
    expect(answerFromForm({ outcome: 'noted', text: 't' }, disagreement(), at)).toEqual({
      problems: [{ field: 'outcome', message: 'Choose whether the AAG upholds the challenge or not' }],
    });
    expect(answerFromForm({ outcome: 'upheld', text: 't' }, { ...disagreement(), agrees: true }, at)).toEqual({
      problems: [{ field: 'outcome', message: 'Choose noted' }],
    });
    expect(responseStanding(answered)).toBe('Upheld by the AAG on 20 Jan 2027');
    expect(responseStanding({ ...answered, answer: { ...answered.answer, outcome: 'noted' } })).toBe(
      'Noted by the AAG on 20 Jan 2027',
    );
    expect(responseStanding({ ...disagreement(), agrees: true })).toBe('Received: the AAG sees it at its next round');
  });

  it('lists the responses waiting for an answer, the oldest first', () => {
    const one = disagreement();
    const later = { ...one, responseId: 'later', at: '2027-01-02T00:00:00Z' };
    const earlier = { ...one, responseId: 'earlier', at: '2026-12-20T00:00:00Z' };
    expect(awaitingAnswer([later, earlier]).map((r) => r.responseId)).toEqual(['earlier', 'later']);
  });
});

describe('visit notes and task-group reports written in the portal', () => {
  it('takes a visit on or before today, and a next visit only after it', () => {
    const form = {
      date: '01/12/2026',
      focus: 'Reading',
      findings: 'Better',
      actions: 'Group pupils',
      nextVisit: '12/01/2027',
    };
    expect(visitNoteFromForm(form, '2026-12-01')).toEqual({
      note: {
        date: '2026-12-01',
        focus: 'Reading',
        findings: 'Better',
        actions: 'Group pupils',
        nextVisit: '2027-01-12',
      },
    });
    expect(visitNoteFromForm(form, '2026-11-30')).toEqual({
      problems: [{ field: 'date', message: 'The date of the visit must be today or in the past' }],
    });
    expect(visitNoteFromForm({ ...form, nextVisit: '01/12/2026' }, '2026-12-07')).toEqual({
      problems: [{ field: 'nextVisit', message: 'The next visit must be after this one' }],
    });
    expect(visitNoteFromForm({ date: '31/02/2026' }, '2026-12-07')).toEqual({
      problems: [
        { field: 'date', message: 'Enter the date of the visit as a real date, like 14/10/2026' },
        { field: 'focus', message: 'Enter what the visit looked at' },
        { field: 'findings', message: 'Enter what you found' },
        { field: 'actions', message: 'Enter the actions agreed with the school' },
      ],
    });
  });

  it("reads the task group's judgement on the sheet's scale, with 'too early'", () => {
    expect(reportFromForm({ impact: 'too early', reasons: 'Support began in November' }, '2026-autumn')).toEqual({
      report: { term: '2026-autumn', impact: 'too early', reasons: 'Support began in November' },
    });
    expect(reportFromForm({ impact: 'sufficient', reasons: '' }, '2026-autumn')).toEqual({
      problems: [
        { field: 'impact', message: 'Choose the impact of support' },
        { field: 'reasons', message: 'Enter the reasons for the judgement' },
      ],
    });
  });

  const record = (over: Partial<VisitRecord>): VisitRecord => ({
    urn: '125100',
    recordId: 'visit#1',
    kind: 'visit note',
    status: 'published',
    author: { name: 'Ben Nowak', id: 'sub-2' },
    savedAt: '2026-12-01T10:00:00Z',
    note: { date: '2026-12-01', focus: 'Reading', findings: 'Better', actions: 'Group pupils' },
    ...over,
  });

  it('gives the intake the published notes dated by the run, and the reports of earlier terms, in term order', () => {
    const records = [
      record({}),
      record({ recordId: 'visit#2', status: 'draft' }),
      record({ recordId: 'visit#3', note: { date: '2027-01-10', focus: 'f', findings: 'f', actions: 'a' } }),
      record({
        recordId: 'report#2026-autumn',
        kind: 'task-group report',
        note: undefined,
        report: { term: '2026-autumn', impact: 'insufficient', reasons: 'Slow' },
      }),
      record({
        recordId: 'report#2027-spring',
        kind: 'task-group report',
        note: undefined,
        report: { term: '2027-spring', impact: 'strong', reasons: 'Good' },
      }),
    ];
    expect(publishedVisitNotes(records, '2027-01-04')).toEqual([
      {
        urn: '125100',
        date: '2026-12-01',
        visitor: 'Ben Nowak',
        focus: 'Reading',
        findings: 'Better',
        nextSteps: 'Group pupils',
      },
    ]);
    // Autumn comes before spring, though not in the alphabet.
    expect(publishedReports(records, '2027-spring')).toEqual([
      { urn: '125100', term: '2026-autumn', impact: 'insufficient', summary: 'Slow' },
    ]);
    expect(publishedReports(records, '2026-autumn')).toEqual([]);
  });

  it("puts the portal's in place of the sheet's row for the same visit, and keeps the rest", () => {
    const sheet = [
      { urn: '125100', date: '2026-12-01', visitor: 'Ben Nowak', focus: 'old', findings: '', nextSteps: '' },
      { urn: '125101', date: '2026-12-02', visitor: 'Ann Lee', focus: 'kept', findings: '', nextSteps: '' },
    ];
    const portal = [
      { urn: '125100', date: '2026-12-01', visitor: 'Ben Nowak', focus: 'new', findings: '', nextSteps: '' },
    ];
    expect(withPortalRecords(sheet, portal, visitNoteKey)).toEqual({ rows: [sheet[1], portal[0]], replaced: 1 });
  });

  it('counts visits planned by the leader the support names and done by the notes, per adviser', () => {
    const rows = visitsByAdviser(
      [
        { urn: '125100', visitsThisTerm: 2, leader: { name: 'Ben Nowak' } },
        { urn: '125101', visitsThisTerm: 1, leader: { name: 'Ann Lee' } },
        { urn: '125102', visitsThisTerm: 0, leader: { name: 'Ann Lee' } },
        { urn: '125103', visitsThisTerm: 1 },
      ],
      [
        { urn: '125100', visitor: 'Ben Nowak (NLE)' },
        { urn: '125101', visitor: 'Ann Lee' },
      ],
    );
    expect(rows).toEqual([
      { adviser: 'Ben Nowak', planned: 2, done: 1, schools: ['125100'] },
      { adviser: 'No adviser named', planned: 1, done: 0, schools: ['125103'] },
      { adviser: 'Ann Lee', planned: 1, done: 1, schools: ['125101'] },
    ]);
  });
});

describe('visit notes and reports at their edges', () => {
  const form = { date: '01/12/2026', focus: ' Reading ', findings: 'Better', actions: 'Group pupils' };

  it('takes a visit on the day itself, each field trimmed, up to 5,000 characters, and asks for a date not given', () => {
    expect(visitNoteFromForm({ ...form, findings: 'x'.repeat(5000), nextVisit: '  ' }, '2026-12-01')).toEqual({
      note: { date: '2026-12-01', focus: 'Reading', findings: 'x'.repeat(5000), actions: 'Group pupils' },
    });
    expect(visitNoteFromForm({ ...form, findings: 'x'.repeat(5001) }, '2026-12-01')).toEqual({
      problems: [{ field: 'findings', message: 'Enter what you found in 5,000 characters or fewer' }],
    });
    expect(visitNoteFromForm({ ...form, date: '  ' }, '2026-12-01')).toEqual({
      problems: [{ field: 'date', message: 'Enter the date of the visit' }],
    });
    expect(visitNoteFromForm({ ...form, date: undefined }, '2026-12-01')).toEqual({
      problems: [{ field: 'date', message: 'Enter the date of the visit' }],
    });
    expect(visitNoteFromForm({ ...form, nextVisit: 'soon' }, '2026-12-01')).toEqual({
      problems: [{ field: 'nextVisit', message: 'Enter the next visit as a real date, like 25/11/2026' }],
    });
  });

  it('refuses a report for what is not a term, and gives the reasons trimmed', () => {
    expect(reportFromForm({ impact: 'strong', reasons: ' Good ' }, 'autumn')).toEqual({
      problems: [{ field: 'impact', message: 'autumn is not a term' }],
    });
    expect(reportFromForm({ impact: 'strong', reasons: ' Good ' }, '2026-autumn')).toEqual({
      report: { term: '2026-autumn', impact: 'strong', reasons: 'Good' },
    });
  });

  it("gives the intake a note dated the run's last day, and no draft report", () => {
    const note = (date: string, status: VisitRecord['status'] = 'published'): VisitRecord => ({
      urn: '125100',
      recordId: `visit#${date}`,
      kind: 'visit note',
      status,
      author: { name: 'Ben Nowak', id: 'sub-2' },
      savedAt: '2026-12-01T10:00:00Z',
      note: { date, focus: 'f', findings: 'f', actions: 'a' },
    });
    expect(publishedVisitNotes([note('2027-01-04'), note('2027-01-05')], '2027-01-04').map((n) => n.date)).toEqual([
      '2027-01-04',
    ]);
    const draft: VisitRecord = {
      ...note('2026-12-01', 'draft'),
      kind: 'task-group report',
      note: undefined,
      report: { term: '2026-autumn', impact: 'strong', reasons: 'r' },
    };
    expect(publishedReports([draft], '2027-spring')).toEqual([]);
    expect(publishedReports([{ ...draft, status: 'published' }], '2027-spring')).toHaveLength(1);
  });

  it('counts an adviser once however their name is written, each school once, the most visits outstanding first', () => {
    expect(
      visitsByAdviser(
        [
          { urn: '125100', visitsThisTerm: 1, leader: { name: 'Ben Nowak (NLE)  ' } },
          { urn: '125100', visitsThisTerm: 1, leader: { name: 'ben nowak' } },
          { urn: '125101', visitsThisTerm: 1, leader: { name: 'Ann Lee' } },
          { urn: '125102', visitsThisTerm: 1, leader: { name: 'Cy Day' } },
        ],
        [
          { urn: '125100', visitor: 'BEN NOWAK (nle)' },
          { urn: '125109', visitor: 'Ben Nowak' },
          { urn: '125109', visitor: 'Ben Nowak' },
        ],
      ),
    ).toEqual([
      { adviser: 'Ann Lee', planned: 1, done: 0, schools: ['125101'] },
      { adviser: 'Cy Day', planned: 1, done: 0, schools: ['125102'] },
      { adviser: 'Ben Nowak', planned: 2, done: 3, schools: ['125100', '125109'] },
    ]);
  });
});

describe('the school people the user pool holds', () => {
  const schools = [
    {
      urn: '125100',
      name: 'Kenbury Primary School',
      contacts: [
        { role: 'headteacher', name: 'Zoë Morgan', email: 'Head@Kenbury.example' },
        { role: 'chair of governors', name: 'Sam Lee', email: 'sam@lee.example' },
      ],
    },
    {
      urn: '140200',
      name: 'Priors Hardwick Academy',
      trustCode: 'TR01',
      trustName: 'Northvale Trust',
      contacts: [
        { role: 'chair of governors', name: 'Sam Lee', email: 'sam@lee.example' },
        { role: 'trust board chair', name: 'Claire White', email: 'claire@trust.example' },
      ],
    },
  ];

  it('is one user an address, in each school and trust group their contacts give', () => {
    expect(schoolPeopleOf(schools)).toEqual([
      {
        email: 'head@kenbury.example',
        name: 'Zoë Morgan',
        groups: ['school:125100'],
        role: 'headteacher of Kenbury Primary School',
      },
      {
        email: 'sam@lee.example',
        name: 'Sam Lee',
        groups: ['school:125100', 'school:140200'],
        role: 'chair of governors of Kenbury Primary School',
      },
      {
        email: 'claire@trust.example',
        name: 'Claire White',
        groups: ['trust:TR01'],
        role: 'trust board chair of Northvale Trust',
      },
    ]);
  });

  it("invites a new headteacher and takes the old one's school group, leaving their other groups", () => {
    const wanted = schoolPeopleOf([
      { ...schools[0]!, contacts: [{ role: 'headteacher', name: 'New Head', email: 'new@kenbury.example' }] },
    ]);
    const changes = schoolAccessChanges(
      [
        { email: 'head@kenbury.example', groups: ['school:125100', 'aag:ashdown'] },
        { email: 'adviser@x', groups: ['visitor:125100'] },
      ],
      wanted,
    );
    expect(changes).toEqual({
      invite: [expect.objectContaining({ email: 'new@kenbury.example', groups: ['school:125100'] })],
      add: [],
      remove: [{ email: 'head@kenbury.example', group: 'school:125100' }],
    });
    expect(schoolAccessChanges([{ email: 'NEW@kenbury.example', groups: [] }], wanted)).toEqual({
      invite: [],
      add: [{ email: 'new@kenbury.example', group: 'school:125100' }],
      remove: [],
    });
  });

  it('makes each task group chair a visitor of the schools they chair, locally', () => {
    expect(
      exampleVisitors([
        { urn: '125101', chair: { name: 'Zoë Ólafsdóttir', designation: 'NLE' } },
        { urn: '125100', chair: { name: 'Zoë Ólafsdóttir', designation: 'NLE' } },
        { urn: '125102' },
      ]),
    ).toEqual([
      {
        username: 'zoe-olafsdottir',
        name: 'Zoë Ólafsdóttir',
        groups: ['visitor:125100', 'visitor:125101'],
        role: 'visiting adviser and task group chair (NLE)',
      },
    ]);
  });
});

describe('school people at the edges', () => {
  const kenbury = (contacts: SchoolWithContacts['contacts'], over: Partial<SchoolWithContacts> = {}) => ({
    urn: '125100',
    name: 'Kenbury Primary School',
    contacts,
    ...over,
  });

  it('keys a person by their address trimmed and in lower case, skips a blank address, and lists a group once', () => {
    expect(
      schoolPeopleOf([
        kenbury([
          { role: 'headteacher', name: 'Zoë Morgan', email: '  Zoe@Kenbury.example ' },
          { role: 'chair of governors', name: 'Zoë Morgan', email: 'zoe@kenbury.example' },
          { role: 'headteacher', name: 'No Address', email: '   ' },
          { role: 'trust board chair', name: 'No Trust', email: 'chair@trust.example' },
        ]),
      ]),
    ).toEqual([
      {
        email: 'zoe@kenbury.example',
        name: 'Zoë Morgan',
        groups: ['school:125100'],
        role: 'headteacher of Kenbury Primary School',
      },
    ]);
  });

  it("takes the schools in URN order, whatever order they come in, so a person's role is their first school's", () => {
    const second = { urn: '140200', name: 'Priors Hardwick Academy' };
    const sam = { role: 'chair of governors', name: 'Sam Lee', email: 'sam@lee.example' };
    expect(schoolPeopleOf([{ ...second, contacts: [sam] }, kenbury([sam])]).map((p) => [p.role, p.groups])).toEqual([
      ['chair of governors of Kenbury Primary School', ['school:125100', 'school:140200']],
    ]);
  });

  it("matches the pool's addresses whatever their case and spaces, adds only the groups missing, and keeps those still wanted", () => {
    const wanted = schoolPeopleOf([kenbury([{ role: 'headteacher', name: 'Ann Head', email: 'ann@kenbury.example' }])]);
    expect(
      schoolAccessChanges(
        [
          { email: ' ANN@kenbury.example ', groups: ['school:125100', 'trust:TR01'] },
          { email: 'old@kenbury.example', groups: ['trust:TR01', 'aag:ashdown', 'visitor:125100'] },
        ],
        wanted,
      ),
    ).toEqual({
      invite: [],
      add: [],
      remove: [
        { email: 'ann@kenbury.example', group: 'trust:TR01' },
        { email: 'old@kenbury.example', group: 'trust:TR01' },
      ],
    });
  });

  it("makes a visitor's user name plain: accents dropped, a run of anything else one hyphen, none at either end", () => {
    expect(
      exampleVisitors([{ urn: '125100', chair: { name: "  Zoë  O'Brien--Smith! ", designation: 'NLE' } }]).map(
        (v) => v.username,
      ),
    ).toEqual(['zoe-obrien-smith']);
  });
});

describe("a system leader's id", () => {
  it('is plain: accents and apostrophes dropped, a run of anything else one hyphen, none at either end', () => {
    expect(plainIdPart('  Zoë  O’Brien--Smith! ')).toBe('zoe-obrien-smith');
    expect(leaderId('NLE', 'Zoë O’Brien', undefined)).toBe('nle:zoe-obrien:la');
    expect(leaderId('LLE', 'Sam Lee', '125100')).toBe('lle:sam-lee:125100');
    expect(canonicalLeaderId('NLE:Zoë O’Brien:LA')).toBe('nle:zoe-obrien:la');
  });
});

describe('a letter as it was sent', () => {
  it('reads back the subject, date, recipient and text the message was built with', () => {
    const message = {
      from: 'Ardenshire <si@ardenshire.example>',
      to: { name: 'Zoë Morgan', email: 'head@kenbury.example' },
      replyTo: 'si@ardenshire.example',
      subject: 'Kenbury Primary School: category changed from B to C',
      text: 'Dear Zoë Morgan,\n\nThe category is C.\n',
      html: '<p>Dear Zoë Morgan</p>',
    };
    const raw = buildMessageMime(message, new Date('2026-12-07T10:00:00Z'), 'key');
    expect(letterFromMime(raw)).toEqual({
      subject: message.subject,
      date: 'Mon, 07 Dec 2026 10:00:00 +0000',
      toName: 'Zoë Morgan',
      text: message.text,
    });
    expect(letterFromMime('not a message')).toBeUndefined();
  });

  it("keeps each letter under its school and key, and a warning notice's where notices are", () => {
    expect(
      letterRecordName({ urn: '125100', role: 'headteacher', key: '2026-autumn#125100#B->C#headteacher#ab12' }),
    ).toBe('letters/125100/2026-autumn_125100_B-_C_headteacher_ab12.eml');
    expect(
      letterRecordName({
        urn: '125100',
        role: 'headteacher',
        letterKey: '2026-autumn#125100#warning-notice-issued#headteacher#ab',
      }),
    ).toBe('warning-notices/125100-warning-notice-issued-headteacher.eml');
  });
});

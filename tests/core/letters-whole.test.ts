/**
 * Whole category letters, word for word and tag for tag: one with every part (an academy's trust board chair, an AAG's
 * own decision, what no longer applies, other evidence, a national flag, the brokered support and task group, a named
 * signatory and the authority's colour, the copies), and one with none of them (a maintained school's head alone, a
 * proposal no AAG decided, the team's signature). A letter is statutory: any change to what it says, or to what it
 * leaves out when there is nothing to say, must be seen here first.
 */
import { describe, expect, it } from 'vitest';
import {
  addressHash,
  composeLetter,
  LETTER_TAG,
  legacyLetterKey,
  letterFileName,
  letterKey,
  letterRecordName,
  lettersForChange,
  listInWords,
  signatureOf,
  whatFollows,
} from '../../functions/core/letters/letters';
import type { BrokeredSupport } from '../../functions/core/support/brokering';
import type { TaskGroup } from '../../functions/core/support/task-groups';
import type { Assessment, Contact, SystemLeader } from '../../functions/core/types';
import { AUTHORITY, COLOUR_METHODOLOGY, DEFAULT_METHODOLOGY, school, withSupport } from '../builders';

const URN = '100001';
const academy = school({ urn: URN, name: 'Alpha Academy', isAcademy: true, trustName: 'Northvale Trust' });
const maintained = school({ urn: URN, name: 'Alpha Primary School' });
const head: Contact = { urn: URN, role: 'headteacher', name: 'Ann Head', email: 'head@alpha.example' };
const contacts: Contact[] = [
  head,
  { urn: URN, role: 'chair of governors', name: 'Carl Chair', email: 'chair@alpha.example' },
  { urn: URN, role: 'trust board chair', name: 'Tess Trust', email: 'chair@trust.example' },
];
const support: BrokeredSupport = {
  term: '2026-autumn',
  urn: URN,
  district: 'Ashdown',
  category: 'C',
  brokered: true,
  provider: { urn: '100009', name: 'Beta Primary School', matchedWithin: 'district' },
  leader: { id: 'l1', name: 'Lena Lead', designation: 'NLE' },
  visitsThisTerm: 1,
  needsAnalysisMeeting: false,
  unmet: [],
};
const taskGroup: TaskGroup = {
  term: '2026-autumn',
  urn: URN,
  district: 'Ashdown',
  category: 'C',
  status: 'opened',
  chair: { id: 'l2', name: 'Tom Chair', designation: 'NLE' },
  needsChair: false,
};
const previous: Assessment = {
  term: '2026-summer',
  urn: URN,
  category: 'D',
  changed: false,
  methodologyId: 'default-2026',
  reasons: [{ category: 'D', rule: 'warning-notice', text: 'A warning notice', evidence: 'notice of 1 May 2026' }],
};
const overridden: Assessment = {
  term: '2026-autumn',
  urn: URN,
  category: 'C',
  previousCategory: 'D',
  previousTerm: '2026-summer',
  changed: true,
  methodologyId: 'default-2026',
  reasons: [
    { category: 'C', rule: 'ks2-below-floor', text: 'Key stage 2 below floor', evidence: 'KS2 2025: 28%' },
    { category: 'B', rule: 'new-head', text: 'A new headteacher', evidence: 'intelligence, 1 Sep 2026' },
  ],
  flags: [{ flag: 'stuck', evidence: 'inspections of 2023 and 2025' }],
  moderation: {
    decision: 'override',
    by: 'Ashdown AAG',
    rationale: 'the new head has stabilised the school',
    decidedAt: '2026-10-05T10:00:00Z',
  },
};
const signed = {
  ...AUTHORITY,
  brandColour: '#00703c',
  signatoryName: 'Sam Sign',
  signatoryRole: 'Head of School Improvement',
};

describe('a category letter with every part', () => {
  // Written in each test, not as the file loads, so that a mutation run knows which tests read it.
  const everyPart = () =>
    lettersForChange('2026-09-03', overridden, academy, contacts, signed, DEFAULT_METHODOLOGY, {
      support,
      taskGroup,
      previous,
    });

  it('goes to all three, each copied to the other two', () => {
    const { letters, missing } = everyPart();
    const toTrust = letters[2]!;
    expect(missing).toEqual([]);
    expect(letters.map((l) => [l.to.email, l.role])).toEqual(contacts.map((c) => [c.email, c.role]));
    expect(letters[0]!.text).toContain(
      'Copied to: Carl Chair, chair of governors; Tess Trust, chair of the board of Northvale Trust',
    );
    expect(toTrust.subject).toBe('Alpha Academy: school improvement category improved from D to C');
    expect(toTrust.from).toBe('Ardenshire County Council <si@ardenshire.example>');
    expect(toTrust.replyTo).toBe('team@ardenshire.example');
    expect(toTrust.date).toBe('2026-09-03');
  });

  it('says this, as text', () => {
    expect(everyPart().letters[2]!.text.split('\n')).toEqual([
      'Ardenshire County Council',
      '3 Sep 2026',
      '',
      'Dear Tess Trust,',
      '',
      'Alpha Academy (URN 100001)',
      '',
      "Following our risk assessment for the autumn term 2026, the Area Analysis Group has decided that the school's category has improved from D to C.",
      'Category C means a school that needs support to improve, or is at serious risk of decline. Category D means a school causing serious concern, which needs intensive support.',
      '',
      'You are receiving this as chair of the board of Northvale Trust.',
      '',
      'Why the school is no longer in category D:',
      '- This no longer applies: A warning notice (notice of 1 May 2026)',
      '',
      'Why the school is in this category:',
      '- Key stage 2 below floor (KS2 2025: 28%)',
      '- The Area Analysis Group decided the category: the new head has stabilised the school (its decision of 5 Oct 2026)',
      '',
      'Other evidence we considered:',
      '- A new headteacher (intelligence, 1 Sep 2026)',
      '',
      'National flags the school carries:',
      "- The school is stuck: below good at two inspections running, so eligible for the DfE's RISE support (inspections of 2023 and 2025)",
      '',
      'What happens next:',
      '- Lena Lead (National Leader of Education, NLE) will visit the school once a term.',
      '- Your Area Analysis Group has brokered school-to-school support from Beta Primary School, in your district.',
      '- A task group chaired by Tom Chair (NLE) will monitor the impact of that support and report to the Area Analysis Group.',
      '',
      'If you have questions about this categorisation, please contact the School Improvement Team at team@ardenshire.example or on 01632 960000.',
      '',
      'If you think the category is wrong, please write to the School Improvement Team at team@ardenshire.example within 20 school days of this letter, saying which evidence you disagree with and why. The Area Analysis Group will consider it at its next meeting and write to you with its decision; you may ask the Education Challenge Board to review that decision.',
      '',
      'Yours sincerely,',
      'Sam Sign',
      'Head of School Improvement',
      'Ardenshire County Council',
      '',
      'Copied to: Ann Head, headteacher; Carl Chair, chair of governors',
      '',
      'This categorisation is confidential to the school, its governors, its trust and the local authority.',
      '',
    ]);
  });

  it('and this, as HTML', () => {
    expect(everyPart().letters[2]!.html.split('\n')).toEqual([
      '<!doctype html>',
      '<html lang="en-GB"><head><meta charset="utf-8"><title>Alpha Academy: school improvement category improved from D to C</title></head>',
      '<body style="font-family: Arial, sans-serif; color: #0b0c0c; max-width: 40em">',
      '<p style="font-weight: bold; color: #00703c">Ardenshire County Council</p>',
      '<p>3 Sep 2026</p>',
      '<p>Dear Tess Trust,</p>',
      '<p><strong>Alpha Academy</strong> (URN 100001)</p>',
      "<p>Following our risk assessment for the autumn term 2026, the Area Analysis Group has decided that the school's category has improved from <strong>D</strong> to <strong>C</strong>.</p>",
      '',
      '<p>Category C means a school that needs support to improve, or is at serious risk of decline. Category D means a school causing serious concern, which needs intensive support.</p>',
      '<p>You are receiving this as chair of the board of Northvale Trust.</p>',
      '<h2 style="font-size: 1.1em">Why the school is no longer in category D</h2>',
      '<ul><li>This no longer applies: A warning notice <span style="color:#505a5f">(notice of 1 May 2026)</span></li></ul>',
      '<h2 style="font-size: 1.1em">Why the school is in this category</h2>',
      '<ul><li>Key stage 2 below floor <span style="color:#505a5f">(KS2 2025: 28%)</span></li><li>The Area Analysis Group decided the category: the new head has stabilised the school <span style="color:#505a5f">(its decision of 5 Oct 2026)</span></li></ul>',
      '<p>Other evidence we considered:</p><ul><li>A new headteacher <span style="color:#505a5f">(intelligence, 1 Sep 2026)</span></li></ul>',
      '<p>National flags the school carries:</p><ul><li>The school is stuck: below good at two inspections running, so eligible for the DfE&#39;s RISE support (inspections of 2023 and 2025)</li></ul>',
      '<h2 style="font-size: 1.1em">What happens next</h2>',
      '<ul><li>Lena Lead (National Leader of Education, NLE) will visit the school once a term.</li><li>Your Area Analysis Group has brokered school-to-school support from Beta Primary School, in your district.</li><li>A task group chaired by Tom Chair (NLE) will monitor the impact of that support and report to the Area Analysis Group.</li></ul>',
      '<p>If you have questions about this categorisation, please contact the School Improvement Team at <a href="mailto:team@ardenshire.example">team@ardenshire.example</a> or on 01632 960000.</p>',
      '<p>If you think the category is wrong, please write to the School Improvement Team at team@ardenshire.example within 20 school days of this letter, saying which evidence you disagree with and why. The Area Analysis Group will consider it at its next meeting and write to you with its decision; you may ask the Education Challenge Board to review that decision.</p>',
      '<p>Yours sincerely,<br>Sam Sign<br>Head of School Improvement<br>Ardenshire County Council</p>',
      '<p>Copied to: Ann Head, headteacher; Carl Chair, chair of governors</p>',
      '<p style="font-size: 0.85em; color: #505a5f">This categorisation is confidential to the school, its governors, its trust and the local authority.</p>',
      '</body></html>',
      '',
    ]);
  });
});

describe('a category letter with nothing extra', () => {
  const undecided: Assessment = {
    term: '2026-autumn',
    urn: URN,
    category: 'A',
    previousCategory: 'B',
    previousTerm: '2026-summer',
    changed: true,
    methodologyId: 'default-2026',
    reasons: [{ category: 'A', rule: 'good', text: 'Good at its last inspection', evidence: 'Ofsted, 4 Mar 2026' }],
    moderation: { decision: 'undecided', by: 'Ashdown AAG' },
  };
  const nothingExtra = () =>
    lettersForChange('2026-09-03', undecided, maintained, [head], AUTHORITY, DEFAULT_METHODOLOGY);

  it("goes to the head alone, and names the chair of governors' letter as missing", () => {
    const { letters, missing } = nothingExtra();
    expect(missing).toEqual(['chair of governors']);
    expect(letters).toHaveLength(1);
  });

  it('says this, as text: no copies, no flags, no other evidence, the team signing', () => {
    expect(nothingExtra().letters[0]!.text.split('\n')).toEqual([
      'Ardenshire County Council',
      '3 Sep 2026',
      '',
      'Dear Ann Head,',
      '',
      'Alpha Primary School (URN 100001)',
      '',
      "Following our risk assessment for the autumn term 2026, the school's category has improved from B to A.",
      "The Area Analysis Group did not decide on the proposed category by its deadline, so, as the Education Challenge Board's methodology provides, the proposed category stands.",
      'Category A means a good or outstanding school with no known concerns. Category B means a good or outstanding school whose capacity to support other schools may be limited for now.',
      '',
      'Why the school is in this category:',
      '- Good at its last inspection (Ofsted, 4 Mar 2026)',
      '',
      'What happens next:',
      '- No additional visits are planned.',
      '- The school will be invited to contribute to school-to-school support in its area.',
      '',
      'If you have questions about this categorisation, please contact the School Improvement Team at team@ardenshire.example or on 01632 960000.',
      '',
      'If you think the category is wrong, please write to the School Improvement Team at team@ardenshire.example within 20 school days of this letter, saying which evidence you disagree with and why. The Area Analysis Group will consider it at its next meeting and write to you with its decision; you may ask the Education Challenge Board to review that decision.',
      '',
      'Yours sincerely,',
      'School Improvement Team',
      'Ardenshire County Council',
      '',
      'This categorisation is confidential to the school, its governors and the local authority.',
      '',
    ]);
  });

  it('and this, as HTML, in the default colour', () => {
    expect(nothingExtra().letters[0]!.html.split('\n')).toEqual([
      '<!doctype html>',
      '<html lang="en-GB"><head><meta charset="utf-8"><title>Alpha Primary School: school improvement category improved from B to A</title></head>',
      '<body style="font-family: Arial, sans-serif; color: #0b0c0c; max-width: 40em">',
      '<p style="font-weight: bold; color: #1d70b8">Ardenshire County Council</p>',
      '<p>3 Sep 2026</p>',
      '<p>Dear Ann Head,</p>',
      '<p><strong>Alpha Primary School</strong> (URN 100001)</p>',
      "<p>Following our risk assessment for the autumn term 2026, the school's category has improved from <strong>B</strong> to <strong>A</strong>.</p>",
      '<p>The Area Analysis Group did not decide on the proposed category by its deadline, so, as the Education Challenge Board&#39;s methodology provides, the proposed category stands.</p>',
      '<p>Category A means a good or outstanding school with no known concerns. Category B means a good or outstanding school whose capacity to support other schools may be limited for now.</p>',
      '',
      '',
      '<h2 style="font-size: 1.1em">Why the school is in this category</h2>',
      '<ul><li>Good at its last inspection <span style="color:#505a5f">(Ofsted, 4 Mar 2026)</span></li></ul>',
      '',
      '',
      '<h2 style="font-size: 1.1em">What happens next</h2>',
      '<ul><li>No additional visits are planned.</li><li>The school will be invited to contribute to school-to-school support in its area.</li></ul>',
      '<p>If you have questions about this categorisation, please contact the School Improvement Team at <a href="mailto:team@ardenshire.example">team@ardenshire.example</a> or on 01632 960000.</p>',
      '<p>If you think the category is wrong, please write to the School Improvement Team at team@ardenshire.example within 20 school days of this letter, saying which evidence you disagree with and why. The Area Analysis Group will consider it at its next meeting and write to you with its decision; you may ask the Education Challenge Board to review that decision.</p>',
      '<p>Yours sincerely,<br>School Improvement Team<br>Ardenshire County Council</p>',
      '',
      '<p style="font-size: 0.85em; color: #505a5f">This categorisation is confidential to the school, its governors and the local authority.</p>',
      '</body></html>',
      '',
    ]);
  });

  it('says "changed", not "improved", from a category this scheme does not know, and defines only the new one', () => {
    const fromAmber = composeLetter({
      date: '2026-09-03',
      assessment: { ...undecided, category: 'C', previousCategory: 'Amber', moderation: undefined },
      school: maintained,
      contact: head,
      authority: AUTHORITY,
      methodology: DEFAULT_METHODOLOGY,
    });
    expect(fromAmber.subject).toBe('Alpha Primary School: school improvement category changed from Amber to C');
    expect(fromAmber.text).toContain(
      "\n\nFollowing our risk assessment for the autumn term 2026, the school's category has changed from Amber to C.\nCategory C means a school that needs support to improve, or is at serious risk of decline.\n\nWhy the school is in this category:\n",
    );
    expect(fromAmber.text).toContain(
      '- A system leader or Learning Improvement Officer will visit the school once a term.\n- Your Area Analysis Group is brokering school-to-school support from a good or outstanding school, within your consortium or network where possible.\n- A task group, chaired by a system leader, will monitor the impact of that support and report to the Area Analysis Group.\n\n',
    );
  });

  it('says "changed" for a school going into a more serious category', () => {
    const worse = composeLetter({
      date: '2026-09-03',
      assessment: { ...undecided, category: 'C', previousCategory: 'B' },
      school: maintained,
      contact: head,
      authority: AUTHORITY,
      methodology: DEFAULT_METHODOLOGY,
    });
    expect(worse.subject).toBe('Alpha Primary School: school improvement category changed from B to C');
  });
});

describe('what follows each category, in the words of its scheme', () => {
  const leaderOf = (designation: SystemLeader['designation']) => ({
    ...support,
    leader: { id: 'l9', name: 'Lee Leader', designation },
  });

  it('spells out each designation once, then abbreviates it', () => {
    expect(whatFollows('C', maintained, DEFAULT_METHODOLOGY, leaderOf('SLE'))[0]).toBe(
      'Lee Leader (Specialist Leader of Education, SLE) will visit the school once a term.',
    );
    expect(whatFollows('C', maintained, DEFAULT_METHODOLOGY, leaderOf('LIO'))[0]).toBe(
      'Lee Leader (Learning Improvement Officer, LIO) will visit the school once a term.',
    );
    expect(whatFollows('C', maintained, DEFAULT_METHODOLOGY, leaderOf('LLE'), taskGroup)).toEqual([
      'Lee Leader (Local Leader of Education, LLE) will visit the school once a term.',
      'Your Area Analysis Group has brokered school-to-school support from Beta Primary School, in your district.',
      'A task group chaired by Tom Chair (National Leader of Education, NLE) will monitor the impact of that support and report to the Area Analysis Group.',
    ]);
  });

  it('says where the support school was found', () => {
    const within = (matchedWithin: 'consortium' | 'district' | 'county') =>
      whatFollows('C', maintained, DEFAULT_METHODOLOGY, {
        ...support,
        provider: { urn: '100009', name: 'Beta Primary School', matchedWithin },
      })[1];
    expect(within('consortium')).toMatch(/from Beta Primary School, in your consortium or network\.$/);
    expect(within('district')).toMatch(/from Beta Primary School, in your district\.$/);
    expect(within('county')).toMatch(/from Beta Primary School, elsewhere in the county\.$/);
  });

  it('counts visits as the scheme sets them: once, every half term, or more', () => {
    expect(whatFollows('yellow', maintained, COLOUR_METHODOLOGY)).toEqual([
      'A system leader or Learning Improvement Officer will visit the school once a term.',
    ]);
    expect(whatFollows('amber', maintained, COLOUR_METHODOLOGY)[0]).toBe(
      'A system leader or Learning Improvement Officer will visit the school once every half term (2 visits a term).',
    );
    expect(whatFollows('red', academy, COLOUR_METHODOLOGY)).toEqual([
      'A system leader or Learning Improvement Officer will visit the school 3 times a term.',
      'Your Area Analysis Group is brokering school-to-school support from a good or outstanding school, within your consortium or network where possible.',
      'A task group, chaired by a system leader, will monitor the impact of that support and report to the Area Analysis Group.',
      "We will arrange a needs-analysis discussion with the headteacher, the chair of governors and the trust's chief executive.",
    ]);
  });

  it("says the school's capacity may be limited only for a category with no visits and no brokering", () => {
    expect(whatFollows('B', maintained, DEFAULT_METHODOLOGY)).toEqual([
      'No additional visits are planned.',
      "We recognise that the school's capacity to support other schools may be limited for now, and the Area Analysis Group will take this into account.",
    ]);
    const brokeredWithoutVisits = withSupport('B', { visitsPerTerm: 0, brokered: true });
    expect(whatFollows('B', maintained, brokeredWithoutVisits).slice(0, 2)).toEqual([
      'No additional visits are planned.',
      'Your Area Analysis Group is brokering school-to-school support from a good or outstanding school, within your consortium or network where possible.',
    ]);
  });
});

describe("a letter's names and keys", () => {
  it('names the trust as "the school\'s trust" where the register gives no name', () => {
    const unnamed = school({ urn: URN, name: 'Alpha Academy', isAcademy: true });
    const { letters } = lettersForChange('2026-09-03', overridden, unnamed, contacts, AUTHORITY, DEFAULT_METHODOLOGY);
    expect(letters[2]!.text).toContain("\nYou are receiving this as chair of the board of the school's trust.\n");
    expect(letters[0]!.text).toContain("Tess Trust, chair of the board of the school's trust");
  });

  it("dates the AAG's decision only where it was recorded", () => {
    const { moderation } = overridden;
    const undated = composeLetter({
      date: '2026-09-03',
      assessment: { ...overridden, previousCategory: 'D', moderation: { ...moderation!, decidedAt: undefined } },
      school: maintained,
      contact: head,
      authority: AUTHORITY,
      methodology: DEFAULT_METHODOLOGY,
    });
    expect(undated.text).toContain(
      '\n- The Area Analysis Group decided the category: the new head has stabilised the school (its decision)\n',
    );
  });

  it('writes to no one about a change with no previous category', () => {
    expect(
      lettersForChange(
        '2026-09-03',
        { ...overridden, previousCategory: undefined },
        academy,
        contacts,
        AUTHORITY,
        DEFAULT_METHODOLOGY,
      ),
    ).toEqual({ letters: [], missing: [] });
  });

  it('signs with the signatory alone where no role is given', () => {
    expect(signatureOf({ ...AUTHORITY, signatoryName: 'Sam Sign' })).toEqual(['Sam Sign', 'Ardenshire County Council']);
    expect(signatureOf(AUTHORITY)).toEqual(['School Improvement Team', 'Ardenshire County Council']);
  });

  it('lists nothing as nothing', () => {
    expect(listInWords([])).toBe('');
    expect(listInWords(['a', 'b', 'c'])).toBe('a, b and c');
  });

  it('keys a letter by a hash of the address, whatever its case or spaces', () => {
    expect(addressHash(' Head@Alpha.Example ')).toBe(addressHash('head@alpha.example'));
    expect(addressHash('head@alpha.example')).toMatch(/^[0-9a-f]{16}$/);
    expect(legacyLetterKey('2026-autumn', URN, 'B', 'C', 'chair of governors')).toBe(
      '2026-autumn#100001#B->C#chair-of-governors',
    );
    expect(letterKey('2026-autumn', URN, 'B', 'C', 'trust board chair', 'x@y.example')).toBe(
      `2026-autumn#100001#B->C#trust-board-chair#${addressHash('x@y.example')}`,
    );
  });

  it("names a letter's file and record by school, kind and role", () => {
    expect(letterFileName({ urn: URN, role: 'chair of governors' })).toBe('100001-chair-of-governors.eml');
    expect(letterFileName({ urn: URN, role: 'DfE regional team', letterKey: 'x#warning-notice-issued#y' })).toBe(
      '100001-warning-notice-issued-DfE-regional-team.eml',
    );
    expect(letterRecordName({ urn: URN, role: 'headteacher', letterKey: '2026-autumn#1#A->B#x y' })).toBe(
      'letters/100001/2026-autumn_1_A-_B_x_y.eml',
    );
    expect(LETTER_TAG).toBe('letter');
  });
});

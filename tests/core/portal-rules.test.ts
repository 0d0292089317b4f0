import { describe, expect, it } from 'vitest';
import {
  aagChairGroup,
  aagMemberGroup,
  areaKeyOf,
  areaWritePolicy,
  decides,
  hasAnyRole,
  refusalForArea,
  refusalForReport,
  refusalToSubmit,
  rolesOf,
} from '../../functions/core/access/people';
import { type ProposalLine, proposalLines, proposalsCsv } from '../../functions/core/assessment/moderation';
import { decisionFromForm, formOfDecision, orderProposals } from '../../functions/core/assessment/moderation-form';
import { parseCsvRows } from '../../functions/core/csv';
import { supportOptions } from '../../functions/core/support/support-options';
import type { Assessment, School } from '../../functions/core/types';
import { DEFAULT_METHODOLOGY, leader, school } from '../builders';

describe('who may act for an AAG area', () => {
  it('gives each district a key no group name or tag chokes on', () => {
    expect(areaKeyOf("King's Lynn, Wisbech & Downham")).toBe('king-s-lynn-wisbech-downham');
    expect(aagMemberGroup('ashdown')).toBe('aag:ashdown');
    expect(aagChairGroup('ashdown')).toBe('aag-chair:ashdown');
  });

  it('reads roles from groups only, and a chair outranks a member of the same area', () => {
    const roles = rolesOf(['aag:ashdown', 'aag-chair:ashdown', 'aag:riverton', 'ecb', 'something-else']);
    expect(roles.ecb).toBe(true);
    expect(roles.officer).toBe(false);
    expect([...roles.areas]).toEqual([
      ['ashdown', 'chair'],
      ['riverton', 'member'],
    ]);
    // An area whose name ends in "chair" is not mistaken for a chair's group.
    expect([...rolesOf(['aag:ashdown-chair']).areas]).toEqual([['ashdown-chair', 'member']]);
  });

  it("refuses another area's pages and a member's submission", () => {
    const member = rolesOf(['aag:ashdown']);
    expect(refusalForArea(member, 'ashdown')).toBeUndefined();
    expect(refusalForArea(member, 'riverton')).toMatch(/not a member/);
    expect(refusalToSubmit(member, 'ashdown')).toMatch(/Only the AAG's chair/);
    expect(refusalToSubmit(rolesOf(['aag-chair:ashdown']), 'ashdown')).toBeUndefined();
    expect(refusalToSubmit(rolesOf(['aag-chair:ashdown']), 'riverton')).toMatch(/not a member/);
  });
});

const proposal = (urn: string, category: string, previousCategory?: string, extra: Partial<Assessment> = {}) =>
  ({
    term: '2027-spring',
    urn,
    category,
    proposedCategory: category,
    ...(previousCategory ? { previousCategory } : {}),
    changed: previousCategory !== undefined && previousCategory !== category,
    methodologyId: 'default-2026',
    reasons: [{ category, rule: 'ofsted-good-or-outstanding', text: 'Ofsted: good', evidence: 'inspected 2024' }],
    ...extra,
  }) as Assessment;

describe("who may read a term's reports", () => {
  const areaOf = (urn: string) => ({ '100001': 'ashdown', '100002': 'riverton' })[urn];
  it('lets the ECB and the team read every report, and a member their own area and its schools', () => {
    for (const roles of [rolesOf(['ecb']), rolesOf(['officer'])])
      for (const file of [
        'report.html',
        'aag/riverton.html',
        'schools/100002.html',
        'trusts/arden-learning-trust.html',
      ])
        expect(refusalForReport(roles, file, areaOf)).toBeUndefined();
    const member = rolesOf(['aag:ashdown']);
    expect(refusalForReport(member, 'aag/ashdown.html', areaOf)).toBeUndefined();
    expect(refusalForReport(member, 'schools/100001.html', areaOf)).toBeUndefined();
    expect(refusalForReport(member, 'aag/riverton.html', areaOf)).toMatch(/not a member/);
    expect(refusalForReport(member, 'schools/100002.html', areaOf)).toMatch(/not in your AAG area/);
    expect(refusalForReport(member, 'schools/999999.html', areaOf)).toMatch(/not in your AAG area/);
    expect(refusalForReport(member, 'report.html', areaOf)).toMatch(/Only the ECB/);
  });

  it('serves no other file, whoever asks', () => {
    for (const file of [
      '../cdk.json',
      'aag/../report.html',
      'proposals/ashdown.csv',
      'schools/1.html',
      'report.html.bak',
    ])
      expect(refusalForReport(rolesOf(['ecb']), file, areaOf)).toBe('There is no such report.');
  });
});

describe("an AAG's decision made on the form", () => {
  const decide = (form: Parameters<typeof decisionFromForm>[2]) =>
    decisionFromForm('Ashdown', '100001', form, 'Ann Chair', DEFAULT_METHODOLOGY);

  it('agrees, recording who decided', () => {
    expect(decide({ decision: 'agree' })).toEqual({
      decision: { urn: '100001', decision: 'agree', decidedBy: 'Ann Chair' },
    });
  });

  it('overrides to a category of the methodology with a rationale', () => {
    expect(decide({ decision: 'override', category: 'B', rationale: ' New head in post ' })).toEqual({
      decision: {
        urn: '100001',
        decision: 'override',
        category: 'B',
        rationale: 'New head in post',
        decidedBy: 'Ann Chair',
      },
    });
  });

  it('says, field by field, what an override lacks', () => {
    expect(decide({ decision: 'override' }).problems).toEqual([
      {
        field: 'category',
        message: expect.stringMatching(/^Select the category the AAG agrees instead \(A, B, C, D\)/),
      },
      { field: 'rationale', message: 'Enter why the AAG overrides the proposed category' },
    ]);
    expect(decide({ decision: 'override', category: 'E', rationale: 'x' }).problems).toEqual([
      { field: 'category', message: expect.stringMatching(/^Select the category/) },
    ]);
  });

  it('asks why for a choice of support, and takes it with one', () => {
    expect(decide({ decision: 'agree', supportSchool: '100009' }).problems).toEqual([
      { field: 'rationale', message: 'Enter why the AAG chooses this support' },
    ]);
    expect(decide({ decision: 'agree', supportSchool: '100009', rationale: 'Knows the school' }).decision).toEqual({
      urn: '100001',
      decision: 'agree',
      supportSchool: '100009',
      rationale: 'Knows the school',
      decidedBy: 'Ann Chair',
    });
  });

  it('refuses a decision that is neither agree nor override, a typed support id, and an essay', () => {
    expect(decide({ decision: 'maybe' }).problems?.[0]?.field).toBe('decision');
    expect(decide({}).problems?.[0]?.field).toBe('decision');
    expect(decide({ decision: 'agree', systemLeader: 'somebody', rationale: 'x' }).problems).toEqual([
      { field: 'systemLeader', message: 'Select a system leader from the list' },
    ]);
    expect(decide({ decision: 'agree', supportSchool: 'abc', rationale: 'x' }).problems?.[0]?.field).toBe(
      'supportSchool',
    );
    expect(decide({ decision: 'override', category: 'B', rationale: 'x'.repeat(2001) }).problems?.[0]?.field).toBe(
      'rationale',
    );
  });
});

describe("an AAG's decision on the form, at its edges", () => {
  const decide = (form: Parameters<typeof decisionFromForm>[2]) =>
    decisionFromForm('Ashdown', '100001', form, 'Ann Chair', DEFAULT_METHODOLOGY);

  it('takes a reason of 2,000 characters and no more, and trims every field as the sheet would', () => {
    expect(decide({ decision: 'override', category: 'B', rationale: 'x'.repeat(2000) }).problems).toBeUndefined();
    expect(decide({ decision: 'override', category: 'B', rationale: 'x'.repeat(2001) }).problems).toEqual([
      { field: 'rationale', message: 'Write the reason in at most 2000 characters' },
    ]);
    expect(
      decide({
        decision: ' override ',
        category: ' C ',
        rationale: ' Knows the school ',
        supportSchool: ' 100009 ',
        days: ' 6 ',
        fundedBy: ' the authority ',
      }).decision,
    ).toEqual({
      urn: '100001',
      decision: 'override',
      category: 'C',
      rationale: 'Knows the school',
      supportSchool: '100009',
      days: 6,
      fundedBy: 'the authority',
      decidedBy: 'Ann Chair',
    });
  });

  it('keeps no category on an agreement, and says what each support field lacks', () => {
    expect(decide({ decision: 'agree', category: 'D' }).decision).toEqual({
      urn: '100001',
      decision: 'agree',
      decidedBy: 'Ann Chair',
    });
    expect(
      decide({ decision: 'agree', supportSchool: '100009', rationale: 'x', days: 'six', fundedBy: 'the school' })
        .problems,
    ).toEqual([{ field: 'days', message: 'Enter the days of support as a whole number, such as 6' }]);
    expect(decide({ decision: 'maybe' }).problems).toEqual([
      { field: 'decision', message: 'Select whether the AAG agrees the proposed category or overrides it' },
    ]);
    expect(decide({ decision: 'agree', supportSchool: 'abc', rationale: 'x' }).problems).toEqual([
      { field: 'supportSchool', message: 'Select a support school from the list' },
    ]);
  });

  it('holds a decision as the form would, every field it has and none it has not', () => {
    expect(
      formOfDecision({
        urn: '100001',
        decision: 'override',
        category: 'C',
        rationale: 'r',
        supportSchool: '100009',
        systemLeader: 'nle:jo-reed:la',
        days: 0,
        fundedBy: 'the school',
        decidedBy: 'Ann Chair',
      }),
    ).toEqual({
      decision: 'override',
      category: 'C',
      rationale: 'r',
      supportSchool: '100009',
      systemLeader: 'nle:jo-reed:la',
      days: '0',
      fundedBy: 'the school',
    });
    expect(formOfDecision({ urn: '100001', decision: 'agree', decidedBy: 'Ann Chair' })).toEqual({ decision: 'agree' });
  });
});

describe("the AAG's list of proposals", () => {
  const schools = [
    school({ urn: '100001', district: 'Ashdown', name: 'Cedar', phase: 'primary' }),
    school({ urn: '100002', district: 'Ashdown', name: 'Alder', phase: 'secondary' }),
    school({ urn: '100003', district: 'Ashdown', name: 'Birch', phase: 'primary' }),
    school({ urn: '100004', district: 'Riverton', name: 'Aspen' }),
  ];
  const proposals = [
    proposal('100001', 'C', 'B'),
    proposal('100002', 'A', 'A', { earlyWarning: { summary: 'at risk: review' } as Assessment['earlyWarning'] }),
    proposal('100003', 'D', 'D'),
    proposal('100004', 'C', 'B'),
  ];
  const lines = proposalLines('Ashdown', proposals, schools);

  it("holds only the district's schools, and says what the sheet says", () => {
    expect(lines.map((l) => l.urn)).toEqual(['100002', '100003', '100001']);
    expect(lines.find((l) => l.urn === '100001')).toMatchObject({ previous: 'B', proposed: 'C', change: true });
    const [, ...rows] = parseCsvRows(proposalsCsv('Ashdown', proposals, schools));
    expect(rows.map((r) => r.cells[1])).toEqual(lines.map((l) => l.urn));
    expect(rows.map((r) => r.cells[8])).toEqual(lines.map((l) => (l.change ? 'yes' : 'no')));
  });

  const order = (o: Parameters<typeof orderProposals>[1], f = {}) =>
    orderProposals(lines, o, f, DEFAULT_METHODOLOGY).map((l: ProposalLine) => l.school);

  it('sorts changes first, by category (most serious first) or by name', () => {
    expect(order('changes-first')).toEqual(['Cedar', 'Alder', 'Birch']);
    expect(order('category')).toEqual(['Birch', 'Cedar', 'Alder']);
    expect(order('name')).toEqual(['Alder', 'Birch', 'Cedar']);
  });

  it('puts a category the methodology does not know after every one it does, and ties by name then URN', () => {
    const line = (urn: string, school: string, proposed: string) => ({ ...lines[0]!, urn, school, proposed });
    const odd = [
      line('1', 'Zed', 'Z'),
      line('2', 'Ant', 'A'),
      line('3', 'Bee', 'B'),
      line('5', 'Ant', 'A'),
      line('4', 'Ant', 'A'),
    ];
    expect(orderProposals(odd, 'category', {}, DEFAULT_METHODOLOGY).map((l) => [l.school, l.urn])).toEqual([
      ['Bee', '3'],
      ['Ant', '2'],
      ['Ant', '4'],
      ['Ant', '5'],
      ['Zed', '1'],
    ]);
  });

  it('filters by category, phase, early warning and change', () => {
    expect(order('name', { category: 'D' })).toEqual(['Birch']);
    expect(order('name', { phase: 'primary' })).toEqual(['Birch', 'Cedar']);
    expect(order('name', { earlyWarning: true })).toEqual(['Alder']);
    expect(order('name', { changes: true })).toEqual(['Cedar']);
  });
});

describe('the support an AAG may choose from', () => {
  const schools = [
    school({ urn: '100001', district: 'Ashdown', name: 'Needing', phase: 'primary' }),
    school({ urn: '100002', district: 'Ashdown', name: 'Good Near', phase: 'primary' }),
    school({ urn: '100003', district: 'Riverton', name: 'Good Far', phase: 'primary' }),
    school({ urn: '100004', district: 'Ashdown', name: 'Good Secondary', phase: 'secondary' }),
    school({ urn: '100005', district: 'Ashdown', name: 'Good But Taken', phase: 'primary' }),
    school({ urn: '100006', district: 'Ashdown', name: 'Other Needing', phase: 'primary' }),
  ];
  const proposals = [
    proposal('100001', 'C', 'B', {
      proposedSupport: { provider: { urn: '100002', name: 'Good Near' }, visitsThisTerm: 1 },
    } as Partial<Assessment>),
    proposal('100002', 'A'),
    proposal('100003', 'A'),
    proposal('100004', 'A'),
    proposal('100005', 'A'),
    proposal('100006', 'C', 'C', {
      proposedSupport: {
        provider: { urn: '100005', name: 'Good But Taken' },
        leader: { id: 'lle:full:la', name: 'Full', designation: 'LLE' },
        visitsThisTerm: 1,
      },
    } as Partial<Assessment>),
  ];
  // Made in each test, not as the file loads, so that a mutation run knows which tests read it.
  const optionsFor100001 = () =>
    supportOptions('100001', {
      schools,
      proposals,
      systemLeaders: [
        leader({ id: 'lle:full:la', name: 'Full', capacity: 1 }),
        leader({ id: 'lle:free:la', name: 'Free', capacity: 2 }),
        leader({ id: 'lle:own:100001', name: 'Own Head', homeSchoolUrn: '100001' }),
        leader({ id: 'lle:secondary:la', name: 'Secondary Only', phases: ['secondary'] }),
      ],
      methodology: DEFAULT_METHODOLOGY,
    });

  it('lists support schools of the phase with capacity left, its own district first, the proposal kept', () => {
    const options = optionsFor100001();
    expect(options.supportSchools.map((o) => o.value)).toEqual(['100002', '100003']);
    expect(options.supportSchools[0]!.label).toBe('Good Near (URN 100002), Ashdown: proposed');
  });

  it("lists leaders of the phase with places left, never the school's own head", () => {
    expect(optionsFor100001().systemLeaders).toEqual([
      { value: 'lle:free:la', label: 'Free, LLE (2 of 2 places left)' },
    ]);
  });

  it('orders support schools by district (its own first) then name, and leaders by name; keeps what was proposed, full or not', () => {
    const ashdown = (urn: string, name: string, phase: School['phase'] = 'primary') =>
      school({ urn, name, district: 'Ashdown', phase });
    const riverton = (urn: string, name: string, phase: School['phase'] = 'primary') =>
      school({ urn, name, district: 'Riverton', phase });
    const options = supportOptions('200001', {
      schools: [
        ashdown('200001', 'Needing'),
        riverton('200007', 'Other Needing'),
        ashdown('200002', 'Zeta'),
        riverton('200003', 'Alpha'),
        ashdown('200004', 'Beta'),
        riverton('200005', 'Omega', 'secondary'),
        riverton('200006', 'Gamma', 'all-through'),
        ashdown('200008', 'Taken'),
      ],
      proposals: [
        proposal('200001', 'C', 'B', {
          proposedSupport: {
            provider: { urn: '200002', name: 'Zeta' },
            leader: { id: 'lle:a-full', name: 'Zoe Full', designation: 'LLE' },
            visitsThisTerm: 1,
          },
        } as Partial<Assessment>),
        proposal('200007', 'C', 'C', {
          proposedSupport: {
            provider: { urn: '200008', name: 'Taken' },
            leader: { id: 'lle:b-half', name: 'Adam Half', designation: 'LLE' },
            visitsThisTerm: 1,
          },
        } as Partial<Assessment>),
        ...['200002', '200003', '200004', '200005', '200006', '200008'].map((urn) => proposal(urn, 'A')),
      ],
      systemLeaders: [
        leader({ id: 'lle:a-full', name: 'Zoe Full', capacity: 1 }),
        leader({ id: 'lle:b-half', name: 'Adam Half', capacity: 2 }),
        leader({ id: 'lle:c-both', name: 'Mia Both', phases: ['secondary', 'primary'], capacity: 2 }),
      ],
      methodology: DEFAULT_METHODOLOGY,
    });
    expect(options.supportSchools).toEqual([
      { value: '200004', label: 'Beta (URN 200004), Ashdown' },
      { value: '200002', label: 'Zeta (URN 200002), Ashdown: proposed' },
      { value: '200003', label: 'Alpha (URN 200003), Riverton' },
      { value: '200006', label: 'Gamma (URN 200006), Riverton' },
    ]);
    expect(options.systemLeaders).toEqual([
      { value: 'lle:b-half', label: 'Adam Half, LLE (1 of 2 places left)' },
      { value: 'lle:c-both', label: 'Mia Both, LLE (2 of 2 places left)' },
      { value: 'lle:a-full', label: 'Zoe Full, LLE (0 of 1 places left): proposed' },
    ]);
  });

  it('offers nothing for a school not in the cycle', () => {
    expect(
      supportOptions('999999', { schools, proposals, systemLeaders: [], methodology: DEFAULT_METHODOLOGY }),
    ).toEqual({ supportSchools: [], systemLeaders: [] });
  });
});

describe("an AAG area's write policy", () => {
  it("allows PutItem on the area's own partition keys only, whatever characters its district's name holds", () => {
    const policy = JSON.parse(areaWritePolicy("King's Lynn, Wisbech & Downham", 'king-s-lynn-wisbech-downham')) as {
      Statement: { Effect: string; Action: string[]; Resource: string; Condition?: unknown }[];
    };
    expect(policy.Statement).toHaveLength(2);
    expect(policy.Statement[0]).toEqual({
      Effect: 'Allow',
      Action: ['dynamodb:PutItem'],
      Resource: '*',
      Condition: {
        'ForAllValues:StringEquals': {
          'dynamodb:LeadingKeys': ["King's Lynn, Wisbech & Downham", 'king-s-lynn-wisbech-downham'],
        },
      },
    });
    expect(policy.Statement[1]!.Action.every((a) => a.startsWith('kms:'))).toBe(true);
    expect(JSON.parse(areaWritePolicy('Ashdown', 'ashdown'))).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['dynamodb:PutItem'],
          Resource: '*',
          Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['Ashdown', 'ashdown'] } },
        },
        {
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
          Resource: '*',
        },
      ],
    });
  });
});

describe('roles at their edges', () => {
  it('reads a school, trust or visitor group by what follows its prefix, and nothing from a prefix alone', () => {
    const roles = rolesOf(['school:', 'school:100001', 'trust:TR01', 'visitor:100002', 'xschool:100003', 'aag:']);
    expect([...roles.schools]).toEqual(['100001']);
    expect([...roles.trusts]).toEqual(['TR01']);
    expect([...roles.visits]).toEqual(['100002']);
    // A chair listed before their membership stays the chair.
    expect([...rolesOf(['aag-chair:ashdown', 'aag:ashdown']).areas]).toEqual([['ashdown', 'chair']]);
  });

  it('says who has a role at all, and who decides: the team, the ECB and the AAGs, not a school', () => {
    for (const groups of [['officer'], ['ecb'], ['aag:ashdown'], ['school:100001'], ['trust:TR01'], ['visitor:100001']])
      expect([groups[0], hasAnyRole(rolesOf(groups))]).toEqual([groups[0], true]);
    expect(hasAnyRole(rolesOf(['something-else']))).toBe(false);
    for (const groups of [['officer'], ['ecb'], ['aag:ashdown']]) expect(decides(rolesOf(groups))).toBe(true);
    for (const groups of [['school:100001'], ['trust:TR01'], ['visitor:100001'], []])
      expect(decides(rolesOf(groups))).toBe(false);
  });

  it("reads an area's report or a school's page only by its whole name", () => {
    const member = rolesOf(['aag:ashdown']);
    const areaOf = () => 'ashdown';
    expect(refusalForReport(member, 'aag/ashdown.html', areaOf)).toBeUndefined();
    expect(refusalForReport(member, 'schools/100001.html', areaOf)).toBeUndefined();
    expect(refusalForReport(member, 'trusts/northvale.html', areaOf)).toBe(
      'Only the ECB and the school-improvement team read this report.',
    );
    expect(refusalForReport(member, 'schools/100001.html', () => undefined)).toBe(
      'The school is not in your AAG area.',
    );
    expect(refusalForReport(member, 'aag/riverton.html', areaOf)).toBe('You are not a member of this AAG area.');
  });
});

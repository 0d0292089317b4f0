/**
 * What a category letter must say and must not, for each category and each reader: its recipients are the school's own
 * (other schools' contacts sit first in the list), a letter into A or B promises no brokered support, task group or
 * needs-analysis meeting, only the trust board's chair is told they receive it as chair, only an academy's letter
 * names its trust as a confidant, and the opening never claims an agreement that was not made.
 */
import { describe, expect, it } from 'vitest';
import { changeRecipients, decidedBy, lettersForChange, whatFollows } from '../../functions/core/letters/letters';
import type { BrokeredSupport } from '../../functions/core/support/brokering';
import type { TaskGroup } from '../../functions/core/support/task-groups';
import type { Assessment, Category, Contact } from '../../functions/core/types';
import { AUTHORITY, DEFAULT_METHODOLOGY, school } from '../builders';

const authority = AUTHORITY;
const URN = '100001';
const OTHER = '100002';
/** Another school's contacts first: a letter that picked by role alone would go to them. */
const contacts: Contact[] = [
  { urn: OTHER, role: 'headteacher', name: 'Olga Other', email: 'head@other.example' },
  { urn: OTHER, role: 'chair of governors', name: 'Oscar Other', email: 'chair@other.example' },
  { urn: OTHER, role: 'trust board chair', name: 'Otto Other', email: 'trust@other.example' },
  { urn: URN, role: 'headteacher', name: 'Ann Head', email: 'head@alpha.example' },
  { urn: URN, role: 'chair of governors', name: 'Carl Chair', email: 'chair@alpha.example' },
  { urn: URN, role: 'trust board chair', name: 'Tess Trust', email: 'chair@trust.example' },
];
const maintained = school({ urn: URN, name: 'Alpha Primary School' });
const academy = school({ urn: URN, name: 'Alpha Academy', isAcademy: true, trustName: 'Northvale Trust' });

function change(from: Category, to: Category, over: Partial<Assessment> = {}): Assessment {
  return {
    term: '2026-autumn',
    urn: URN,
    category: to,
    previousCategory: from,
    previousTerm: '2026-summer',
    changed: true,
    methodologyId: 'default-2026',
    reasons: [{ category: to, rule: 'r', text: 'The reason', evidence: 'its evidence' }],
    moderation: { decision: 'agree', by: 'Ashdown AAG' },
    ...over,
  };
}
const support: BrokeredSupport = {
  term: '2026-autumn',
  urn: URN,
  district: 'Ashdown',
  category: 'D',
  brokered: true,
  provider: { urn: '100009', name: 'Beta Primary School', matchedWithin: 'consortium' },
  leader: { id: 'l1', name: 'Lena Lead', designation: 'NLE' },
  visitsThisTerm: 2,
  needsAnalysisMeeting: true,
  unmet: [],
};
const taskGroup: TaskGroup = {
  term: '2026-autumn',
  urn: URN,
  district: 'Ashdown',
  category: 'D',
  status: 'opened',
  chair: { id: 'l2', name: 'Tom Chair', designation: 'LLE' },
  needsChair: false,
};
const letters = (assessment: Assessment, ofSchool = maintained) =>
  lettersForChange('2026-09-03', assessment, ofSchool, contacts, authority, DEFAULT_METHODOLOGY, {
    support,
    taskGroup,
  }).letters;

describe("a category letter's readers", () => {
  it("are the school's own contacts, never another school's listed before them", () => {
    expect(changeRecipients(maintained, contacts)).toEqual({ recipients: contacts.slice(3, 5), missing: [] });
    expect(changeRecipients(academy, contacts).recipients.map((c) => c.email)).toEqual([
      'head@alpha.example',
      'chair@alpha.example',
      'chair@trust.example',
    ]);
    expect(changeRecipients(maintained, contacts.slice(0, 3))).toEqual({
      recipients: [],
      missing: ['headteacher', 'chair of governors'],
    });
    for (const letter of letters(change('B', 'C'), academy)) expect(letter.to.email).not.toMatch(/other\.example/);
  });

  it('names the other readers under "Copied to", never the reader themselves', () => {
    const [head, chair] = letters(change('B', 'C'));
    expect(head!.text).toContain('Copied to: Carl Chair, chair of governors');
    expect(head!.text).not.toContain('Copied to: Ann Head');
    expect(chair!.text).toContain('Copied to: Ann Head, headteacher');
    const trustChair = letters(change('B', 'C'), academy)[2]!;
    expect(trustChair.text).toContain('Copied to: Ann Head, headteacher; Carl Chair, chair of governors');
    expect(letters(change('B', 'C'), academy)[0]!.text).toContain('Tess Trust, chair of the board of Northvale Trust');
  });

  it('tells only the trust board chair they receive it as chair of the board', () => {
    const [head, chair, trustChair] = letters(change('B', 'C'), academy);
    expect(trustChair!.text).toContain('You are receiving this as chair of the board of Northvale Trust.');
    expect(trustChair!.html).toContain('You are receiving this as chair of the board of Northvale Trust.');
    for (const other of [head!, chair!]) expect(other.text).not.toContain('You are receiving this');
  });

  it("names the trust as a confidant in an academy's letter only", () => {
    expect(letters(change('B', 'C'), academy)[0]!.text).toContain(
      'This categorisation is confidential to the school, its governors, its trust and the local authority.',
    );
    expect(letters(change('B', 'C'))[0]!.text).toContain(
      'This categorisation is confidential to the school, its governors and the local authority.',
    );
  });
});

describe('what a category letter promises', () => {
  it('promises no brokered support, task group or needs analysis for A or B', () => {
    for (const to of ['A', 'B'] as const)
      for (const letter of letters(change(to === 'A' ? 'C' : 'A', to))) {
        for (const part of [letter.text, letter.html]) {
          expect(part).not.toMatch(/brokered|brokering/);
          expect(part).not.toMatch(/task group/i);
          expect(part).not.toMatch(/needs-analysis/);
          expect(part).not.toContain('will visit the school');
        }
      }
  });

  it('says B limits the capacity to support others, and A invites the school to support them', () => {
    expect(letters(change('A', 'B'))[0]!.text).toContain(
      "the school's capacity to support other schools may be limited",
    );
    expect(letters(change('C', 'A'))[0]!.text).toContain('invited to contribute to school-to-school support');
  });

  it('names the support school, the leader, the visits and the task group for C, and no needs analysis', () => {
    const [head] = letters(change('A', 'C'));
    expect(head!.text).toContain('- Lena Lead (National Leader of Education, NLE) will visit the school once a term.');
    expect(head!.text).toContain(
      '- Your Area Analysis Group has brokered school-to-school support from Beta Primary School, in your consortium or network.',
    );
    expect(head!.text).toContain('- A task group chaired by Tom Chair (Local Leader of Education, LLE) will monitor');
    expect(head!.text).not.toContain('needs-analysis');
  });

  it("adds the needs analysis for D, with the trust's chief executive for an academy only", () => {
    expect(letters(change('C', 'D'))[0]!.text).toContain(
      '- We will arrange a needs-analysis discussion with the headteacher and the chair of governors.',
    );
    expect(letters(change('C', 'D'), academy)[0]!.text).toContain(
      "- We will arrange a needs-analysis discussion with the headteacher, the chair of governors and the trust's chief executive.",
    );
    expect(letters(change('C', 'D'))[0]!.text).toContain('once every half term (2 visits a term)');
  });

  it('says the school is being brokered for, and by a system leader, where nobody is named yet', () => {
    const follows = whatFollows('C', maintained, DEFAULT_METHODOLOGY);
    expect(follows).toEqual([
      'A system leader or Learning Improvement Officer will visit the school once a term.',
      'Your Area Analysis Group is brokering school-to-school support from a good or outstanding school, within your consortium or network where possible.',
      'A task group, chaired by a system leader, will monitor the impact of that support and report to the Area Analysis Group.',
    ]);
  });

  it('says improved only for a move to a less serious category, changed otherwise', () => {
    expect(letters(change('C', 'A'))[0]!.subject).toBe(
      'Alpha Primary School: school improvement category improved from C to A',
    );
    expect(letters(change('A', 'C'))[0]!.subject).toBe(
      'Alpha Primary School: school improvement category changed from A to C',
    );
    expect(letters(change('B', 'A'))[0]!.text).toContain("the school's category has improved from B to A.");
  });

  it('writes nothing for a school whose category did not change', () => {
    expect(letters({ ...change('C', 'C'), changed: false })).toEqual([]);
  });
});

describe("the letter's opening: who settled the category", () => {
  it('claims the AAG’s agreement only where it agreed, and says so where the proposal stood', () => {
    const term = 'autumn term 2026';
    expect(decidedBy({ moderation: { decision: 'agree', by: 'x' } }, term).opening).toBe(
      'Following our risk assessment for the autumn term 2026, agreed by the Area Analysis Group,',
    );
    expect(decidedBy({}, term)).toEqual({ opening: 'Following our risk assessment for the autumn term 2026,' });
    expect(decidedBy({ moderation: { decision: 'undecided', by: 'deadline' } }, term).note).toMatch(
      /did not decide on the proposed category by its deadline/,
    );
    expect(decidedBy({ moderation: { decision: 'undecided', by: 'deadline', confirmedBy: 'ECB' } }, term)).toEqual({
      opening: 'Following our risk assessment for the autumn term 2026, confirmed by the Education Challenge Board,',
    });
    expect(decidedBy({ moderation: { decision: 'override', by: 'x', rationale: 'Recent data' } }, term)).toEqual({
      opening: 'Following our risk assessment for the autumn term 2026, the Area Analysis Group has decided that',
      reason: 'The Area Analysis Group decided the category: Recent data',
    });
    expect(decidedBy({ moderation: { decision: 'override', by: 'x' } }, term).reason).toBeUndefined();
    for (const text of [letters(change('A', 'C', { moderation: { decision: 'undecided', by: 'deadline' } }))[0]!.text])
      expect(text).not.toContain('agreed by the Area Analysis Group');
  });
});

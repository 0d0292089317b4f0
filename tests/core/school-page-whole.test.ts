/**
 * A school's page and a trust's, whole, line by line: one with every part, one with none, so that a change to what
 * the AAG and the ECB read about a school is seen first in a test.
 */
import { describe, expect, it } from 'vitest';
import type { Methodology } from '../../functions/core/assessment/methodology';
import type { AuditEntry } from '../../functions/core/audit/trail';
import type { WarningNotice } from '../../functions/core/intervention/warning-notices';
import { schoolPageHtml, trustPageHtml } from '../../functions/core/reporting/school-page';
import type { BrokeredSupport } from '../../functions/core/support/brokering';
import type { TaskGroup } from '../../functions/core/support/task-groups';
import type { Assessment } from '../../functions/core/types';
import { DEFAULT_METHODOLOGY, school } from '../builders';

/** The page's own part, from its header to the end of its main, line by line. */
const body = (page: string) => page.slice(page.indexOf('<header>'), page.indexOf('</main>') + 7).split('\n');

const autumn = (): Assessment => ({
  term: '2026-autumn',
  urn: '100001',
  category: 'C',
  proposedCategory: 'C',
  previousCategory: 'B',
  changed: true,
  methodologyId: 'default-2026',
  moderation: { decision: 'agree', by: 'Ashdown AAG', rationale: 'the evidence stands' },
  reasons: [],
});
const spring = (): Assessment => ({
  term: '2027-spring',
  urn: '100001',
  category: 'D',
  proposedCategory: 'C',
  previousCategory: 'C',
  changed: true,
  methodologyId: 'default-2026',
  moderation: { decision: 'override', by: 'Ashdown AAG', rationale: 'safeguarding <concerns>' },
  reasons: [
    {
      category: 'D',
      rule: 'ofsted-inadequate',
      text: 'Ofsted judged the school inadequate',
      evidence: 'inspection, 5 Mar 2024',
    },
    {
      category: 'C',
      rule: 'ks2-floor',
      text: 'Key stage 2 below the floor',
      evidence: 'key stage 2, 2024/25',
      evidenceOnly: true,
    },
    { category: 'A', rule: 'otherwise', text: 'Otherwise A', evidence: '' },
  ],
  flags: [{ flag: 'stuck', evidence: 'below good at the inspections of 5 Mar 2024 and 10 May 2021' }],
  earlyWarning: {
    policy: 'early-warning-2026',
    score: 4,
    threshold: 3,
    summary: 'at risk: review (score 4 against a threshold of 3)',
    signals: [{ signal: 'attendanceFalling', points: 2, evidence: 'attendance 93.1% from 95.0%' }],
  },
});
const support = (): BrokeredSupport => ({
  term: '2027-spring',
  urn: '100001',
  district: 'Ashdown',
  category: 'D',
  brokered: true,
  provider: { urn: '100555', name: 'Oak Primary', matchedWithin: 'district' },
  leader: { id: 'nle:jo-reed:100555', name: 'Jo Reed', designation: 'NLE' },
  visitsThisTerm: 2,
  needsAnalysisMeeting: true,
  unmet: ['a system leader with maths'],
  agreed: { days: 6, fundedBy: 'the authority', cost: 3000, byAag: true },
  kept: { provider: true, leader: false },
  changedBecause: ['the system leader has left'],
  chosenByAag: { provider: true, leader: true, by: 'Priya Shah', rationale: 'knows the school' },
  choiceRefused: ['Sam Lee has no capacity left this term'],
  changedAfterAgreed: ['the support school closed'],
});
const taskGroup = (): TaskGroup => ({
  term: '2027-spring',
  urn: '100001',
  district: 'Ashdown',
  category: 'D',
  status: 'continued',
  chair: { id: 'nle:jo-reed:100555', name: 'Jo Reed', designation: 'NLE' },
  lastReport: { term: '2026-autumn', impact: 'insufficient', summary: 'Plans not followed.' },
  needsChair: false,
});
const notice = (): WarningNotice => ({
  term: '2027-spring',
  urn: '100001',
  district: 'Ashdown',
  kind: 'warning notice',
  status: 'not complied',
  question: 'not complied: escalate',
  concerns: ['Two terms of insufficient impact', 'Governors have not acted'],
  actionRequired: ['Agree an action plan'],
  policy: 'notices-2026',
  proposedIn: '2026-autumn',
  issuedOn: '2026-09-10',
  complianceDate: '2026-12-11',
  history: [
    {
      term: '2026-autumn',
      on: '2026-09-10',
      what: 'the ECB issued the warning notice',
      by: 'ECB',
      rationale: 'two terms',
    },
  ],
});
const entry = (entryId: string, over: Partial<AuditEntry>): AuditEntry => ({
  subject: '100001',
  entryId,
  term: '2027-spring',
  kind: 'letter',
  at: '2027-01-06T09:00:00.000Z',
  by: 'the cycle',
  what: 'letter sent to the headteacher',
  ...over,
});

describe("a school's page, whole", () => {
  it('with every part: its history, the evidence and flags, the early warning, the support, task group, visits, notice and record', () => {
    const page = schoolPageHtml({
      authorityName: 'Ardenshire County Council',
      methodology: DEFAULT_METHODOLOGY,
      school: school({ urn: '100001', name: 'Alpha & Sons Primary', isAcademy: true, trustName: 'Northvale Trust' }),
      history: [autumn(), spring()],
      support: support(),
      taskGroup: taskGroup(),
      visitNotes: [
        {
          urn: '100001',
          date: '2027-01-20',
          visitor: 'Lia Officer (LIO)',
          focus: 'Reading',
          findings: 'Better',
          nextSteps: 'Group pupils',
        },
        {
          urn: '100001',
          date: '2027-02-20',
          visitor: 'Jo Reed (NLE)',
          focus: 'Maths',
          findings: 'Weak',
          nextSteps: 'Plan',
          schoolResponse: 'Agreed',
        },
      ],
      warningNotice: notice(),
      auditTrail: [
        entry('2027-spring#b', { kind: 'letter', what: 'letter sent to the headteacher', on: '2027-01-05' }),
        entry('2027-spring#a', {
          kind: 'AAG decision',
          what: 'override C to D',
          by: 'Ashdown AAG',
          evidence: 'safeguarding',
        }),
        entry('2027-spring#c', { kind: 'letter correction', what: 'the letter gave the wrong date' }),
        entry('2026-autumn#a', { term: '2026-autumn', kind: 'letter correction', what: 'an older correction' }),
      ],
      reportHref: '../report.html',
    });
    expect(body(page)).toEqual([
      '<header>',
      '<nav aria-label="Back"><a href="../report.html">Back to the report</a></nav>',
      '<h1>Alpha &amp; Sons Primary (URN 100001)</h1>',
      '<p class="note">Confidential: for the AAG and the ECB. Primary phase; Academy, Northvale Trust; AAG area Ashdown.</p>',
      '</header>',
      '<main>',
      '<h2>Category term by term</h2>',
      "<table><caption>The school's category in each term the cycle has run</caption>",
      '<thead><tr><th scope="col">Term</th><th scope="col">Previous</th><th scope="col">Proposed</th><th scope="col">AAG decision</th><th scope="col">Category</th><th scope="col">Methodology</th></tr></thead>',
      '<tbody><tr><th scope="row">autumn term 2026</th><td>B</td><td>C</td><td>agree (Ashdown AAG): the evidence stands</td><td><strong>C</strong></td><td>default-2026</td></tr><tr><th scope="row">spring term 2027</th><td>C</td><td>C</td><td>override (Ashdown AAG): safeguarding &lt;concerns&gt;</td><td><strong>D</strong></td><td>default-2026</td></tr></tbody>',
      '</table>',
      '<div class="unmet"><h3>Correction to this term\'s letters</h3><ul><li>the letter gave the wrong date</li></ul></div>',
      '<h2>The evidence this term</h2>',
      '<table><caption>Each reason, the category it points to, and its evidence with its date or academic year</caption>',
      '<thead><tr><th scope="col">Category</th><th scope="col">Reason</th><th scope="col">Evidence</th></tr></thead>',
      '<tbody><tr><td>D</td><td>Ofsted judged the school inadequate</td><td>inspection, 5 Mar 2024</td></tr><tr><td><em>none: shown as evidence only</em></td><td>Key stage 2 below the floor</td><td>key stage 2, 2024/25</td></tr></tbody></table>',
      '<table><caption>Statutory and national flags this term (flags, not categories: the methodology places no school by these; they are shown for the AAG and the ECB)</caption>',
      '<thead><tr><th scope="col">Flag</th><th scope="col">What it means</th><th scope="col">Evidence</th></tr></thead>',
      '<tbody><tr><th scope="row">stuck</th><td>The school is stuck: below good at two inspections running, so eligible for the DfE&#39;s RISE support</td><td>below good at the inspections of 5 Mar 2024 and 10 May 2021</td></tr></tbody></table>',
      '<h3>At risk: for the AAG to review</h3>',
      '<p>The early-warning policy (early-warning-2026) flags the school from the trends in its own data: a score of <strong>4</strong> against a threshold of 3. It is on the AAG\'s sheet as "at risk: review"; no letter follows from it.</p>',
      '<table><caption>Each early-warning signal, its points and its evidence</caption>',
      '<thead><tr><th scope="col">Signal</th><th scope="col" class="num">Points</th><th scope="col">Evidence</th></tr></thead>',
      '<tbody><tr><th scope="row">Attendance falling</th><td class="num">2</td><td>attendance 93.1% from 95.0%</td></tr></tbody></table>',
      '<h2>Support, visits and task group</h2>',
      '<table><caption>Brokered by the Ashdown AAG this term</caption><tbody>',
      '<tr><th scope="row">Support school</th><td>Oak Primary (URN 100555, district)</td></tr>',
      '<tr><th scope="row">System leader or Learning Improvement Officer (LIO) making the visits</th><td>Jo Reed (NLE)</td></tr>',
      '<tr><th scope="row">Adviser visits this term</th><td>2</td></tr>',
      '<tr><th scope="row">School-to-school support agreed</th><td>6 days this term, funded by the authority, as the AAG agreed</td></tr>',
      '<tr><th scope="row">Since last term</th><td>the support school is kept; the system leader has left</td></tr>',
      '<tr><th scope="row">Chosen by the AAG</th><td>the support school and the system leader: knows the school</td></tr>',
      '<tr><th scope="row">AAG\'s choice that could not stand</th><td>Sam Lee has no capacity left this term</td></tr>',
      '<tr><th scope="row">Changed after the AAG agreed it</th><td>the support school closed</td></tr>',
      '<tr><th scope="row">Needs-analysis meeting</th><td>yes: with the headteacher, the chair of governors and, for an academy, the trust</td></tr>',
      '<tr><th scope="row">Referred to the TSC board</th><td>a system leader with maths</td></tr>',
      '</tbody></table>',
      '<table><caption>Task group (continued this term)</caption><tbody>',
      '<tr><th scope="row">Chair</th><td>Jo Reed (NLE)</td></tr>',
      '<tr><th scope="row">Latest report</th><td>autumn term 2026: impact insufficient. Plans not followed.</td></tr>',
      '<tr><th scope="row">School\'s response</th><td><em>none yet</em></td></tr>',
      '</tbody></table>',
      "<table><caption>Visit notes, latest first, with the school's response</caption>",
      '<thead><tr><th scope="col">Date</th><th scope="col">Visitor</th><th scope="col">Focus</th><th scope="col">Findings</th><th scope="col">Next steps</th><th scope="col">School\'s response</th></tr></thead>',
      '<tbody><tr><th scope="row">20 Feb 2027</th><td>Jo Reed (NLE)</td><td>Maths</td><td>Weak</td><td>Plan</td><td>Agreed</td></tr><tr><th scope="row">20 Jan 2027</th><td>Lia Officer (LIO)</td><td>Reading</td><td>Better</td><td>Group pupils</td><td><em>none yet</em></td></tr></tbody></table>',
      '<h2>Formal warning notice</h2>',
      '<table><caption>Formal warning notice: not complied; the ECB is asked to escalate</caption><tbody>',
      '<tr><th scope="row">Status</th><td><strong>not complied</strong>: flagged to the ECB for the next step (an Interim Executive Board, or suspending the delegated budget)</td></tr>',
      '<tr><th scope="row">Issued</th><td>10 Sep 2026</td></tr>',
      '<tr><th scope="row">Comply by</th><td>11 Dec 2026</td></tr>',
      '<tr><th scope="row">Concerns</th><td><ul><li>Two terms of insufficient impact</li><li>Governors have not acted</li></ul></td></tr>',
      '</tbody></table>',
      '<table><caption>What has happened to it, oldest first</caption>',
      '<thead><tr><th scope="col">Date</th><th scope="col">Term</th><th scope="col">What</th><th scope="col">Who</th><th scope="col">Why</th></tr></thead>',
      '<tbody><tr><th scope="row">10 Sep 2026</th><td>autumn term 2026</td><td>the ECB issued the warning notice</td><td>ECB</td><td>two terms</td></tr></tbody></table>',
      '<h2>The record: who decided what, and when</h2>',
      '<table><caption>Every proposal, decision, brokering and letter about the school, oldest first (the same as <code>npm run history -- --urn 100001</code>)</caption>',
      '<thead><tr><th scope="col">Date</th><th scope="col">Term</th><th scope="col">What</th><th scope="col">Who</th><th scope="col">Evidence or reason</th></tr></thead>',
      '<tbody><tr><th scope="row">6 Jan 2027</th><td>autumn term 2026</td><td>letter correction: an older correction</td><td>the cycle</td><td></td></tr><tr><th scope="row">6 Jan 2027</th><td>spring term 2027</td><td>AAG decision: override C to D</td><td>Ashdown AAG</td><td>safeguarding</td></tr><tr><th scope="row">5 Jan 2027 (recorded 6 Jan 2027)</th><td>spring term 2027</td><td>letter: letter sent to the headteacher</td><td>the cycle</td><td></td></tr><tr><th scope="row">6 Jan 2027</th><td>spring term 2027</td><td>letter correction: the letter gave the wrong date</td><td>the cycle</td><td></td></tr></tbody></table>',
      '</main>',
    ]);
  });

  it('with nothing: a maintained school with no history, support, task group, visits, notice or record', () => {
    const page = schoolPageHtml({
      authorityName: 'Ardenshire County Council',
      methodology: DEFAULT_METHODOLOGY,
      school: school({ urn: '100002', name: 'Beta School', phase: 'secondary' }),
      history: [],
      reportHref: '../report.html',
    });
    expect(body(page)).toEqual([
      '<header>',
      '<nav aria-label="Back"><a href="../report.html">Back to the report</a></nav>',
      '<h1>Beta School (URN 100002)</h1>',
      '<p class="note">Confidential: for the AAG and the ECB. Secondary phase; Maintained by the local authority; AAG area Ashdown.</p>',
      '</header>',
      '<main>',
      '<h2>Category term by term</h2>',
      "<table><caption>The school's category in each term the cycle has run</caption>",
      '<thead><tr><th scope="col">Term</th><th scope="col">Previous</th><th scope="col">Proposed</th><th scope="col">AAG decision</th><th scope="col">Category</th><th scope="col">Methodology</th></tr></thead>',
      '<tbody></tbody>',
      '</table>',
      '',
      '<h2>The evidence this term</h2>',
      '<p>No rule placed the school in a category of concern: it is in no category by default.</p>',
      '',
      '',
      '<h2>Support, visits and task group</h2>',
      '<p>The school is not in a category that brings brokered support this term.</p>',
      '',
      '',
      '',
      '',
      '</main>',
    ]);
  });
});

describe("the other forms of a school page's parts", () => {
  const page = (over: Partial<Parameters<typeof schoolPageHtml>[0]>) =>
    body(
      schoolPageHtml({
        authorityName: 'Ardenshire County Council',
        methodology: DEFAULT_METHODOLOGY,
        school: school({ urn: '100001' }),
        history: [spring()],
        reportHref: '../report.html',
        ...over,
      }),
    );
  const placingBy = (...flags: ('stuck' | 'coasting')[]): Methodology => ({
    ...DEFAULT_METHODOLOGY,
    rules: [
      ...flags.map((flag) => ({
        id: flag,
        when: { kind: 'statutory-flag' as const, flags: [flag] },
        category: 'D',
        reason: flag,
      })),
      ...DEFAULT_METHODOLOGY.rules,
    ],
  });

  it('names an academy without its trust, and each AAG decision as it was made, or none', () => {
    const lines = page({
      school: school({ urn: '100001', isAcademy: true }),
      history: [
        { ...autumn(), moderation: { decision: 'undecided', by: 'the deadline' }, previousCategory: undefined },
        { ...spring(), moderation: { decision: 'agree', by: 'Ashdown AAG' }, proposedCategory: undefined },
        { ...spring(), term: '2027-summer', moderation: undefined },
      ],
    });
    expect(lines[3]).toBe(
      '<p class="note">Confidential: for the AAG and the ECB. Primary phase; Academy; AAG area Ashdown.</p>',
    );
    expect(lines[9]).toBe(
      '<tbody><tr><th scope="row">autumn term 2026</th><td></td><td>C</td><td>none by the deadline</td><td><strong>C</strong></td><td>default-2026</td></tr><tr><th scope="row">spring term 2027</th><td>C</td><td>D</td><td>agree (Ashdown AAG)</td><td><strong>D</strong></td><td>default-2026</td></tr><tr><th scope="row">summer term 2027</th><td>C</td><td>C</td><td></td><td><strong>D</strong></td><td>default-2026</td></tr></tbody>',
    );
  });

  it('says a school placed by default is in its category, and whether the methodology places it by its flags', () => {
    expect(page({ history: [{ ...autumn(), category: 'A', reasons: spring().reasons.slice(2) }] })).toContain(
      '<p>No rule placed the school in a category of concern: it is in A by default.</p>',
    );
    const flags = [
      { flag: 'stuck' as const, evidence: 'two inspections' },
      { flag: 'coasting' as const, evidence: 'leadership' },
    ];
    const caption = (methodology: Methodology) =>
      page({ methodology, history: [{ ...spring(), flags }] }).find((l) => l.includes('Statutory and national flags'));
    expect(caption(placingBy('stuck', 'coasting'))).toBe(
      '<table><caption>Statutory and national flags this term (flags, not categories: the methodology places the school by each)</caption>',
    );
    expect(caption(placingBy('coasting'))).toBe(
      '<table><caption>Statutory and national flags this term (flags, not categories: the methodology places the school by coasting; the others are shown for the AAG and the ECB)</caption>',
    );
    expect(page({ history: [{ ...spring(), flags: [] }] }).some((l) => l.includes('Statutory'))).toBe(false);
  });

  it('says what is missing from the support, and what was not asked for', () => {
    const bare = {
      ...support(),
      provider: undefined,
      leader: undefined,
      agreed: { days: 3, fundedBy: 'the school', cost: 0 },
      kept: { provider: false, leader: true },
      changedBecause: undefined,
      chosenByAag: { provider: false, leader: true, by: 'Priya Shah' },
      choiceRefused: undefined,
      changedAfterAgreed: undefined,
      needsAnalysisMeeting: false,
      unmet: [],
    };
    const rows = (lines: string[]) => {
      const at = lines.findIndex((l) => l.startsWith('<tr><th scope="row">Support school'));
      return lines.slice(at, at + 10);
    };
    expect(rows(page({ support: bare }))).toEqual([
      '<tr><th scope="row">Support school</th><td>none found: asked of the TSC board</td></tr>',
      '<tr><th scope="row">System leader or Learning Improvement Officer (LIO) making the visits</th><td>none with capacity: asked of the TSC board</td></tr>',
      '<tr><th scope="row">Adviser visits this term</th><td>2</td></tr>',
      '<tr><th scope="row">School-to-school support agreed</th><td>3 days this term, funded by the school</td></tr>',
      '<tr><th scope="row">Since last term</th><td>the system leader is kept</td></tr>',
      '<tr><th scope="row">Chosen by the AAG</th><td>the system leader</td></tr>',
      '',
      '',
      '<tr><th scope="row">Needs-analysis meeting</th><td>no</td></tr>',
      '<tr><th scope="row">Referred to the TSC board</th><td>nothing</td></tr>',
    ]);
    const unbrokered = page({
      support: {
        ...bare,
        brokered: false,
        visitsThisTerm: 0,
        agreed: undefined,
        kept: undefined,
        chosenByAag: undefined,
      },
    });
    expect(rows(unbrokered).slice(0, 7)).toEqual([
      '<tr><th scope="row">Support school</th><td>none: not brokered in this category</td></tr>',
      '<tr><th scope="row">System leader or Learning Improvement Officer (LIO) making the visits</th><td>none: no visits in this category</td></tr>',
      '<tr><th scope="row">Adviser visits this term</th><td>0</td></tr>',
      '',
      '',
      '',
      '',
    ]);
  });

  it("says a task group needs a chair, has no report yet, or the school's response to its report", () => {
    const lines = (group: TaskGroup) =>
      page({ taskGroup: group }).filter((l) => l.includes('Task group') || l.startsWith('<tr>'));
    expect(
      lines({ ...taskGroup(), status: 'opened', chair: undefined, needsChair: true, lastReport: undefined }),
    ).toEqual([
      '<table><caption>Task group (opened this term)</caption><tbody>',
      '<tr><th scope="row">Chair</th><td>needs a chair: the AAG must find one</td></tr>',
      '<tr><th scope="row">Latest report</th><td>none yet</td></tr>',
    ]);
    expect(
      lines({ ...taskGroup(), lastReport: { ...taskGroup().lastReport!, schoolResponse: 'We disagree' } }).at(-1),
    ).toBe('<tr><th scope="row">School\'s response</th><td>We disagree</td></tr>');
  });

  it("titles a referral to the DfE as one, says an escalation's next step, and no dates it does not have", () => {
    const lines = page({
      warningNotice: {
        ...notice(),
        kind: 'DfE referral',
        status: 'escalated',
        question: undefined,
        issuedOn: undefined,
        complianceDate: undefined,
      },
    });
    const at = lines.indexOf('<h2>Referral to the DfE&#39;s regional team</h2>');
    expect(lines.slice(at, at + 6)).toEqual([
      '<h2>Referral to the DfE&#39;s regional team</h2>',
      '<table><caption>Referral to the DfE&#39;s regional team: escalated</caption><tbody>',
      '<tr><th scope="row">Status</th><td><strong>escalated</strong>: the ECB is taking the next step (an Interim Executive Board, or suspending the delegated budget)</td></tr>',
      '',
      '',
      '<tr><th scope="row">Concerns</th><td><ul><li>Two terms of insufficient impact</li><li>Governors have not acted</li></ul></td></tr>',
    ]);
    expect(page({ warningNotice: { ...notice(), status: 'issued' } })).toContain(
      '<tr><th scope="row">Status</th><td><strong>issued</strong></td></tr>',
    );
  });
});

describe("a trust's page, whole", () => {
  it('lists its academies by name with their category, the change, and their support', () => {
    const page = trustPageHtml({
      authorityName: 'Ardenshire County Council',
      term: '2027-spring',
      trustName: 'Northvale Trust',
      schools: [
        school({ urn: '100002', name: 'Zeta Academy', isAcademy: true }),
        school({ urn: '100001', name: 'Alpha Academy', isAcademy: true, phase: 'secondary', district: 'Riverton' }),
        school({ urn: '100003', name: 'Mid Academy', isAcademy: true }),
      ],
      assessments: [spring(), { ...spring(), urn: '100002', category: 'B', previousCategory: 'B', changed: false }],
      support: [support()],
      reportHref: '../report.html',
      schoolHref: (urn) => `../schools/${urn}.html`,
    });
    expect(body(page)).toEqual([
      '<header>',
      '<nav aria-label="Back"><a href="../report.html">Back to the report</a></nav>',
      '<h1>Northvale Trust: its academies in Ardenshire County Council, spring term 2027</h1>',
      '<p class="note">Confidential: for the AAGs, the ECB and the trust\'s board. 3 academies.</p>',
      '</header>',
      '<main>',
      "<table><caption>The trust's academies: category this term, the change, and the support brokered</caption>",
      '<thead><tr><th scope="col">Academy</th><th scope="col">URN</th><th scope="col">AAG area</th><th scope="col">Phase</th><th scope="col">Previous</th><th scope="col">Category</th><th scope="col">Support school</th><th scope="col">System leader</th><th scope="col">Visits this term</th></tr></thead>',
      '<tbody><tr><th scope="row"><a href="../schools/100001.html">Alpha Academy</a></th><td>100001</td><td>Riverton</td><td>secondary</td><td>C</td><td><strong>D</strong> (changed)</td><td>Oak Primary</td><td>Jo Reed (NLE)</td><td class="num">2</td></tr><tr><th scope="row"><a href="../schools/100003.html">Mid Academy</a></th><td>100003</td><td>Ashdown</td><td>primary</td><td></td><td><strong></strong></td><td></td><td></td><td class="num"></td></tr><tr><th scope="row"><a href="../schools/100002.html">Zeta Academy</a></th><td>100002</td><td>Ashdown</td><td>primary</td><td>B</td><td><strong>B</strong></td><td></td><td></td><td class="num"></td></tr></tbody></table>',
      '</main>',
    ]);
  });
});

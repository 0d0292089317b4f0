/** The ECB's decisions on warning notices from the portal's form (functions/core/intervention/ecb-form.ts). */
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../functions/core/csv';
import { ecbAnswerFromForm, noticeQuestionLines } from '../../functions/core/intervention/ecb-form';
import { ecbAnswerFromSheet } from '../../functions/core/intervention/ecb-sheet';
import { ECB_DECISIONS_HEADERS, ecbDecisionsRow } from '../../functions/core/intervention/warning-notices';

const sheet = toCsv(ECB_DECISIONS_HEADERS, [
  ecbDecisionsRow({
    urn: '125175',
    school: 'Radway Junior School',
    district: 'Northvale',
    governance: 'maintained',
    question: 'issue a warning notice',
    concerns: 'Two terms of insufficient impact; the plan was not followed; Governors have not secured the actions',
    complianceDate: '15/01/2027',
  }),
  ecbDecisionsRow({
    urn: '140212',
    school: 'Salford Infant School',
    district: 'Ashdown',
    governance: 'academy',
    question: 'refer the academy to the DfE',
    concerns: 'insufficient impact',
  }),
  ecbDecisionsRow({
    urn: '125183',
    school: 'Bramcote Primary School',
    district: 'Northvale',
    governance: 'maintained',
    question: 'not complied: escalate',
    issued: '3 Feb 2026',
  }),
]);
const questions = noticeQuestionLines('warning-notices.csv', new TextEncoder().encode(sheet));
const ON = { on: '2026-12-07', minimumComplianceDays: 20 };
const BY = 'Martin Reid <ecb@example.org>';

describe("the ECB's questions as the form shows them", () => {
  it('reads each question with its evidence, the proposed date and the answers that fit it', () => {
    expect(questions.map((q) => [q.urn, q.question, q.answers.join('/')])).toEqual([
      ['125175', 'issue a warning notice', 'issue/do not issue'],
      ['140212', 'refer the academy to the DfE', 'refer/do not refer'],
      ['125183', 'not complied: escalate', 'escalate/extend/withdraw'],
    ]);
    expect(questions[0]!.concerns).toEqual([
      'Two terms of insufficient impact; the plan was not followed',
      'Governors have not secured the actions',
    ]);
    expect(questions[0]!.proposedComplianceDate).toBe('15/01/2027');
    expect(questions[2]!.issued).toBe('3 Feb 2026');
  });
});

describe("the ECB's answer from the form", () => {
  it('gives the decisions made, leaving an undecided question for next term', () => {
    const { answer, problems } = ecbAnswerFromForm(
      questions,
      {
        'decision-125175': 'issue',
        'complianceDate-125175': '15/01/2027',
        'rationale-125175': 'Two terms of insufficient impact',
        'decision-140212': 'do not refer',
        // A date with a decision that takes none is not kept.
        'complianceDate-140212': '01/02/2027',
        'rationale-140212': 'The trust has acted',
        'decision-125183': '',
      },
      BY,
      ON,
    );
    expect(problems).toEqual([]);
    expect(answer).toEqual({
      outcome: 'decided',
      by: BY,
      decisions: [
        {
          urn: '125175',
          decision: 'issue',
          complianceDate: '2027-01-15',
          rationale: 'Two terms of insufficient impact',
        },
        { urn: '140212', decision: 'do not refer', rationale: 'The trust has acted' },
      ],
    });
  });

  it('refuses, by question and field, a decision that does not answer its question, a missing reason and a bad date', () => {
    expect(
      ecbAnswerFromForm(questions, { 'decision-140212': 'issue', 'rationale-140212': 'x' }, BY, ON).problems,
    ).toEqual([{ urn: '140212', field: 'decision', message: 'Select one of: refer, do not refer' }]);
    expect(
      ecbAnswerFromForm(
        questions,
        {
          'decision-125175': 'issue',
          'complianceDate-125175': '31/02/2027',
          'rationale-125175': 'x',
          'decision-140212': 'refer',
        },
        BY,
        ON,
      ).problems,
    ).toEqual([
      {
        urn: '125175',
        field: 'complianceDate',
        message: 'Enter the compliance date for Radway Junior School as day/month/year, such as 16/10/2026',
      },
      {
        urn: '140212',
        field: 'rationale',
        message: "Enter the ECB's reason for its decision on Salford Infant School",
      },
    ]);
  });

  it('refuses a compliance date that leaves too few days after the notice, at the limit and a day inside it', () => {
    const issue = (date: string) =>
      ecbAnswerFromForm(
        questions,
        { 'decision-125175': 'issue', 'complianceDate-125175': date, 'rationale-125175': 'x' },
        BY,
        ON,
      ).problems;
    // 20 days after 7 Dec 2026 is 27 Dec 2026.
    expect(issue('27/12/2026')).toEqual([]);
    expect(issue('26/12/2026')).toEqual([
      {
        urn: '125175',
        field: 'complianceDate',
        message:
          "Radway Junior School: the compliance date 26 Dec 2026 leaves less than the 20 days the notice's actions need after its date (7 Dec 2026): the earliest it can be is 27 Dec 2026",
      },
    ]);
  });

  it('refuses an extension to a day not after the decision, on the form and on the sheet alike', () => {
    const form = ecbAnswerFromForm(
      questions,
      { 'decision-125183': 'extend', 'complianceDate-125183': '07/12/2026', 'rationale-125183': 'more time' },
      BY,
      ON,
    );
    expect(form.problems.map((p) => p.message)).toEqual([
      'Bramcote Primary School: the new compliance date 7 Dec 2026 is not after the day the ECB decides (7 Dec 2026)',
    ]);
    const filled = toCsv(ECB_DECISIONS_HEADERS, [
      ecbDecisionsRow({ urn: '125183', decision: 'extend', complianceDate: '07/12/2026', rationale: 'more time' }),
    ]);
    expect(ecbAnswerFromSheet('ecb.csv', new TextEncoder().encode(filled), BY, ON).problems).toEqual([
      'ecb.csv, URN 125183: the new compliance date 7 Dec 2026 is not after the day the ECB decides (7 Dec 2026)',
    ]);
  });

  it('refuses a form that decides nothing', () => {
    expect(ecbAnswerFromForm(questions, {}, BY, ON)).toEqual({
      problems: [
        {
          urn: '125175',
          field: 'decision',
          message:
            'Decide at least one question. Without decisions by the deadline, the questions are asked again next term.',
        },
      ],
    });
  });
});

describe("the ECB's answer from the form, at its edges", () => {
  it('refuses an answer the question does not take, and a reason over 2,000 characters, before reading the rest', () => {
    expect(
      ecbAnswerFromForm(
        questions,
        {
          'decision-125175': 'withdraw',
          'decision-140212': 'refer',
          'rationale-140212': 'x'.repeat(2001),
          'complianceDate-140212': 'not a date',
        },
        BY,
        ON,
      ),
    ).toEqual({
      problems: [
        { urn: '125175', field: 'decision', message: 'Select one of: issue, do not issue' },
        { urn: '140212', field: 'rationale', message: 'Write the reason in at most 2000 characters' },
      ],
    });
  });

  it('takes a reason of 2,000 characters, trimmed, and keeps no reason or date for a question left undecided', () => {
    const { answer, problems } = ecbAnswerFromForm(
      questions,
      {
        'decision-140212': ' refer ',
        'rationale-140212': ` ${'x'.repeat(2000)} `,
        'complianceDate-140212': '01/01/2027',
        'rationale-125183': 'not decided',
      },
      BY,
      ON,
    );
    expect(problems).toEqual([]);
    expect(answer?.decisions).toEqual([{ urn: '140212', decision: 'refer', rationale: 'x'.repeat(2000) }]);
  });
});

describe("the ECB's answer from its sheet", () => {
  const filled = (...rows: Parameters<typeof ecbDecisionsRow>[0][]) =>
    new TextEncoder().encode(toCsv(ECB_DECISIONS_HEADERS, rows.map(ecbDecisionsRow)));

  it('gives every decision, by whom, where nothing is wrong, and checks no date without the day of the decision', () => {
    const bytes = filled(
      { urn: '125175', decision: 'issue', complianceDate: '26/12/2026', rationale: 'the plan failed' },
      { urn: '140212', decision: 'do not refer', rationale: 'improving' },
    );
    const { answer, problems } = ecbAnswerFromSheet('/tmp/answers/ecb.csv', bytes, BY);
    expect(problems).toEqual([]);
    expect(answer).toMatchObject({ outcome: 'decided', by: BY });
    expect(answer?.decisions.map((d) => [d.urn, d.decision])).toEqual([
      ['125175', 'issue'],
      ['140212', 'do not refer'],
    ]);
  });

  it('refuses the whole sheet, naming the file without its folder, where one date is too soon; a row without a date is not checked', () => {
    const bytes = filled(
      { urn: '125175', decision: 'issue', complianceDate: '26/12/2026', rationale: 'the plan failed' },
      { urn: '140212', decision: 'do not refer', rationale: 'improving' },
    );
    expect(ecbAnswerFromSheet('/tmp/answers/ecb.csv', bytes, BY, ON)).toEqual({
      problems: [
        "ecb.csv, URN 125175: the compliance date 26 Dec 2026 leaves less than the 20 days the notice's actions need after its date (7 Dec 2026): the earliest it can be is 27 Dec 2026",
      ],
    });
    const inTime = filled({
      urn: '125175',
      decision: 'issue',
      complianceDate: '27/12/2026',
      rationale: 'the plan failed',
    });
    expect(ecbAnswerFromSheet('/tmp/answers/ecb.csv', inTime, BY, ON).problems).toEqual([]);
  });
});

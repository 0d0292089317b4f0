/**
 * The ECB's decisions on warning notices as the portal's form gives them, question by question: read by the same rules
 * as a row of its sheet (readEcbDecisions), each decision one that answers its question (ANSWERS), and each compliance
 * date checked against the day the ECB decides as the cycle will check it. The questions themselves are read from the
 * sheet the cycle wrote for the ECB (ecbQuestionsCsv). Pure.
 */
import { type Row, readRows } from '../sheets';
import {
  ANSWERS,
  complianceDateTooSoon,
  ECB_DECISIONS_HEADERS,
  type EcbNoticeAnswer,
  ecbDecisionsRow,
  ecbDecisionsSheet,
  NOTICE_QUESTIONS,
  type NoticeDecision,
  type NoticeQuestion,
  readEcbDecisions,
} from './warning-notices';

/** One question to the ECB, as its sheet gives it. */
export interface NoticeQuestionLine {
  readonly urn: string;
  readonly school: string;
  readonly district: string;
  readonly governance: string;
  readonly question: NoticeQuestion;
  readonly concerns: readonly string[];
  readonly issued: string;
  /** The compliance date the cycle proposes, as the sheet writes it (day first), for a notice to issue. */
  readonly proposedComplianceDate: string;
  /** The decisions that answer it. */
  readonly answers: readonly NoticeDecision[];
}

/** The questions in the cycle's sheet for the ECB (ecb/warning-notices.csv), in its order. */
export function noticeQuestionLines(file: string, bytes: Uint8Array): NoticeQuestionLine[] {
  const [header, ...rows] = [...readRows(file, bytes)];
  if (!header) return [];
  const columns = ecbDecisionsSheet.columns;
  const index = (column: keyof typeof columns) =>
    header.cells.findIndex((h) => h.trim().toLowerCase() === columns[column]!.header.toLowerCase());
  const cell = (row: Row, column: keyof typeof columns) => (row.cells[index(column)] ?? '').trim();
  return rows.flatMap((row) => {
    const question = NOTICE_QUESTIONS.find((q) => q === cell(row, 'question'));
    if (!question || !/^\d{6,7}$/.test(cell(row, 'urn'))) return [];
    return [
      {
        urn: cell(row, 'urn'),
        school: cell(row, 'school'),
        district: cell(row, 'district'),
        governance: cell(row, 'governance'),
        question,
        // The sheet joins the concerns with "; ", and a concern may hold one itself: a new concern starts with a
        // capital letter.
        concerns: cell(row, 'concerns')
          .split(/;\s+(?=[A-Z])/)
          .map((c) => c.trim())
          .filter(Boolean),
        issued: cell(row, 'issued'),
        proposedComplianceDate: cell(row, 'complianceDate'),
        answers: ANSWERS[question],
      },
    ];
  });
}

/** The form's fields for a question: its decision, compliance date and rationale, named by the school's URN. */
export const noticeFormField = (field: NoticeFormField, urn: string) => `${field}-${urn}`;
export type NoticeFormField = 'decision' | 'complianceDate' | 'rationale';

export interface NoticeFormProblem {
  readonly urn: string;
  readonly field: NoticeFormField;
  readonly message: string;
}

/** The longest rationale kept, as for an AAG's. */
const MAX_RATIONALE = 2000;

/**
 * The ECB's answer from the form, given by `by`, or what is wrong with it, question by question. A question left
 * undecided is asked again next term; a form that decides none is refused (sent, it would end the cycle's wait with
 * nothing decided).
 */
export function ecbAnswerFromForm(
  questions: readonly NoticeQuestionLine[],
  form: Readonly<Record<string, string | undefined>>,
  by: string,
  dates: { on: string; minimumComplianceDays?: number },
): { answer?: EcbNoticeAnswer; problems: NoticeFormProblem[] } {
  const value = (field: NoticeFormField, urn: string) => (form[noticeFormField(field, urn)] ?? '').trim();
  const problems: NoticeFormProblem[] = [];
  for (const q of questions) {
    const decision = value('decision', q.urn);
    if (decision && !(q.answers as readonly string[]).includes(decision))
      problems.push({ urn: q.urn, field: 'decision', message: `Select one of: ${q.answers.join(', ')}` });
    if (value('rationale', q.urn).length > MAX_RATIONALE)
      problems.push({
        urn: q.urn,
        field: 'rationale',
        message: `Write the reason in at most ${MAX_RATIONALE} characters`,
      });
  }
  if (problems.length > 0) return { problems };
  const rows: Row[] = [
    { line: 1, cells: ECB_DECISIONS_HEADERS },
    ...questions.map((q, i) => {
      const decision = value('decision', q.urn);
      return {
        line: i + 2,
        cells: ecbDecisionsRow({
          urn: q.urn,
          decision,
          // A date typed for a decision that takes none is not the ECB's: only issue and extend carry one.
          complianceDate: decision === 'issue' || decision === 'extend' ? value('complianceDate', q.urn) : '',
          rationale: decision ? value('rationale', q.urn) : '',
        }).map((c) => String(c ?? '')),
      };
    }),
  ];
  const { decisions, rejected } = readEcbDecisions('the form', rows);
  const fieldOf = (header: string): NoticeFormField =>
    header === ecbDecisionsSheet.columns.complianceDate!.header
      ? 'complianceDate'
      : header === ecbDecisionsSheet.columns.rationale!.header
        ? 'rationale'
        : 'decision';
  for (const r of rejected) {
    const q = questions[r.row - 2];
    if (!q) continue;
    const field = fieldOf(r.column);
    problems.push({
      urn: q.urn,
      field,
      message:
        field === 'rationale'
          ? `Enter the ECB's reason for its decision on ${q.school}`
          : field === 'complianceDate'
            ? `Enter the compliance date for ${q.school} as day/month/year, such as 16/10/2026`
            : `Select one of: ${q.answers.join(', ')}`,
    });
  }
  for (const d of decisions) {
    const tooSoon = complianceDateTooSoon({}, d, dates);
    const q = questions.find((line) => line.urn === d.urn);
    if (tooSoon && q) problems.push({ urn: d.urn, field: 'complianceDate', message: `${q.school}: ${tooSoon}` });
  }
  if (problems.length > 0) return { problems };
  if (decisions.length === 0)
    return {
      problems: questions.slice(0, 1).map((q) => ({
        urn: q.urn,
        field: 'decision',
        message:
          'Decide at least one question. Without decisions by the deadline, the questions are asked again next term.',
      })),
    };
  return { answer: { outcome: 'decided', decisions, by }, problems: [] };
}

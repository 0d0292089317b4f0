/**
 * Visit notes and task-group reports written in the portal, where the visits happen: a visiting adviser or the task
 * group's chair records each visit (its date, focus, findings, the actions agreed and the next visit) and the task
 * group's termly report (its judgement of the impact of support, with reasons). Each is a draft until its writer
 * publishes it: then the school sees it, and the next term's intake reads it as it reads the visit-notes and
 * task-group-reports sheets, which stay for authorities that keep spreadsheets.
 */
import { z } from 'zod';
import type { FormProblem } from '../assessment/school-responses';
import { parseDate } from '../dates';
import { compareTerms, isTermId } from '../term';
import { TASK_GROUP_IMPACTS, type TaskGroupImpact, type TaskGroupReport, type VisitNote } from '../types';

export const VISIT_RECORD_KINDS = ['visit note', 'task-group report'] as const;

export const visitRecordSchema = z.object({
  urn: z.string().min(1),
  /** `visit#<id>` for a visit note, `report#<term>` for the task group's report of a term (one a term). */
  recordId: z.string().min(1),
  kind: z.enum(VISIT_RECORD_KINDS),
  status: z.enum(['draft', 'published']),
  /** Who wrote it, as the school and the AAG read it, and the identity provider's id. */
  author: z.object({ name: z.string().min(1), id: z.string().min(1) }),
  savedAt: z.string().min(1),
  publishedAt: z.string().optional(),
  note: z
    .object({
      date: z.string(),
      focus: z.string(),
      findings: z.string(),
      actions: z.string(),
      nextVisit: z.string().optional(),
    })
    .optional(),
  report: z.object({ term: z.string(), impact: z.enum(TASK_GROUP_IMPACTS), reasons: z.string() }).optional(),
});
export type VisitRecord = z.infer<typeof visitRecordSchema>;

/** How each judgement of impact reads on the form and the pages (the sheet's words, with the portal's). */
export const IMPACT_IN_WORDS: Record<TaskGroupImpact, string> = {
  strong: 'Sufficient: strong',
  adequate: 'Sufficient: adequate',
  insufficient: 'Insufficient',
  'too early': 'Too early to judge',
};

const LONGEST = 5000;

function required(
  form: Readonly<Record<string, string | undefined>>,
  field: string,
  what: string,
  problems: FormProblem[],
) {
  const value = (form[field] ?? '').trim();
  if (!value) problems.push({ field, message: `Enter ${what}` });
  else if (value.length > LONGEST) problems.push({ field, message: `Enter ${what} in 5,000 characters or fewer` });
  return value;
}

/**
 * A visit note from its form. `today` is the day it is saved: a visit is not recorded before it happens, and its next
 * visit is after it.
 */
export function visitNoteFromForm(
  form: Readonly<Record<string, string | undefined>>,
  today: string,
): { note: NonNullable<VisitRecord['note']> } | { problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const date = parseDate(form.date ?? '');
  if (!form.date?.trim()) problems.push({ field: 'date', message: 'Enter the date of the visit' });
  else if (!date)
    problems.push({ field: 'date', message: 'Enter the date of the visit as a real date, like 14/10/2026' });
  else if (date > today)
    problems.push({ field: 'date', message: 'The date of the visit must be today or in the past' });
  const focus = required(form, 'focus', 'what the visit looked at', problems);
  const findings = required(form, 'findings', 'what you found', problems);
  const actions = required(form, 'actions', 'the actions agreed with the school', problems);
  let nextVisit: string | undefined;
  if (form.nextVisit?.trim()) {
    nextVisit = parseDate(form.nextVisit);
    if (!nextVisit)
      problems.push({ field: 'nextVisit', message: 'Enter the next visit as a real date, like 25/11/2026' });
    else if (date && nextVisit <= date)
      problems.push({ field: 'nextVisit', message: 'The next visit must be after this one' });
  }
  if (problems.length > 0 || !date) return { problems };
  return { note: { date, focus, findings, actions, ...(nextVisit ? { nextVisit } : {}) } };
}

/** The task group's termly report from its form, for `term`. */
export function reportFromForm(
  form: Readonly<Record<string, string | undefined>>,
  term: string,
): { report: NonNullable<VisitRecord['report']> } | { problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const impact = TASK_GROUP_IMPACTS.find((i) => i === form.impact);
  if (!impact) problems.push({ field: 'impact', message: 'Choose the impact of support' });
  const reasons = required(form, 'reasons', 'the reasons for the judgement', problems);
  if (!isTermId(term)) problems.push({ field: 'impact', message: `${term} is not a term` });
  if (problems.length > 0 || !impact) return { problems };
  return { report: { term, impact, reasons } };
}

/** The visit notes published in the portal, as the intake reads the visit-notes sheet's rows. */
export function publishedVisitNotes(records: readonly VisitRecord[], notAfter: string): VisitNote[] {
  return records
    .filter((r) => r.status === 'published' && r.note && r.note.date <= notAfter)
    .map((r) => ({
      urn: r.urn,
      date: r.note!.date,
      visitor: r.author.name,
      focus: r.note!.focus,
      findings: r.note!.findings,
      nextSteps: r.note!.actions,
    }));
}

/** The task-group reports published in the portal, as the intake reads the task-group-reports sheet's rows. */
export function publishedReports(records: readonly VisitRecord[], before: string): TaskGroupReport[] {
  return records
    .filter((r) => r.status === 'published' && r.report && compareTerms(r.report.term, before) < 0)
    .map((r) => ({ urn: r.urn, term: r.report!.term, impact: r.report!.impact, summary: r.report!.reasons }));
}

/**
 * The sheet's rows and the portal's together: where both hold the same visit (school, day and visitor) or the same
 * report (school and term), the portal's, as written where it happened, stands; how many of the sheet's it replaced.
 */
export function withPortalRecords<T>(
  fromSheets: readonly T[],
  fromPortal: readonly T[],
  key: (row: T) => string,
): { rows: T[]; replaced: number } {
  const portal = new Set(fromPortal.map(key));
  const kept = fromSheets.filter((row) => !portal.has(key(row)));
  return { rows: [...kept, ...fromPortal], replaced: fromSheets.length - kept.length };
}

export const visitNoteKey = (v: Pick<VisitNote, 'urn' | 'date' | 'visitor'>) => `${v.urn}#${v.date}#${v.visitor}`;
export const reportKey = (r: Pick<TaskGroupReport, 'urn' | 'term'>) => `${r.urn}#${r.term}`;

/** Visits planned against visits done for each adviser: planned by the schools they support, done by their notes. */
export interface AdviserVisits {
  adviser: string;
  planned: number;
  done: number;
  schools: string[];
}

/** A name as a visitor and a leader are written, without a designation in brackets: "Ben Nowak (NLE)" is Ben Nowak. */
const withoutDesignation = (name: string) => name.replace(/\s*\([^)]*\)\s*$/, '').trim();

export function visitsByAdviser(
  planned: readonly { urn: string; visitsThisTerm: number; leader?: { name: string } }[],
  notes: readonly Pick<VisitNote, 'urn' | 'visitor'>[],
): AdviserVisits[] {
  const byName = new Map<string, AdviserVisits>();
  const of = (name: string) => {
    const key = withoutDesignation(name).toLowerCase();
    let row = byName.get(key);
    if (!row) {
      row = { adviser: withoutDesignation(name), planned: 0, done: 0, schools: [] };
      byName.set(key, row);
    }
    return row;
  };
  for (const s of planned) {
    if (s.visitsThisTerm === 0) continue;
    const row = of(s.leader?.name ?? 'No adviser named');
    row.planned += s.visitsThisTerm;
    if (!row.schools.includes(s.urn)) row.schools.push(s.urn);
  }
  for (const n of notes) {
    const row = of(n.visitor);
    row.done++;
    if (!row.schools.includes(n.urn)) row.schools.push(n.urn);
  }
  return [...byName.values()].sort(
    (a, b) => b.planned - b.done - (a.planned - a.done) || a.adviser.localeCompare(b.adviser),
  );
}

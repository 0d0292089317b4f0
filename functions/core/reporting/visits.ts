/**
 * Visits planned against visits done. Each term the brokering plans a school's adviser visits (C: one a term,
 * D: one each half term, in the default); the notes of the visits made come in with the next term's intake
 * (visit-notes sheet). A school with fewer notes in the term than visits planned has missed a visit, and the
 * report flags it.
 */
import { groupByUrn } from '../collections';
import type { BrokeredSupport } from '../support/brokering';
import type { Category, VisitNote } from '../types';

export interface VisitsInTerm {
  urn: string;
  district: string;
  /** The school's category in the term the visits were planned for. */
  category: Category;
  planned: number;
  /** Notes of visits made in the term (dated from its first day to the day before the next term starts). */
  done: number;
  /** How many planned visits have no note: 0 when every visit was made. */
  missed: number;
  /** The term's notes, latest first. */
  notes: VisitNote[];
}

/**
 * For each school with visits planned in a term, or a visit noted in it: planned, done and missed. `from` is the
 * term's first day and `until` the next term's (ISO dates); notes outside them belong to another term.
 */
export function visitsPlannedAndDone(
  planned: readonly BrokeredSupport[],
  notes: readonly VisitNote[],
  from: string,
  until: string,
): VisitsInTerm[] {
  const inTerm = notes.filter((n) => n.date >= from && n.date < until);
  const notesOf = groupByUrn(inTerm);
  return planned
    .filter((s) => s.visitsThisTerm > 0 || notesOf.has(s.urn))
    .map((s) => {
      const made = (notesOf.get(s.urn) ?? []).sort((a, b) => b.date.localeCompare(a.date));
      return {
        urn: s.urn,
        district: s.district,
        category: s.category,
        planned: s.visitsThisTerm,
        done: made.length,
        missed: Math.max(0, s.visitsThisTerm - made.length),
        notes: made,
      };
    })
    .sort((a, b) => b.missed - a.missed || a.urn.localeCompare(b.urn));
}

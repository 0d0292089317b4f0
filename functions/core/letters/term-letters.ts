/**
 * The term's letters in the order they go (by key), school by school, each school's composed only when its letters
 * are wanted. A term of thousands of letters is sent over several notify invocations, each from where the last
 * stopped: each knows how many letters every school has from its recipients alone, so it composes only the letters
 * it sends, not the whole term's again. Every key of a school's letters begins with its letterKeyPrefix, so ordering
 * the schools by that and each school's letters by key is the order of every key.
 */

import type { Methodology } from '../assessment/methodology';
import type { WarningNotice } from '../intervention/warning-notices';
import type { BrokeredSupport } from '../support/brokering';
import type { TaskGroup } from '../support/task-groups';
import type { Assessment, Contact, School } from '../types';
import { type Correction, correctionLetters } from './corrections';
import { type Authority, changeRecipients, type Letter, letterKeyPrefix, lettersForChange } from './letters';
import { type NoticeCopies, type NoticeEvent, noticeEvent, noticeLetters, recipientsOf } from './notice-letters';

export interface TermLetterInput {
  term: string;
  /** The date the letters bear. */
  date: string;
  schools: readonly (School & { contacts: readonly Contact[] })[];
  /** The term's agreed categories: a school whose category changed is written to. */
  assessments: readonly Assessment[];
  /** Last term's, for what the letter says of the school's previous support. */
  previous: ReadonlyMap<string, Assessment>;
  support: ReadonlyMap<string, BrokeredSupport>;
  taskGroups: ReadonlyMap<string, TaskGroup>;
  /** The term's warning notices: those the ECB decided this term bring letters. */
  notices: readonly WarningNotice[];
  authority: Authority;
  methodology: Methodology;
  copies: NoticeCopies;
  /**
   * Schools whose letters this term announced a category they no longer have: each is written a correction instead of
   * any letter on its change (the correction says what is now so).
   */
  corrections?: ReadonlyMap<string, Correction>;
}

/** A letter of the term, and for a warning notice's, the event it tells of; for a correction, what it corrects. */
export interface TermLetter {
  letter: Letter;
  noticeEvent?: NoticeEvent;
  correction?: Correction;
}

/** One school's letters this term: how many, and the roles with no address, known before any letter is composed. */
export interface SchoolLetters {
  urn: string;
  count: number;
  missing: number;
  /** Its letters, in key order, each notice letter with the event it tells of. */
  compose(): TermLetter[];
}

/** Every school with letters this term, in the order their letters go. */
export function termLetters(input: TermLetterInput): SchoolLetters[] {
  const changed = new Map(
    input.assessments.filter((a) => a.changed && a.previousCategory !== undefined).map((a) => [a.urn, a]),
  );
  const decided = new Map(input.notices.flatMap((n) => (noticeEvent(n) ? [[n.urn, n] as const] : [])));
  const units: (SchoolLetters & { prefix: string })[] = [];
  const assessmentOf = new Map(input.assessments.map((a) => [a.urn, a]));
  for (const school of input.schools) {
    const correction = input.corrections?.get(school.urn);
    const assessment = correction ? undefined : changed.get(school.urn);
    const notice = decided.get(school.urn);
    if (!assessment && !notice && !correction) continue;
    const event = notice && noticeEvent(notice);
    const forChange = correction
      ? {
          recipients: correction.roles.filter((role) =>
            school.contacts.some((c) => c.urn === school.urn && c.role === role),
          ),
          missing: correction.roles.filter(
            (role) => !school.contacts.some((c) => c.urn === school.urn && c.role === role),
          ),
        }
      : assessment
        ? changeRecipients(school, school.contacts)
        : { recipients: [], missing: [] };
    const forNotice = event
      ? recipientsOf(event, school, school.contacts, input.copies)
      : { recipients: [], missing: [] };
    units.push({
      urn: school.urn,
      prefix: letterKeyPrefix(input.term, school.urn),
      count: forChange.recipients.length + forNotice.recipients.length,
      missing: forChange.missing.length + forNotice.missing.length,
      compose: () => {
        const letters: TermLetter[] = [];
        if (assessment) {
          const extra = {
            support: input.support.get(school.urn),
            taskGroup: input.taskGroups.get(school.urn),
            previous: input.previous.get(school.urn),
          };
          for (const letter of lettersForChange(
            input.date,
            assessment,
            school,
            school.contacts,
            input.authority,
            input.methodology,
            extra,
          ).letters)
            letters.push({ letter });
        }
        if (correction) {
          const corrected = correctionLetters({
            date: input.date,
            correction,
            assessment: assessmentOf.get(school.urn)!,
            school,
            contacts: school.contacts,
            authority: input.authority,
            methodology: input.methodology,
            support: input.support.get(school.urn),
            taskGroup: input.taskGroups.get(school.urn),
          });
          for (const letter of corrected.letters) letters.push({ letter, correction });
        }
        if (notice && event)
          for (const letter of noticeLetters(input.date, notice, school, school.contacts, input.authority, input.copies)
            .letters)
            letters.push({ letter, noticeEvent: event });
        return letters.sort((a, b) => (a.letter.key < b.letter.key ? -1 : 1));
      },
    });
  }
  return units.filter((u) => u.count > 0 || u.missing > 0).sort((a, b) => (a.prefix < b.prefix ? -1 : 1));
}

/** How many letters the term has in all. */
export const letterCount = (schools: readonly SchoolLetters[]) => schools.reduce((n, s) => n + s.count, 0);

/** The letters from position `from` up to (not including) `to` in the term's order: only their schools are composed. */
export function lettersBetween(schools: readonly SchoolLetters[], from: number, to: number): TermLetter[] {
  const wanted: TermLetter[] = [];
  if (from >= to) return wanted;
  let start = 0;
  for (const school of schools) {
    const end = start + school.count;
    if (end > from && start < to)
      wanted.push(...school.compose().slice(Math.max(0, from - start), Math.min(school.count, to - start)));
    if (end >= to) break;
    start = end;
  }
  return wanted;
}

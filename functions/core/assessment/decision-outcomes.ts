/**
 * What an AAG's decisions did, school by school, once the cycle has applied them: the category agreed, the letters the
 * school's people were sent about it (or why none went), and the support the brokering then arranged, including an AAG
 * choice that could not stand. Said only from the records: a letter is "sent" only where SES took it. Pure.
 */
import type { BrokeredSupport } from '../support/brokering';
import type { Assessment } from '../types';

/** A letter of the term as its record holds it (adapters/sent-emails.ts), without any address. */
export interface LetterRecordLine {
  readonly urn: string;
  readonly role: string;
  readonly status: 'sending' | 'sent' | 'rejected';
  readonly needsFollowUp?: boolean;
}

export interface DecisionOutcome {
  /** The letters' line: sent to whom, not yet sent, or none because nothing changed. */
  readonly letters: string;
  /** The support's line, where the category brings support. */
  readonly support?: string;
}

/** Each decided school's outcome, by URN. */
export function decisionOutcomes(
  agreed: readonly Assessment[],
  letters: readonly LetterRecordLine[],
  support: readonly BrokeredSupport[],
): Map<string, DecisionOutcome> {
  const lettersOf = new Map<string, LetterRecordLine[]>();
  for (const l of letters) lettersOf.set(l.urn, [...(lettersOf.get(l.urn) ?? []), l]);
  const supportOf = new Map(support.map((s) => [s.urn, s]));
  return new Map(
    agreed.map((a) => {
      const own = lettersOf.get(a.urn) ?? [];
      const sent = own.filter((l) => l.status === 'sent');
      const followUp = own.filter((l) => l.needsFollowUp || l.status === 'rejected');
      const letterLine =
        sent.length > 0
          ? `Letter sent to the ${listed(sent.map((l) => l.role))}${followUp.length > 0 ? `; ${followUp.length} did not reach the reader, and the team follows it up` : ''}`
          : own.length > 0
            ? 'A letter is recorded but not sent yet: see the area’s report'
            : a.changed
              ? 'No letter sent: see the area’s report for letters held or waiting'
              : 'No change of category, so no letter';
      const s = supportOf.get(a.urn);
      const supportLine = s?.brokered ? supportWords(s) : undefined;
      return [a.urn, { letters: letterLine, ...(supportLine ? { support: supportLine } : {}) }];
    }),
  );
}

function supportWords(s: BrokeredSupport): string {
  const parts = [
    s.provider ? `${s.provider.name} as support school` : 'no support school',
    s.leader ? `${s.leader.name} as system leader` : 'no system leader',
  ];
  const chosen = s.chosenByAag && (s.chosenByAag.provider || s.chosenByAag.leader) ? ', as the AAG chose' : '';
  const refused =
    (s.choiceRefused ?? []).length > 0 ? `; the AAG's choice could not stand: ${s.choiceRefused!.join('; ')}` : '';
  const unmet = s.unmet.length > 0 ? `; referred to the TSC board: ${s.unmet.join('; ')}` : '';
  return `${parts.join(' and ')}${chosen}${refused}${unmet}`;
}

/** The order a letter's recipients are named in: the school's own people first, as the letters address them. */
const ROLE_ORDER = ['headteacher', 'chair of governors', 'trust board chair'];
const rank = (role: string) => (ROLE_ORDER.includes(role) ? ROLE_ORDER.indexOf(role) : ROLE_ORDER.length);

const listed = (roles: readonly string[]) => {
  const unique = [...new Set(roles)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return unique.length <= 1 ? (unique[0] ?? '') : `${unique.slice(0, -1).join(', ')} and ${unique.at(-1)}`;
};

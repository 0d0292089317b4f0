/**
 * Every statement true: checks that what the cycle writes says what its records say, the same everywhere.
 *
 * - Before a letter goes (notify): its category, who settled it, its support and its recipient are the records', and
 *   it cites nothing dated after its own date. A letter that fails is never sent: the stage fails, saying why.
 * - After the term's reports are written (the check stage): each figure is the same in summary.json, the report, the
 *   AAG areas' reports, measures.csv and assessments.csv; every AAG decision recorded is one that was made; no school
 *   Ofsted lists is called uninspected; and every school's latest letter announces its category, or a correction is
 *   listed. A broken invariant fails the run, with what and where, before any letter of the next term.
 * Pure: outputs and records in, the inconsistencies out.
 */

import type { Methodology } from '../assessment/methodology';
import { parseCsv } from '../csv';
import { latestAnnouncements, type SentLetter } from '../letters/corrections';
import type { Letter } from '../letters/letters';
import type { BrokeredSupport } from '../support/brokering';
import type { Assessment, Contact, Inspection, School } from '../types';
import type { CycleSummary } from './report';

export interface Inconsistency {
  /** Where it was found: an output file, a table, a letter. */
  where: string;
  /** What does not agree with what. */
  what: string;
}

// ---------------------------------------------------------------- letters, before they go

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DATE_IN_TEXT = /\b(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4})\b/g;
/** A date as letters write it ("3 Feb 2026"), as ISO. */
const isoOf = (day: string, month: string, year: string) =>
  `${year}-${String(MONTHS.indexOf(month) + 1).padStart(2, '0')}-${day.padStart(2, '0')}`;

/**
 * The facts a letter may state: its school's assessment and support, the school's own contacts, and the notice copies'
 * addresses.
 */
export interface LetterFacts {
  readonly assessment?: Assessment;
  readonly support?: BrokeredSupport;
  readonly contacts: readonly Contact[];
  /** Addresses a letter may go to besides the school's own people (the DfE's regional team, Ofsted). */
  readonly copies: readonly string[];
}

/** What a letter says that its records do not: each a reason it must not go. */
export function letterInconsistencies(letter: Letter, facts: LetterFacts): Inconsistency[] {
  const where = `the letter ${letter.key}`;
  const found: Inconsistency[] = [];
  const text = letter.text;
  // Evidence dated after the letter: any date but the compliance date a notice sets.
  for (const line of text.split('\n')) {
    if (/comply|compliance/i.test(line)) {
      // A compliance date the letter sets is the one date ahead of it, and never on or before it.
      if (/must comply with this notice by/.test(line))
        for (const m of line.matchAll(DATE_IN_TEXT)) {
          const iso = isoOf(m[1]!, m[2]!, m[3]!);
          if (iso <= letter.date)
            found.push({
              where,
              what: `sets a compliance date, ${m[0]}, that is not after its own date (${letter.date})`,
            });
        }
      continue;
    }
    for (const m of line.matchAll(DATE_IN_TEXT)) {
      const iso = isoOf(m[1]!, m[2]!, m[3]!);
      if (iso > letter.date)
        found.push({
          where,
          what: `cites ${m[0]}, after its own date (${letter.date}): "${line.trim().slice(0, 160)}"`,
        });
    }
  }
  const a = facts.assessment;
  const m = a?.moderation;
  if (text.includes('agreed by the Area Analysis Group') && m?.decision !== 'agree')
    found.push({
      where,
      what: `says the Area Analysis Group agreed, but the record says ${m ? m.decision : 'no decision'}`,
    });
  if (text.includes('the Area Analysis Group has decided that') && m?.decision !== 'override')
    found.push({
      where,
      what: `says the Area Analysis Group decided the category, but the record says ${m ? m.decision : 'no decision'}`,
    });
  if (text.includes('confirmed by the Education Challenge Board,') && !(m?.decision === 'undecided' && m.confirmedBy))
    found.push({ where, what: 'says the ECB confirmed the category, but the record has no such confirmation' });
  const change = /category (?:improved|changed) from (\S+) to (\S+)$/.exec(letter.subject);
  if (change && a && (change[1] !== a.previousCategory || change[2] !== a.category))
    found.push({
      where,
      what: `announces a change from ${change[1]} to ${change[2]}, but the record is ${a.previousCategory ?? 'none'} to ${a.category}`,
    });
  const provider = /school-to-school support from (.+?), (?:in your|elsewhere)/.exec(text)?.[1];
  if (provider !== undefined && provider !== facts.support?.provider?.name)
    found.push({
      where,
      what: `names ${provider} as the support school, but the brokering records ${facts.support?.provider?.name ?? 'none'}`,
    });
  const leader =
    /^- (.+?) \((?:National Leader of Education|Local Leader of Education|Specialist Leader of Education|Learning Improvement Officer|NLE|LLE|SLE|LIO)[^)]*\) will visit/m.exec(
      text,
    )?.[1];
  if (leader !== undefined && leader !== facts.support?.leader?.name)
    found.push({
      where,
      what: `names ${leader} as visiting, but the brokering records ${facts.support?.leader?.name ?? 'no one'}`,
    });
  const own = facts.contacts.some(
    (c) => c.urn === letter.urn && c.email.toLowerCase() === letter.to.email.toLowerCase(),
  );
  if (!own && !facts.copies.some((e) => e.toLowerCase() === letter.to.email.toLowerCase()))
    found.push({ where, what: "goes to an address that is not one of the school's own contacts, nor a notice's copy" });
  return found;
}

// ---------------------------------------------------------------- the term's outputs, once written

/** The term's outputs, as written, and the records they come from. */
export interface TermOutputs {
  readonly term: string;
  readonly summary: CycleSummary;
  readonly reportHtml: string;
  /** Each AAG area's report, by area. */
  readonly areaReports: ReadonlyMap<string, string>;
  readonly measuresCsv: string;
  readonly assessmentsCsv: string;
  readonly schools: readonly School[];
  readonly assessments: readonly Assessment[];
  readonly inspections: readonly Inspection[];
  /** Each district's outcome as the AAG round closed: decided, deadline passed or agreed automatically. */
  readonly outcomes: ReadonlyMap<string, string>;
  /** The URNs whose AAG decision was written onto their proposal (an AAG's decision, in time or put in late). */
  readonly decisionsWritten: ReadonlySet<string>;
  readonly sentLetters: readonly SentLetter[];
  readonly methodology: Methodology;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const textOf = (cell: string) =>
  cell
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!)
    .replace(/\s+/g, ' ')
    .trim();

/**
 * The rows of the table whose caption begins with `caption`, each a list of its cells' text; none if there is no such
 * table.
 */
export function tableRows(page: string, caption: string): string[][] | undefined {
  for (const table of page.split('<table>').slice(1)) {
    const found = /^<caption>([\s\S]*?)<\/caption>/.exec(table);
    if (!found || !textOf(found[1]!).startsWith(caption)) continue;
    const body = table.slice(table.indexOf('<tbody>'), table.indexOf('</tbody>'));
    return body
      .split('<tr')
      .slice(1)
      .map((row) => [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => textOf(c[1]!)));
  }
  return undefined;
}

/** A figure from the report's "The term in figures" table, by the start of its label. */
function figureIn(page: string, label: string): string | undefined {
  return tableRows(page, 'The term in figures')?.find((r) => r[0]!.startsWith(label))?.[1];
}

/** The figures of the term that the report's table, summary.json and the CLI all give. */
const FIGURES: [label: string, key: keyof CycleSummary][] = [
  ['Schools categorised', 'schools'],
  ['Category changes', 'changes'],
  ['Proposals overridden by an AAG', 'overridden'],
  ['Proposals no AAG decided by its deadline', 'undecided'],
  ['Letters sent this run', 'emailsSent'],
  ['Letters already sent earlier', 'emailsAlreadySent'],
  ['Letters held, not sent', 'lettersHeld'],
  ['Input rows rejected', 'rejectedRows'],
  ['Schools with school-to-school support brokered', 'brokered'],
  ['Schools with a need referred to the TSC board', 'unmetNeeds'],
  ['Task groups', 'taskGroups'],
];

/** A percentage as the report and measures.csv write it: one decimal place. */
const percent = (good: number, of: number) => (of === 0 ? undefined : Math.round((1000 * good) / of) / 10);

export function outputInconsistencies(o: TermOutputs): Inconsistency[] {
  const found: Inconsistency[] = [];
  const report = 'report.html';
  // Each figure the same in summary.json and the report (the CLI prints summary.json's).
  for (const [label, key] of FIGURES) {
    const shown = figureIn(o.reportHtml, label);
    if (shown === undefined) found.push({ where: report, what: `has no "${label}" in the term in figures` });
    else if (Number(shown.replace(/,/g, '')) !== o.summary[key])
      found.push({
        where: `${report}, the term in figures`,
        what: `"${label}" is ${shown}, but summary.json's ${String(key)} is ${String(o.summary[key])}`,
      });
  }
  // Categories: the summary, the report's table by area, each area's own report, and assessments.csv.
  const ids = o.methodology.categories.map((c) => c.id);
  const byArea = tableRows(o.reportHtml, 'Schools in each category, by AAG area') ?? [];
  const authority = byArea.find((r) => r[0] === 'The authority');
  for (const [i, id] of ids.entries()) {
    if (Number(authority?.[i + 1]) !== (o.summary.categories[id] ?? 0))
      found.push({
        where: `${report}, categories by AAG area`,
        what: `the authority has ${authority?.[i + 1] ?? 'no'} schools in ${id}, but summary.json has ${o.summary.categories[id] ?? 0}`,
      });
  }
  for (const [area, page] of o.areaReports) {
    const own = (tableRows(page, 'Schools in each category, by AAG area') ?? []).find(
      (r) => r[0] === `${area} (this report)`,
    );
    const inAuthority = byArea.find((r) => r[0] === area);
    if (!own || !inAuthority || own.slice(1).join(',') !== inAuthority.slice(1).join(','))
      found.push({
        where: `aag/ report of ${area}`,
        what: `its categories (${own?.slice(1).join(', ') ?? 'none'}) are not the authority's report's for ${area} (${inAuthority?.slice(1).join(', ') ?? 'none'})`,
      });
  }
  const rows = parseCsv(o.assessmentsCsv).records.map((r) => r.values);
  if (rows.length !== o.summary.schools)
    found.push({
      where: 'assessments.csv',
      what: `has ${rows.length} schools, but summary.json has ${o.summary.schools}`,
    });
  for (const id of ids) {
    const n = rows.filter((r) => r.Category === id).length;
    if (n !== (o.summary.categories[id] ?? 0))
      found.push({
        where: 'assessments.csv',
        what: `has ${n} schools in ${id}, but summary.json has ${o.summary.categories[id] ?? 0}`,
      });
  }
  const decided = (word: string) => rows.filter((r) => (r['AAG decision'] ?? '').startsWith(word)).length;
  if (decided('override') !== o.summary.overridden)
    found.push({
      where: 'assessments.csv',
      what: `has ${decided('override')} overrides, but summary.json has ${o.summary.overridden}`,
    });
  if (decided('none by the deadline') !== o.summary.undecided)
    found.push({
      where: 'assessments.csv',
      what: `has ${decided('none by the deadline')} proposals no AAG decided, but summary.json has ${o.summary.undecided}`,
    });
  // Good or better: one figure, in the report, each area's report and measures.csv.
  const measures = parseCsv(o.measuresCsv)
    .records.map((r) => r.values)
    .filter((r) => r['Measure id'] === 'good-or-better' && r.Term === o.term);
  const goodIn = (page: string) => /^(\d+) of (\d+)/.exec(figureIn(page, 'Schools good or better') ?? '');
  for (const [scope, page] of [
    ['the authority', o.reportHtml] as const,
    ...[...o.areaReports].map(([area, page]) => [area, page] as const),
  ]) {
    const figure = goodIn(page);
    const measured = measures.find((r) => r.Scope === scope);
    if (!measured) continue;
    if (!figure) {
      found.push({
        where: scope === 'the authority' ? report : `aag/ report of ${scope}`,
        what: 'gives no good-or-better figure in the term in figures, though measures.csv does',
      });
      continue;
    }
    const shown = percent(Number(figure[1]), Number(figure[2]));
    if (shown !== Number(measured.Value) || Number(figure[2]) !== Number(measured.Schools))
      found.push({
        where: `${scope === 'the authority' ? report : `aag/ report of ${scope}`} and measures.csv`,
        what: `good or better is ${figure[1]} of ${figure[2]} (${shown}%) in the report, but ${measured.Value}% of ${measured.Schools} in measures.csv`,
      });
  }
  // Every AAG decision recorded is one that was made.
  const districtOf = new Map(o.schools.map((s) => [s.urn, s.district]));
  for (const a of o.assessments) {
    const decision = a.moderation?.decision;
    if (decision !== 'agree' && decision !== 'override') continue;
    const outcome = o.outcomes.get(districtOf.get(a.urn) ?? '');
    if (outcome !== 'decided' && outcome !== 'agreed automatically' && !o.decisionsWritten.has(a.urn))
      found.push({
        where: `the record of ${a.urn}`,
        what: `says its AAG ${decision === 'agree' ? 'agreed' : 'overrode'} the proposal, but the ${districtOf.get(a.urn)} AAG made no decision (${outcome ?? 'no outcome'})`,
      });
  }
  // No school Ofsted lists is called uninspected.
  const noInspectionRules = new Set(
    o.methodology.rules.filter((r) => r.when.kind === 'no-inspection').map((r) => r.id),
  );
  const inspected = new Set(o.inspections.map((i) => i.urn));
  const listed = new Set(o.schools.filter((s) => s.ofstedRowUnreadable).map((s) => s.urn));
  for (const a of o.assessments) {
    if ((inspected.has(a.urn) || listed.has(a.urn)) && a.reasons.some((r) => noInspectionRules.has(r.rule)))
      found.push({
        where: `the record of ${a.urn}`,
        what: 'says the school has not been inspected, but Ofsted lists it',
      });
  }
  // Each school's latest letter this term announces its category, or its correction is listed in the report.
  const corrections = new Set(
    (tableRows(o.reportHtml, 'Corrections to letters already sent this term') ?? []).map((r) => r[1]),
  );
  const category = new Map(o.assessments.map((a) => [a.urn, a.category]));
  for (const [urn, said] of latestAnnouncements(o.sentLetters)) {
    const to = said.at(-1)!.to;
    if (category.has(urn) && category.get(urn) !== to && !corrections.has(urn))
      found.push({
        where: `the letters to ${urn}`,
        what: `announced category ${to}, but the school is in ${category.get(urn)} and the report lists no correction`,
      });
  }
  return found;
}

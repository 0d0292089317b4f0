/**
 * Risk assessment: every open school is placed in one of the methodology's categories. Each rule whose condition
 * holds gives a reason citing its evidence; the worst category among them wins. The rules and thresholds are the
 * methodology's (a policy file); this engine only knows how to evaluate each kind of condition.
 */
import { formatDate, monthsBetween } from '../dates';
import { academicYearStart, countedAcademicYears } from '../term';
import {
  type Assessment,
  type Category,
  type Inspection,
  type Intelligence,
  OFSTED_GRADE_NAME,
  type Performance,
  type Reason,
  type School,
  type TaskGroupReport,
} from '../types';
import { type Condition, inThisScheme, type Methodology, severity } from './methodology';
import { statutoryFlags } from './statutory-flags';

export interface SchoolEvidence {
  readonly school: School;
  readonly inspections: readonly Inspection[];
  readonly intelligence: readonly Intelligence[];
  readonly taskGroupReports: readonly TaskGroupReport[];
  readonly performance?: readonly Performance[];
}

export function worstCategory(methodology: Methodology, categories: readonly Category[]): Category {
  return categories.reduce<Category>(
    // Stryker disable next-line EqualityOperator: two categories of equal severity are the same category
    (worst, c) => (severity(methodology, c) > severity(methodology, worst) ? c : worst),
    methodology.categories[0]!.id,
  );
}

/** Orders by a key, and where two share it, by their whole content: the result never depends on row order. */
function stableOrder<T>(key: (item: T) => string | number, descending = false) {
  return (a: T, b: T): number => {
    const [ka, kb] = [key(a), key(b)];
    const byKey = ka < kb ? -1 : ka > kb ? 1 : 0;
    const [ja, jb] = [JSON.stringify(a), JSON.stringify(b)];
    const order = byKey !== 0 ? byKey : ja < jb ? -1 : ja > jb ? 1 : 0;
    return descending ? -order : order;
  };
}

/**
 * The inspection that judges the school: its latest graded inspection or report card. An ungraded inspection
 * never replaces it; it is evidence of its own (see latestUngraded).
 */
export function latestInspection(inspections: readonly Inspection[]): Inspection | undefined {
  return inspections.filter((i) => i.era !== 'ungraded').sort(stableOrder((i) => i.startDate, true))[0];
}

/** The latest ungraded inspection, where it is later than the judging inspection (an earlier one is superseded). */
export function latestUngraded(inspections: readonly Inspection[]): Inspection | undefined {
  const judging = latestInspection(inspections);
  const ungraded = inspections.filter((i) => i.era === 'ungraded').sort(stableOrder((i) => i.startDate, true))[0];
  return ungraded && (!judging || ungraded.startDate > judging.startDate) ? ungraded : undefined;
}

const byDateDescending = stableOrder<Intelligence>((i) => i.date, true);

const ERA_LABEL: Record<Inspection['era'], string> = {
  'single-word': 'Ofsted graded inspection with a single-word judgement',
  'key-judgements': 'Ofsted graded inspection with key judgements and no overall grade',
  'report-card': 'Ofsted report card',
  ungraded: 'Ofsted ungraded inspection',
};

/**
 * How reasons and letters cite an inspection: its era, its date, and whose it was if not the school's own; without
 * brackets, since letters and reports put the whole citation in brackets after its reason.
 */
export function inspectionLabel(inspection: Inspection): string {
  const of = inspection.predecessor
    ? ` of the predecessor school${inspection.predecessor.name ? ` ${inspection.predecessor.name}` : ''}, URN ${inspection.predecessor.urn}`
    : inspection.inheritedFromUrn
      ? ` of the predecessor school, URN ${inspection.inheritedFromUrn}`
      : '';
  return `${ERA_LABEL[inspection.era]}${of}, ${formatDate(inspection.startDate)}`;
}

const orList = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;

const INTELLIGENCE_PHRASE: Record<Intelligence['type'], (date: string) => string> = {
  'new headteacher': (d) => `new headteacher since ${d}`,
  'interim headteacher': (d) => `interim headteacher since ${d}`,
  staffing: (d) => `temporary staffing problems reported ${d}`,
  concern: (d) => `concern raised at Schools Causing Concern, ${d}`,
  'trust view': (d) => `trust's view, ${d}`,
  'warning notice': (d) => `formal warning notice issued ${d}`,
};

/** The school's results of one source that have `measure`, oldest first. */
function series(performance: readonly Performance[], source: Performance['source'], measure: string): Performance[] {
  return performance.filter((p) => p.source === source && p.measures[measure] !== undefined).sort(byYear);
}
const byYear = stableOrder<Performance>((p) => academicYearStart(p.year));

interface Context {
  readonly inspection?: Inspection;
  readonly ungraded?: Inspection;
  readonly evidence: SchoolEvidence;
  readonly asOf: string;
}

/** Conditions on performance figures, which count only while the figures are recent enough. */
const PERFORMANCE_KINDS = new Set<Condition['kind']>([
  'ks2-expected-standard-below',
  'ks2-expected-standard-declining',
  'ks2-progress-below',
  'progress8-below',
  'persistent-absence-above',
  'attendance-fell',
]);

/** The evidence for each way the condition holds; empty if it does not. */
export function evaluate(condition: Condition, context: Context): string[] {
  const { inspection, ungraded, evidence, asOf } = context;
  // Stryker disable next-line StringLiteral: the label is read only where there is an inspection
  const label = inspection ? inspectionLabel(inspection) : '';
  const performance = evidence.performance ?? [];
  switch (condition.kind) {
    case 'ofsted-overall':
      return inspection?.era === 'single-word' &&
        inspection.overallEffectiveness !== undefined &&
        condition.grades.includes(inspection.overallEffectiveness)
        ? [`${label}: overall effectiveness ${OFSTED_GRADE_NAME[inspection.overallEffectiveness]}`]
        : [];
    case 'ofsted-key-judgement':
      return inspection?.era === 'key-judgements'
        ? inspection.keyJudgements
            .filter((k) => condition.grades.includes(k.grade))
            .map((k) => `${label}: ${k.area} ${OFSTED_GRADE_NAME[k.grade]}`)
        : [];
    case 'ofsted-key-judgements-all':
      return inspection?.era === 'key-judgements' &&
        inspection.keyJudgements.length > 0 &&
        inspection.keyJudgements.every((k) => condition.grades.includes(k.grade))
        ? [`${label}: every key judgement ${orList(condition.grades.map((g) => OFSTED_GRADE_NAME[g]))}`]
        : [];
    case 'ofsted-report-card': {
      if (inspection?.era !== 'report-card') return [];
      const areas = condition.areas?.map((a) => a.toLowerCase());
      return inspection.reportCard
        .filter((a) => condition.grades.includes(a.grade) && (!areas || areas.includes(a.area.toLowerCase())))
        .map((a) => `${label}: ${a.area.toLowerCase()} - ${a.grade}`);
    }
    case 'ofsted-report-card-all':
      return inspection?.era === 'report-card' &&
        inspection.reportCard.length > 0 &&
        inspection.safeguardingMet !== false &&
        inspection.reportCard.every((a) => condition.grades.includes(a.grade))
        ? [`${label}: every area ${orList(condition.grades)}`]
        : [];
    case 'ofsted-category-of-concern':
      return inspection?.categoryOfConcern ? [`${label}: ${inspection.categoryOfConcern}`] : [];
    case 'ofsted-safeguarding-failed':
      if (inspection?.safeguardingEffective === false) return [`${label}: safeguarding not effective`];
      if (inspection?.safeguardingMet === false) return [`${label}: safeguarding standards not met`];
      return [];
    case 'ofsted-ungraded-outcome':
      return ungraded?.ungradedOutcome && condition.outcomes.includes(ungraded.ungradedOutcome)
        ? [`${inspectionLabel(ungraded)}: ${ungraded.ungradedOutcome}`]
        : [];
    case 'no-inspection':
      // A school Ofsted lists, whose row could not be read, has been inspected: never "not inspected".
      return evidence.inspections.length > 0 || evidence.school.ofstedRowUnreadable
        ? []
        : ['no Ofsted inspection on record'];
    case 'intelligence': {
      const entries = evidence.intelligence.filter((i) => i.type === condition.type).sort(byDateDescending);
      return (condition.each ? entries : entries.slice(0, 1))
        .filter((i) => condition.statuses.includes(i.status))
        .filter(
          (i) =>
            condition.withinMonths === undefined ||
            (i.date <= asOf && monthsBetween(i.date, asOf) < condition.withinMonths),
        )
        .map((i) => INTELLIGENCE_PHRASE[i.type](formatDate(i.date)));
    }
    case 'statutory-flag':
      return statutoryFlags(evidence.inspections, evidence.intelligence)
        .filter((f) => condition.flags.includes(f.flag))
        .map((f) => `${f.flag}: ${f.evidence}`);
    case 'task-group-impact':
      return evidence.taskGroupReports
        .filter((r) => condition.impacts.includes(r.impact))
        .map((r) => `task-group report, ${r.term}: impact ${r.impact}`);
    case 'ks2-expected-standard-below': {
      const latest = series(performance, 'ks2', 'readingWritingMathsExpected').at(-1);
      const value = latest?.measures.readingWritingMathsExpected;
      return latest && value !== undefined && value < condition.percent
        ? [
            `key stage 2, ${latest.year}: ${value}% met the expected standard in reading, writing and maths, below ${condition.percent}%`,
          ]
        : [];
    }
    case 'ks2-expected-standard-declining': {
      const years = series(performance, 'ks2', 'readingWritingMathsExpected').slice(-condition.years);
      if (years.length < condition.years) return [];
      const values = years.map((p) => p.measures.readingWritingMathsExpected!);
      const fall = values[0]! - values.at(-1)!;
      return values.every((v, i) => i === 0 || v < values[i - 1]!) && fall >= condition.minFallPoints
        ? [
            `key stage 2 reading, writing and maths at the expected standard: ${years.map((p) => `${p.measures.readingWritingMathsExpected}% (${p.year})`).join(', ')}, down ${Number(fall.toFixed(1))} points in all (at least ${condition.minFallPoints})`,
          ]
        : [];
    }
    case 'ks2-progress-below': {
      const latest = performance
        .filter((p) => p.source === 'ks2')
        .sort(byYear)
        .at(-1);
      if (!latest) return [];
      const progress = (['readingProgress', 'writingProgress', 'mathsProgress'] as const).filter(
        (m) => latest.measures[m] !== undefined,
      );
      if (progress.length > 0) {
        return progress
          .filter((m) => latest.measures[m]! < condition.score)
          .map(
            (m) =>
              `key stage 2, ${latest.year}: ${m.replace('Progress', '')} progress ${latest.measures[m]}, below ${condition.score}`,
          );
      }
      const attainment = latest.measures.readingWritingMathsExpected;
      return condition.orExpectedStandardBelow !== undefined &&
        attainment !== undefined &&
        attainment < condition.orExpectedStandardBelow
        ? [
            `key stage 2, ${latest.year}: progress not published, so attainment is used instead: ${attainment}% met the expected standard, below ${condition.orExpectedStandardBelow}%`,
          ]
        : [];
    }
    case 'progress8-below': {
      const latest = performance
        .filter((p) => p.source === 'ks4')
        .sort(byYear)
        .at(-1);
      if (!latest) return [];
      const p8 = latest.measures.progress8;
      if (p8 !== undefined)
        return p8 < condition.score ? [`key stage 4, ${latest.year}: Progress 8 ${p8}, below ${condition.score}`] : [];
      const a8 = latest.measures.attainment8;
      return condition.orAttainment8Below !== undefined && a8 !== undefined && a8 < condition.orAttainment8Below
        ? [
            `key stage 4, ${latest.year}: Progress 8 not published, so attainment is used instead: Attainment 8 ${a8}, below ${condition.orAttainment8Below}`,
          ]
        : [];
    }
    case 'persistent-absence-above': {
      const latest = series(performance, 'attendance', 'persistentAbsence').at(-1);
      const value = latest?.measures.persistentAbsence;
      return latest && value !== undefined && value > condition.percent
        ? [`attendance, ${latest.year}: ${value}% of pupils persistently absent, above ${condition.percent}%`]
        : [];
    }
    case 'attendance-fell': {
      const [previous, latest] = series(performance, 'attendance', 'overallAbsence').slice(-2);
      if (!previous || !latest) return [];
      const fall = latest.measures.overallAbsence! - previous.measures.overallAbsence!;
      const attendance = (p: Performance) => (100 - p.measures.overallAbsence!).toFixed(1);
      return fall > condition.points
        ? [
            `attendance ${attendance(latest)}% in ${latest.year}, down ${fall.toFixed(1)} points from ${attendance(previous)}% in ${previous.year}`,
          ]
        : [];
    }
  }
}

/**
 * What Ofsted's file says of the school that intake could not read, as evidence that places it in no category: a
 * judgement of the inspection that judges it (or of its latest ungraded one) left out, or a row that could not be
 * used at all. The school is placed on the rest, and the reader is told what was left out.
 */
function unreadableInspections(evidence: SchoolEvidence, context: Context, best: Category): Reason[] {
  const reasons: Reason[] = [];
  for (const inspection of [context.inspection, context.ungraded]) {
    if (!inspection?.unreadable?.length) continue;
    reasons.push({
      category: best,
      rule: 'ofsted-unreadable',
      evidenceOnly: true,
      text: "Ofsted's file gives a judgement that could not be read: it is left out, and the school is placed on the rest of its evidence until the file is corrected",
      evidence: `${inspectionLabel(inspection)}: ${inspection.unreadable.map((u) => `${u.judgement} given as '${u.value}'`).join('; ')}`,
    });
  }
  if (evidence.school.ofstedRowUnreadable && evidence.inspections.length === 0) {
    reasons.push({
      category: best,
      rule: 'ofsted-unreadable',
      evidenceOnly: true,
      text: "Ofsted's file lists the school, but its row could not be read: the school is placed on its other evidence until the row is corrected",
      evidence: evidence.school.ofstedRowUnreadable,
    });
  }
  return reasons;
}

/** Categorises one school from its evidence. `asOf` is the first day of the term being assessed. */
export function categorise(
  evidence: SchoolEvidence,
  methodology: Methodology,
  asOf: string,
): { category: Category; reasons: Reason[] } {
  const counted = new Set(countedAcademicYears(asOf, methodology.performance.countedYears));
  const performance = evidence.performance ?? [];
  // A source's figures count while its newest year is counted; the years before it then serve its trends.
  const newest = new Map<string, string>();
  // Stryker disable next-line EqualityOperator: a year equal to the newest sets the same newest year
  for (const p of performance) if (p.year > (newest.get(p.source) ?? '')) newest.set(p.source, p.year);
  const recent = { ...evidence, performance: performance.filter((p) => counted.has(newest.get(p.source)!)) };
  const context: Context = {
    inspection: latestInspection(evidence.inspections),
    ungraded: latestUngraded(evidence.inspections),
    evidence: recent,
    asOf,
  };
  const best = methodology.categories[0]!.id;
  const reasons: Reason[] = [];
  const tooOld: Reason[] = [];
  for (const rule of methodology.rules) {
    if (rule.notFor?.phases.includes(evidence.school.phase)) continue;
    const found = evaluate(rule.when, context);
    reasons.push(
      ...found.map((text) => ({ category: rule.category, rule: rule.id, text: rule.reason, evidence: text })),
    );
    if (found.length > 0 || !PERFORMANCE_KINDS.has(rule.when.kind) || recent.performance.length === performance.length)
      continue;
    // Figures too old to count are shown as evidence, placing the school in no category worse than the best.
    const years = [...counted].sort().join(' and ');
    for (const text of evaluate(rule.when, { ...context, evidence })) {
      tooOld.push({
        category: best,
        rule: rule.id,
        evidenceOnly: true,
        text: `${rule.reason}, but the figures are too old to count (the methodology counts ${years})`,
        evidence: text,
      });
    }
  }
  if (reasons.length === 0)
    reasons.push({
      category: methodology.otherwise.category,
      rule: 'otherwise',
      text: methodology.otherwise.reason,
      evidence: 'no rule applied',
    });
  // Statutory flags are not reasons: the assessment carries them as flags (assessSchool), whether or not a rule uses
  // them.
  reasons.push(...tooOld, ...unreadableInspections(evidence, context, best));
  const category = worstCategory(
    methodology,
    reasons.map((r) => r.category),
  );
  reasons.sort((a, b) => severity(methodology, b.category) - severity(methodology, a.category));
  return { category, reasons };
}

/** The full assessment of a school for a term, compared with its previous category. */
export function assessSchool(
  evidence: SchoolEvidence,
  methodology: Methodology,
  term: string,
  asOf: string,
  previous: { category: Category; term: string } | undefined,
): Assessment {
  const { category, reasons } = categorise(evidence, methodology, asOf);
  const flags = statutoryFlags(evidence.inspections, evidence.intelligence);
  return {
    term,
    urn: evidence.school.urn,
    category,
    reasons,
    ...(flags.length > 0 ? { flags } : {}),
    // A category recorded under an earlier scheme is read as this methodology names it (its `mapsFrom`).
    previousCategory: previous ? inThisScheme(methodology, previous.category) : undefined,
    ...(previous && inThisScheme(methodology, previous.category) !== previous.category
      ? { previousCategoryAsRecorded: previous.category }
      : {}),
    previousTerm: previous?.term,
    changed: previous !== undefined && inThisScheme(methodology, previous.category) !== category,
    methodologyId: methodology.id,
  };
}

/** The reasons that decide the category (those of the category itself), for letters and reports. */
export function decidingReasons(assessment: Pick<Assessment, 'category' | 'reasons'>): Reason[] {
  return assessment.reasons.filter((r) => r.category === assessment.category && !r.evidenceOnly);
}

/**
 * Reasons as a person reads them: those with the same reading and the same source are put together,
 * e.g. "Ofsted found an area that needs attention (Ofsted report card, 9 Oct 2026: achievement - needs attention;
 * curriculum and teaching - needs attention)".
 */
export function groupReasons(reasons: readonly Reason[]): { text: string; evidence: string }[] {
  const groups: { text: string; source: string; details: string[] }[] = [];
  for (const reason of reasons) {
    const split = reason.evidence.indexOf(': ');
    // Stryker disable next-line EqualityOperator: evidence opening with ': ' reads the same either way (an empty source)
    const source = split > 0 ? reason.evidence.slice(0, split) : reason.evidence;
    const detail = split > 0 ? reason.evidence.slice(split + 2) : '';
    const group = groups.find(
      (g) => g.text === reason.text && g.source === source && detail !== '' && g.details.length > 0,
    );
    if (group) group.details.push(detail);
    else groups.push({ text: reason.text, source, details: detail ? [detail] : [] });
  }
  return groups.map((g) => ({
    text: g.text,
    evidence: g.details.length > 0 ? `${g.source}: ${g.details.join('; ')}` : g.source,
  }));
}

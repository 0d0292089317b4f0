/** Small builders for domain values in tests. */
import { fileURLToPath } from 'node:url';
import { loadMethodologyFile } from '../functions/adapters/methodology-file';
import type { Methodology } from '../functions/core/assessment/methodology';
import type { Letter } from '../functions/core/letters/letters';
import { type BrokeredSupport, type BrokeringInput, brokerSupport } from '../functions/core/support/brokering';
import type { Assessment, Category, Inspection, Intelligence, School, SystemLeader } from '../functions/core/types';

export function school(overrides: Partial<School> & { urn: string }): School {
  return {
    name: `School ${overrides.urn}`,
    laCode: '999',
    establishmentType: 'Community school',
    typeGroup: 'Local authority maintained schools',
    status: 'Open',
    open: true,
    phase: 'primary',
    district: 'Ashdown',
    consortium: 'Ashdown North Primary Consortium',
    isAcademy: false,
    ...overrides,
  };
}

export function singleWord(
  urn: string,
  overall: 1 | 2 | 3 | 4,
  startDate = '2019-03-14',
  extra: Partial<Inspection> = {},
): Inspection {
  return {
    urn,
    startDate,
    era: 'single-word',
    overallEffectiveness: overall,
    keyJudgements: [],
    reportCard: [],
    ...extra,
  };
}

export function keyJudgements(
  urn: string,
  grades: [1 | 2 | 3 | 4, 1 | 2 | 3 | 4, 1 | 2 | 3 | 4, 1 | 2 | 3 | 4],
  startDate = '2025-02-04',
  extra: Partial<Inspection> = {},
): Inspection {
  const areas = [
    'quality of education',
    'behaviour and attitudes',
    'personal development',
    'leadership and management',
  ];
  return {
    urn,
    startDate,
    era: 'key-judgements',
    keyJudgements: grades.map((grade, i) => ({ area: areas[i]!, grade })),
    reportCard: [],
    safeguardingEffective: true,
    ...extra,
  };
}

export function reportCard(
  urn: string,
  grades: Record<string, Inspection['reportCard'][number]['grade']>,
  startDate = '2026-02-03',
  extra: Partial<Inspection> = {},
): Inspection {
  return {
    urn,
    startDate,
    era: 'report-card',
    keyJudgements: [],
    reportCard: Object.entries(grades).map(([area, grade]) => ({ area, grade })),
    safeguardingMet: true,
    ...extra,
  };
}

export function ungraded(
  urn: string,
  outcome: NonNullable<Inspection['ungradedOutcome']>,
  startDate = '2023-06-14',
  extra: Partial<Inspection> = {},
): Inspection {
  return { urn, startDate, era: 'ungraded', keyJudgements: [], reportCard: [], ungradedOutcome: outcome, ...extra };
}

export function intel(urn: string, type: Intelligence['type'], date: string, status: string): Intelligence {
  return { urn, type, date, status, summary: '' };
}

export function leader(overrides: Partial<SystemLeader> & { id: string }): SystemLeader {
  return { name: overrides.id, designation: 'LLE', phases: ['primary'], specialisms: [], capacity: 2, ...overrides };
}

/** The methodology the stack deploys by default (methodologies/default.yaml). */
export const DEFAULT_METHODOLOGY = loadMethodologyFile(
  fileURLToPath(new URL('../methodologies/default.yaml', import.meta.url)),
);
export const COLOUR_METHODOLOGY = loadMethodologyFile(
  fileURLToPath(new URL('../methodologies/wales-support-colours.yaml', import.meta.url)),
);

/** Whether a key falls in a batch (functions/core/batches.ts). */
export { inBatch } from '../functions/core/batches';

/** A letter to a school's headteacher on its change from B to C in the autumn of 2026 (its keys name the change). */
export function aLetter(urn: string, fields: Partial<Letter> = {}): Letter {
  return {
    key: `2026-autumn#${urn}#B-C#headteacher#hash`,
    legacyKey: `2026-autumn#${urn}#B-C#headteacher`,
    term: '2026-autumn',
    urn,
    date: '2026-09-03',
    role: 'headteacher',
    to: { name: 'Head', email: 'head@school.example.org' },
    from: 'School improvement <si@authority.example.org>',
    replyTo: 'si@authority.example.org',
    subject: 'Your school',
    text: 'text',
    html: '<p>html</p>',
    ...fields,
  };
}

/** The authority a test's letters come from. */
export const AUTHORITY = {
  name: 'Ardenshire County Council',
  senderAddress: 'si@ardenshire.example',
  replyToAddress: 'team@ardenshire.example',
  contactName: 'School Improvement Team',
  contactPhone: '01632 960000',
};

/** A school's assessment as the brokering reads it: a school in A judged good or better by Ofsted, others with no reason. */
export const brokeringAssessment = (urn: string, category: Category, over: Partial<Assessment> = {}): Assessment => ({
  term: '2026-autumn',
  urn,
  category,
  reasons:
    category === 'A'
      ? [{ category: 'A', rule: 'ofsted-good-or-outstanding', text: 'Ofsted judged the school good', evidence: 'x' }]
      : [],
  changed: false,
  methodologyId: 'default-2026',
  ...over,
});

/** The brokering of the autumn of 2026 with the default methodology, but for what `over` gives. */
export const brokerAutumn = (
  schools: School[],
  assessments: Assessment[],
  systemLeaders: SystemLeader[] = [],
  previous: BrokeredSupport[] = [],
  over: Partial<BrokeringInput> = {},
) =>
  brokerSupport({
    term: '2026-autumn',
    schools,
    assessments,
    systemLeaders,
    methodology: DEFAULT_METHODOLOGY,
    previous,
    ...over,
  });

/** A school's support last term (the summer of 2026), in category C, with what `over` gives. */
export const lastTermSupport = (urn: string, over: Partial<BrokeredSupport>): BrokeredSupport => ({
  term: '2026-summer',
  urn,
  district: 'Ashdown',
  category: 'C',
  brokered: true,
  visitsThisTerm: 1,
  needsAnalysisMeeting: false,
  unmet: [],
  ...over,
});

/** The default methodology with one category's support changed, e.g. B brokered without visits. */
export const withSupport = (
  id: Category,
  support: Partial<Methodology['categories'][number]['support']>,
  methodology: Methodology = DEFAULT_METHODOLOGY,
): Methodology => ({
  ...methodology,
  categories: methodology.categories.map((c) => (c.id === id ? { ...c, support: { ...c.support, ...support } } : c)),
});

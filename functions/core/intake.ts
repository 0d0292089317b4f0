/**
 * The term's input files, as an authority holds them, read into the domain. Pure: bytes in, schools, evidence
 * and rejected rows out. Every file and column is documented in README "Inputs" and the templates/ folder.
 *
 * National files (the GIAS register and links, Ofsted's management information, DfE performance data) may
 * cover all of England: only this authority's rows are read, and other authorities' rows are not errors.
 * The LA's own sheets (contacts, intelligence, ...) are about its own schools: a URN that is not in its register
 * is rejected.
 */
import { z } from 'zod';
import {
  dateCell,
  emailCell,
  oneOfCell,
  optionalCell,
  optionalDateCell,
  optionalText,
  optionalUrnCell,
  optionalWholeNumberCell,
  requiredText,
  urnCell,
  wholeNumberCell,
} from './cells';
import { LETTER_RECIPIENT_ROLES } from './letters';
import { readRows, readSheet, type ReadOptions, type Row, type SheetResult, type SheetSpec } from './sheets';
import { isTermId } from './term';
import {
  CONTACT_ROLES,
  DESIGNATIONS,
  INTELLIGENCE_TYPES,
  REPORT_CARD_GRADES,
  TASK_GROUP_IMPACTS,
  type BaselineCategory,
  type CategoryOfConcern,
  type Contact,
  type Inspection,
  type Intelligence,
  type OfstedGrade,
  type Performance,
  type Phase,
  type RejectedRow,
  type School,
  type SystemLeader,
  type TaskGroupReport,
} from './types';

// ---------------------------------------------------------------- register (GIAS establishment extract)

/** Establishment type groups in the cycle: maintained schools and academies. Others are left out, not rejected. */
const STATE_FUNDED_GROUPS = new Set(['local authority maintained schools', 'academies', 'free schools', 'special schools']);
const OUT_OF_SCOPE_TYPES = /non-maintained special|independent|welsh|secure|service children/i;

interface RegisterRow {
  urn: string;
  laCode: string;
  name: string;
  establishmentType: string;
  typeGroup: string;
  status: string;
  phaseName: string;
  trustCode?: string;
  trustName?: string;
  pupils?: number;
  district: string;
  postcode?: string;
  openDate?: string;
  closeDate?: string;
}

export const registerSheet: SheetSpec<RegisterRow> = {
  name: 'register',
  title: 'School register (GIAS establishment extract)',
  columns: {
    urn: { header: 'URN', required: true, description: 'Unique reference number of the establishment', example: '125100' },
    laCode: { header: 'LA (code)', aliases: ['LA code', 'LACode'], required: true, description: "Three-digit local authority code; only the configured authority's rows are read", example: '999' },
    name: { header: 'EstablishmentName', aliases: ['Establishment name', 'School name', 'SchoolName'], required: true, description: 'The school\'s name, as used in letters and reports', example: 'Kenbury Primary School' },
    establishmentType: { header: 'TypeOfEstablishment (name)', aliases: ['Type of establishment', 'TypeOfEstablishment', 'Type of establishment (name)'], required: true, description: 'e.g. Community school, Academy converter, Free schools', example: 'Community school' },
    typeGroup: { header: 'EstablishmentTypeGroup (name)', aliases: ['Establishment type group', 'EstablishmentTypeGroup', 'Establishment type group (name)'], required: true, description: 'Local authority maintained schools, Academies, Free Schools or Special schools are in the cycle; other groups are left out', example: 'Local authority maintained schools' },
    status: { header: 'EstablishmentStatus (name)', aliases: ['Establishment status', 'EstablishmentStatus', 'Status'], required: true, description: 'Open (or Open, but proposed to close) schools are in the cycle; closed ones are left out', example: 'Open' },
    phaseName: { header: 'PhaseOfEducation (name)', aliases: ['Phase of education', 'PhaseOfEducation', 'Phase'], required: true, description: 'Primary, Secondary, All-through, Nursery, 16 plus, Middle deemed primary/secondary, Not applicable', example: 'Primary' },
    trustCode: { header: 'Trusts (code)', aliases: ['Trust code', 'Trusts code'], required: false, description: "The academy trust's code", example: '16001' },
    trustName: { header: 'Trusts (name)', aliases: ['Trust name', 'Trusts name'], required: false, description: "The academy trust's name", example: 'Arden Learning Trust' },
    pupils: { header: 'NumberOfPupils', aliases: ['Number of pupils'], required: false, description: 'Pupils on roll', example: '210' },
    district: { header: 'DistrictAdministrative (name)', aliases: ['District administrative', 'DistrictAdministrative', 'District'], required: true, description: 'The district, whose Area Analysis Group looks after the school', example: 'Ashdown' },
    postcode: { header: 'Postcode', required: false, description: 'Postcode', example: 'AR1 2AB' },
    openDate: { header: 'OpenDate', aliases: ['Open date'], required: false, description: 'Date the establishment opened', example: '01-09-1980' },
    closeDate: { header: 'CloseDate', aliases: ['Close date'], required: false, description: 'Date the establishment closed', example: '' },
  },
  row: z.object({
    urn: urnCell,
    laCode: z.string().regex(/^\d{3}$/, { message: 'a three-digit LA code' }),
    name: requiredText('an establishment name'),
    establishmentType: requiredText('an establishment type'),
    typeGroup: requiredText('an establishment type group'),
    status: requiredText('an establishment status'),
    phaseName: requiredText('a phase of education'),
    trustCode: optionalText,
    trustName: optionalText,
    pupils: optionalWholeNumberCell,
    district: requiredText('a district name'),
    postcode: optionalText,
    openDate: optionalDateCell,
    closeDate: optionalDateCell,
  }),
  unique: { key: (r) => r.urn, column: 'urn', expected: 'a URN listed only once' },
};

export function phaseOf(row: Pick<RegisterRow, 'phaseName' | 'typeGroup' | 'establishmentType'>): Phase {
  const type = row.establishmentType.toLowerCase();
  if (row.typeGroup.toLowerCase() === 'special schools' || type.includes('special')) return 'special';
  if (type.includes('pupil referral') || type.includes('alternative provision')) return 'alternative provision';
  const phase = row.phaseName.toLowerCase();
  if (phase === 'primary' || phase === 'middle deemed primary') return 'primary';
  if (phase === 'secondary' || phase === 'middle deemed secondary') return 'secondary';
  if (phase === 'all-through') return 'all-through';
  if (phase === 'nursery') return 'nursery';
  if (phase === '16 plus') return 'post-16';
  return 'primary';
}

// ---------------------------------------------------------------- GIAS links (academy conversions)

interface LinkRow {
  urn: string;
  linkUrn: string;
  linkType: string;
}

export const linksSheet: SheetSpec<LinkRow> = {
  name: 'links',
  title: 'Predecessor and successor links (GIAS links file)',
  columns: {
    urn: { header: 'URN', required: true, description: 'The establishment', example: '140250' },
    linkUrn: { header: 'LinkURN', aliases: ['Link URN'], required: true, description: 'The linked establishment', example: '125180' },
    linkName: { header: 'LinkName', aliases: ['Link name'], required: false, description: "The linked establishment's name", example: 'Millbrook Primary School' },
    linkType: { header: 'LinkType', aliases: ['Link type'], required: true, description: 'Predecessor or Successor (with GIAS\'s variants such as "Predecessor - amalgamated")', example: 'Predecessor' },
    linkDate: { header: 'LinkEstablishedDate', aliases: ['Link established date'], required: false, description: 'When the link was made', example: '01-04-2025' },
  },
  row: z.object({ urn: urnCell, linkUrn: urnCell, linkName: z.string(), linkType: requiredText('a link type such as Predecessor or Successor'), linkDate: optionalDateCell }),
};

// ---------------------------------------------------------------- consortia (LA sheet)

export const consortiaSheet: SheetSpec<{ urn: string; consortium: string; predecessorUrn?: string }> = {
  name: 'consortia',
  title: 'Consortia and networks (LA sheet)',
  columns: {
    urn: { header: 'URN', required: true, description: "The school's URN", example: '125100' },
    consortium: { header: 'Consortium', aliases: ['Consortium or network', 'Network'], required: true, description: 'The primary consortium, secondary network or special schools network it belongs to', example: 'Ashdown North Primary Consortium' },
    predecessorUrn: { header: 'Predecessor URN', aliases: ['Predecessor'], required: false, description: "For an academy that converted: the predecessor school's URN, whose inspections count until the academy is inspected (the GIAS links file does the same)", example: '' },
  },
  row: z.object({ urn: urnCell, consortium: requiredText('the name of a primary consortium or secondary network'), predecessorUrn: optionalUrnCell }),
  unique: { key: (r) => r.urn, column: 'urn', expected: 'a school listed once' },
};

// ---------------------------------------------------------------- Ofsted management information

const gradeCell = optionalCell(
  z
    .string()
    .trim()
    .refine((v) => ['1', '2', '3', '4', '9'].includes(v), { message: 'one of 1, 2, 3, 4, 9 (no judgement)' })
    .transform((v) => (v === '9' ? undefined : (Number(v) as OfstedGrade))),
);
/** "Safeguarding is effective?": Yes / No; 9 means not judged. */
const yesNoCell = optionalCell(oneOfCell(['Yes', 'No', '9'] as const, { y: 'Yes', n: 'No' }).transform((v) => (v === '9' ? undefined : v === 'Yes')));
const reportCardCell = optionalCell(oneOfCell(REPORT_CARD_GRADES));
const metCell = optionalCell(oneOfCell(['Met', 'Not met'] as const).transform((v) => v === 'Met'));
const concernCell = optionalCell(
  oneOfCell(['special measures', 'serious weaknesses', 'requires significant improvement', 'none'] as const, {
    sm: 'special measures',
    swk: 'serious weaknesses',
    sw: 'serious weaknesses',
    rsi: 'requires significant improvement',
    'no category of concern': 'none',
    'not applicable': 'none',
  }),
);

const KEY_JUDGEMENTS = {
  qualityOfEducation: 'quality of education',
  behaviourAndAttitudes: 'behaviour and attitudes',
  personalDevelopment: 'personal development',
  leadershipAndManagement: 'leadership and management',
} as const;

const REPORT_CARD_AREAS = {
  inclusion: 'Inclusion',
  curriculumAndTeaching: 'Curriculum and teaching',
  achievement: 'Achievement',
  attendanceAndBehaviour: 'Attendance and behaviour',
  personalDevelopmentAndWellbeing: 'Personal development and wellbeing',
  leadershipAndGovernance: 'Leadership and governance',
  earlyYears: 'Early years',
  post16: 'Post-16 provision',
} as const;
type AreaKey = keyof typeof REPORT_CARD_AREAS;

const areaColumns = Object.fromEntries(
  Object.entries(REPORT_CARD_AREAS).flatMap(([key, area]) => [
    [key, { header: area, aliases: [`${area} - grade`, `${area} grade`], required: false, description: `Report card: ${area.toLowerCase()} (exceptional, strong standard, expected standard, needs attention, urgent improvement)`, example: 'expected standard' }],
    [`${key}Date`, { header: `${area} - date of judgement`, aliases: [`${area} - date of grade`], required: false, date: true, description: `Report card: when ${area.toLowerCase()} was judged`, example: '' }],
  ]),
);

const inspectionRow = z
  .object({
    urn: urnCell,
    startDate: dateCell,
    publicationDate: optionalDateCell,
    overallEffectiveness: gradeCell,
    qualityOfEducation: gradeCell,
    behaviourAndAttitudes: gradeCell,
    personalDevelopment: gradeCell,
    leadershipAndManagement: gradeCell,
    safeguardingEffective: yesNoCell,
    categoryOfConcern: concernCell,
    safeguardingStandards: metCell,
    ...Object.fromEntries(Object.keys(REPORT_CARD_AREAS).flatMap((key) => [[key, reportCardCell], [`${key}Date`, optionalDateCell]])),
  })
  .transform((row, ctx): Inspection => {
    const cells = row as Record<string, unknown>;
    const reportCard = (Object.keys(REPORT_CARD_AREAS) as AreaKey[]).flatMap((key) => {
      const grade = cells[key] as Inspection['reportCard'][number]['grade'] | undefined;
      const date = cells[`${key}Date`] as string | undefined;
      return grade ? [{ area: REPORT_CARD_AREAS[key], grade, ...(date ? { date } : {}) }] : [];
    });
    const keyJudgements = Object.entries(KEY_JUDGEMENTS).flatMap(([key, area]) => {
      const grade = cells[key] as OfstedGrade | undefined;
      return grade ? [{ area, grade }] : [];
    });
    const concern = row.categoryOfConcern === 'none' ? undefined : (row.categoryOfConcern as CategoryOfConcern | undefined);
    const base = { urn: row.urn, startDate: row.startDate, publicationDate: row.publicationDate, categoryOfConcern: concern };
    if (reportCard.length > 0 || row.safeguardingStandards !== undefined) {
      return { ...base, era: 'report-card', keyJudgements: [], reportCard, safeguardingMet: row.safeguardingStandards };
    }
    if (row.overallEffectiveness !== undefined) {
      return { ...base, era: 'single-word', overallEffectiveness: row.overallEffectiveness, keyJudgements, reportCard: [], safeguardingEffective: row.safeguardingEffective };
    }
    if (keyJudgements.length > 0) {
      return { ...base, era: 'key-judgements', keyJudgements, reportCard: [], safeguardingEffective: row.safeguardingEffective };
    }
    ctx.addIssue({ code: 'custom', path: ['overallEffectiveness'], message: 'a grade: the row has no overall effectiveness, key judgement or report-card grade' });
    return z.NEVER;
  });

export const inspectionsSheet: SheetSpec<Inspection> = {
  name: 'ofsted-inspections',
  title: "Inspections (Ofsted's management information on state-funded schools)",
  columns: {
    urn: { header: 'URN', required: true, description: "The school's URN", example: '125100' },
    startDate: { header: 'Inspection start date', aliases: ['Inspection start date of latest OEIF graded inspection', 'Latest inspection start date', 'Date of latest inspection'], required: true, date: true, description: 'First day of the latest inspection', example: '14/03/2019' },
    publicationDate: { header: 'Publication date', aliases: ['Publication date of latest OEIF graded inspection', 'Latest publication date'], required: false, date: true, description: 'When the report was published', example: '20/04/2019' },
    overallEffectiveness: { header: 'Latest OEIF overall effectiveness', aliases: ['Overall effectiveness', 'Overall effectiveness at latest inspection'], required: false, description: 'Single-word judgement (to August 2024): 1 outstanding, 2 good, 3 requires improvement, 4 inadequate, 9 not judged', example: '2' },
    qualityOfEducation: { header: 'Latest OEIF quality of education', aliases: ['Quality of education'], required: false, description: 'Key judgement 1-4 (9 not judged)', example: '2' },
    behaviourAndAttitudes: { header: 'Latest OEIF behaviour and attitudes', aliases: ['Behaviour and attitudes'], required: false, description: 'Key judgement 1-4 (9 not judged)', example: '2' },
    personalDevelopment: { header: 'Latest OEIF personal development', aliases: ['Personal development'], required: false, description: 'Key judgement 1-4 (9 not judged)', example: '2' },
    leadershipAndManagement: { header: 'Latest OEIF effectiveness of leadership and management', aliases: ['Effectiveness of leadership and management', 'Leadership and management'], required: false, description: 'Key judgement 1-4 (9 not judged)', example: '2' },
    safeguardingEffective: { header: 'Latest OEIF safeguarding is effective?', aliases: ['Safeguarding is effective?', 'Safeguarding effective'], required: false, description: 'Yes or No (9 not judged)', example: 'Yes' },
    categoryOfConcern: { header: 'Category of concern', aliases: ['Most recent category of concern', 'Category of concern at latest inspection'], required: false, description: 'SM (special measures), SWK (serious weaknesses), RSI (requires significant improvement), or the words', example: '' },
    safeguardingStandards: { header: 'Safeguarding standards', aliases: ['Safeguarding standards - grade'], required: false, description: 'Report card: Met or Not met', example: '' },
    ...areaColumns,
  },
  row: inspectionRow as unknown as z.ZodType<Inspection, Record<string, string>>,
  unique: { key: (i) => i.urn, column: 'urn', expected: 'one row per school (the latest inspection)' },
};

// ---------------------------------------------------------------- DfE performance data

/** Suppression and not-applicable codes used in DfE and Explore Education Statistics files. */
const NOT_PUBLISHED = new Set(['', 'supp', 'ne', 'np', 'ns', 'na', 'n/a', 'low', 'lowcov', 'x', 'c', 'z', 'u', 'q', ':', '.', '..', 'dns', 'nep']);

const measureCell = z.string().transform((value, ctx): number | undefined => {
  const v = value.trim();
  if (NOT_PUBLISHED.has(v.toLowerCase())) return undefined;
  const match = /^(-?\d+(?:\.\d+)?)\s*%?$/.exec(v);
  if (!match) {
    ctx.addIssue({ code: 'custom', message: 'a number or percentage, or a suppression code (SUPP, NE, NP, LOW, NA, x, c, z)' });
    return z.NEVER;
  }
  return Number(match[1]);
});

type MeasureColumns = Record<string, { header: string; aliases: string[]; description: string; example: string }>;

function performanceSheet(name: string, title: string, source: Performance['source'], measures: MeasureColumns): SheetSpec<Performance> {
  const shape: Record<string, z.ZodType<unknown, string>> = { urn: urnCell, year: optionalText };
  for (const key of Object.keys(measures)) shape[key] = measureCell;
  return {
    name,
    title,
    columns: {
      urn: { header: 'URN', aliases: ['school_urn', 'urn'], required: true, description: "The school's URN; rows without one (local authority and national averages) are passed over", example: '125100' },
      year: { header: 'Year', aliases: ['time_period', 'Academic year', 'academic_year'], required: false, description: 'The academic year of the results, e.g. 2024/25 or 202425', example: '2024/25' },
      ...Object.fromEntries(Object.entries(measures).map(([key, m]) => [key, { header: m.header, aliases: m.aliases, required: false, description: m.description, example: m.example }])),
    },
    row: z.object(shape).transform((row) => {
      const values = row as Record<string, unknown>;
      const found: Record<string, number> = {};
      for (const key of Object.keys(measures)) if (typeof values[key] === 'number') found[key] = values[key] as number;
      return { urn: String(values.urn), source, year: values.year as string | undefined, measures: found };
    }) as unknown as z.ZodType<Performance, Record<string, string>>,
    unique: { key: (p) => `${p.urn}#${p.year ?? ''}`, column: 'urn', expected: 'one row per school and year' },
  };
}

export const ks2Sheet = performanceSheet('ks2-performance', 'Key stage 2 results (DfE performance tables)', 'ks2', {
  readingWritingMathsExpected: { header: 'PTRWM_EXP', aliases: ['pt_rwm_met_expected_standard'], description: 'Pupils meeting the expected standard in reading, writing and maths (%)', example: '61%' },
  readingWritingMathsExpectedDisadvantaged: { header: 'PTRWM_EXP_FSM6CLA1A', aliases: ['pt_rwm_met_expected_standard_disadvantaged'], description: 'The same, disadvantaged pupils (%)', example: '44%' },
  readingProgress: { header: 'READPROG', aliases: ['read_progress', 'reading_progress'], description: 'Reading progress score (not published for 2023/24 and 2024/25)', example: '0.4' },
  writingProgress: { header: 'WRITPROG', aliases: ['writ_progress', 'writing_progress'], description: 'Writing progress score', example: '-0.2' },
  mathsProgress: { header: 'MATPROG', aliases: ['mat_progress', 'maths_progress'], description: 'Maths progress score', example: '1.1' },
});

export const ks4Sheet = performanceSheet('ks4-performance', 'Key stage 4 results (DfE performance tables)', 'ks4', {
  attainment8: { header: 'ATT8SCR', aliases: ['attainment8_average'], description: 'Average Attainment 8 score', example: '46.2' },
  progress8: { header: 'P8MEA', aliases: ['progress8_average'], description: 'Progress 8 score (not published for 2024/25 and 2025/26)', example: '-0.12' },
  attainment8Disadvantaged: { header: 'ATT8SCR_FSM6CLA1A', aliases: ['attainment8_average_disadvantaged'], description: 'Average Attainment 8, disadvantaged pupils', example: '35.0' },
  progress8Disadvantaged: { header: 'P8MEA_FSM6CLA1A', aliases: ['progress8_average_disadvantaged'], description: 'Progress 8, disadvantaged pupils', example: '-0.6' },
  englishMaths94: { header: 'PTL2BASICS_94', aliases: ['pt_l2basics_94'], description: 'Pupils with grade 4 or above in English and maths (%)', example: '64%' },
});

export const attendanceSheet = performanceSheet('attendance', 'Attendance and absence (DfE / Explore Education Statistics)', 'attendance', {
  overallAbsence: { header: 'sess_overall_percent', aliases: ['Overall absence rate', 'overall_absence_percent'], description: 'Overall absence: sessions missed (%)', example: '6.1' },
  persistentAbsence: { header: 'enrolments_pa_10_exact_percent', aliases: ['Persistent absence rate', 'persistent_absence_percent'], description: 'Pupils missing 10% or more of sessions (%)', example: '15.3' },
});

// ---------------------------------------------------------------- the LA's own sheets

export const intelligenceSheet: SheetSpec<Intelligence> = {
  name: 'intelligence',
  title: "The LA's intelligence (LA sheet)",
  columns: {
    urn: { header: 'URN', required: true, description: "The school's URN", example: '125100' },
    type: { header: 'Type', required: true, description: `One of: ${INTELLIGENCE_TYPES.join(', ')}`, example: 'new headteacher' },
    date: { header: 'Date', required: true, date: true, description: 'Since when (a headteacher), when raised (a concern), when issued or withdrawn (a warning notice)', example: '01/09/2026' },
    status: { header: 'Status', required: true, description: 'open or closed; issued or withdrawn for a warning notice; concern or no concern for a trust\'s view', example: 'open' },
    summary: { header: 'Summary', aliases: ['Notes'], required: false, description: 'A short note for officers (not sent to schools)', example: 'Substantive headteacher appointed' },
  },
  row: z.object({
    urn: urnCell,
    type: oneOfCell(INTELLIGENCE_TYPES, { 'new head': 'new headteacher', 'interim head': 'interim headteacher', 'staffing issue': 'staffing', 'temporary staffing': 'staffing', 'schools causing concern': 'concern', 'formal warning notice': 'warning notice' }),
    date: dateCell,
    status: oneOfCell(['open', 'closed', 'issued', 'withdrawn', 'concern', 'no concern'] as const),
    summary: z.string(),
  }),
};

export const contactsSheet: SheetSpec<Contact> = {
  name: 'contacts',
  title: 'Contacts (LA sheet)',
  columns: {
    urn: { header: 'URN', required: true, description: "The school's URN", example: '125100' },
    role: { header: 'Role', required: true, description: 'Headteacher, Chair of governors or Trust board chair', example: 'Headteacher' },
    name: { header: 'Name', required: true, description: 'As the letter should address them', example: 'Zoë Morgan' },
    email: { header: 'Email', aliases: ['Email address', 'E-mail'], required: true, description: 'Where the letter goes', example: 'head@kenbury.ardenshire.sch.example' },
  },
  row: z.object({
    urn: urnCell,
    role: oneOfCell(CONTACT_ROLES, { head: 'headteacher', 'head teacher': 'headteacher', 'executive headteacher': 'headteacher', chair: 'chair of governors', 'chair of trustees': 'trust board chair', 'chair of the trust board': 'trust board chair' }),
    name: requiredText('a name'),
    email: emailCell,
  }),
  unique: { key: (c) => `${c.urn}#${c.role}`, column: 'role', expected: 'one contact for each role at a school' },
};

export const systemLeadersSheet: SheetSpec<SystemLeader> = {
  name: 'system-leaders',
  title: 'System leaders and LIOs (LA sheet)',
  columns: {
    name: { header: 'Name', required: true, description: "The leader's name", example: 'Amelia Ward' },
    designation: { header: 'Designation', required: true, description: 'NLE, LLE, SLE or LIO (Learning Improvement Officer)', example: 'NLE' },
    homeSchoolUrn: { header: 'Home school URN', required: false, description: 'The school the leader works in (blank for an LIO)', example: '140200' },
    phases: { header: 'Phases', required: true, description: 'Phases the leader can support, separated by ";": primary, secondary, special, all-through, nursery, post-16, alternative provision', example: 'primary; special' },
    specialisms: { header: 'Specialisms', required: false, description: 'Separated by ";"', example: 'Leadership; Maths' },
    capacity: { header: 'Capacity', required: true, description: 'How many schools the leader can support this term', example: '2' },
  },
  row: z
    .object({
      name: requiredText('a name'),
      designation: oneOfCell(DESIGNATIONS),
      homeSchoolUrn: optionalUrnCell,
      phases: z.string().transform((value, ctx) => {
        const allowed: Phase[] = ['nursery', 'primary', 'secondary', 'all-through', 'special', 'alternative provision', 'post-16'];
        const phases = value.split(/[;|]/).map((p) => p.trim().toLowerCase()).filter(Boolean);
        if (phases.length === 0 || phases.some((p) => !allowed.includes(p as Phase))) {
          ctx.addIssue({ code: 'custom', message: `a list of phases separated by ';' from ${allowed.join(', ')}` });
          return z.NEVER;
        }
        return phases as Phase[];
      }),
      specialisms: z.string().transform((value) => value.split(/[;|]/).map((s) => s.trim()).filter(Boolean)),
      capacity: wholeNumberCell('a whole number of schools the leader can support this term'),
    })
    .transform((row) => ({ ...row, id: `${row.designation}:${row.name}:${row.homeSchoolUrn ?? 'LA'}`.toLowerCase().replace(/\s+/g, '-') })),
  unique: { key: (l) => l.id, column: 'name', expected: 'a leader listed once' },
};

export const taskGroupReportsSheet: SheetSpec<TaskGroupReport> = {
  name: 'task-group-reports',
  title: "Last term's task-group reports (LA sheet)",
  columns: {
    urn: { header: 'URN', required: true, description: 'The supported school', example: '125100' },
    term: { header: 'Term', required: true, description: 'The term the report covers, e.g. 2026-autumn', example: '2026-autumn' },
    impact: { header: 'Impact', required: true, description: 'strong, adequate or insufficient', example: 'adequate' },
    summary: { header: 'Summary', required: false, description: 'What the task group found', example: 'Improvement plan on track' },
  },
  row: z.object({
    urn: urnCell,
    term: z.string().refine(isTermId, { message: 'a term such as 2026-autumn' }),
    impact: oneOfCell(TASK_GROUP_IMPACTS),
    summary: z.string(),
  }),
  unique: { key: (r) => `${r.urn}#${r.term}`, column: 'urn', expected: 'one report per school and term' },
};

export const previousCategoriesSheet: SheetSpec<BaselineCategory> = {
  name: 'previous-categories',
  title: "Previous categories: the baseline from the LA's old spreadsheet (LA sheet, first term only)",
  columns: {
    urn: { header: 'URN', required: true, description: "The school's URN", example: '125100' },
    category: { header: 'Category', required: true, description: "One of the methodology's categories (A, B, C or D in the default)", example: 'B' },
  },
  row: z.object({ urn: urnCell, category: requiredText('a category').pipe(z.string().max(20, { message: 'a category of at most 20 characters' })) }),
  unique: { key: (b) => b.urn, column: 'urn', expected: 'a school listed once' },
};

/** Every input, in the order they are read. */
export const SHEETS = [
  registerSheet,
  linksSheet,
  consortiaSheet,
  inspectionsSheet,
  ks2Sheet,
  ks4Sheet,
  attendanceSheet,
  intelligenceSheet,
  contactsSheet,
  systemLeadersSheet,
  taskGroupReportsSheet,
  previousCategoriesSheet,
] as const;

/** Sheets an LA keeps itself: templates for these ship in templates/. */
export const LA_SHEETS = [consortiaSheet, intelligenceSheet, contactsSheet, systemLeadersSheet, taskGroupReportsSheet, previousCategoriesSheet] as const;

/** Files without which the cycle cannot run at all. */
export const REQUIRED_SHEETS = [registerSheet, contactsSheet] as const;

// ---------------------------------------------------------------- the whole term

export interface TermIntake {
  schools: School[];
  inspections: Inspection[];
  performance: Performance[];
  intelligence: Intelligence[];
  contacts: Contact[];
  systemLeaders: SystemLeader[];
  taskGroupReports: TaskGroupReport[];
  baseline: BaselineCategory[];
  rejected: RejectedRow[];
  /** For each file read: its name and the rows considered (a national file: this authority's rows only). */
  files: { sheet: string; file: string; rows: number; skipped: number; rejectedRows: number }[];
  /** Register rows for the authority left out of the cycle: closed, or not a maintained school or academy. */
  leftOut: number;
  /** Schools in the cycle without a headteacher or chair of governors contact (or trust chair, for an academy). */
  missingContacts: { urn: string; role: string }[];
  /** Academies whose predecessor's inspections stand until they are inspected themselves. */
  inherited: { urn: string; predecessorUrn: string }[];
}

export class IntakeHalted extends Error {
  override readonly name = 'IntakeHalted';
}

export interface IntakeOptions {
  readonly laCode: string;
  /** Dates after this (ISO) are rejected as in the future: the later of the run's date and the start of term. */
  readonly notAfter?: string;
  /** The methodology's categories, which the baseline must use. */
  readonly categories?: readonly string[];
}

function openStatus(status: string): boolean {
  return /^open/i.test(status.trim());
}

/** The file for a sheet: `<name>.csv` or `<name>.xlsx`. Both at once is a mistake the officer must resolve. */
export function fileFor(spec: { name: string }, names: Iterable<string>): string | undefined {
  const matches = [...names].filter((n) => n.toLowerCase() === `${spec.name}.csv` || n.toLowerCase() === `${spec.name}.xlsx`);
  if (matches.length > 1) throw new IntakeHalted(`both ${matches.join(' and ')} are present: keep one of them`);
  return matches[0];
}

/**
 * Reads a term's files. `files` maps file names to their bytes; a missing optional file is simply empty.
 * Throws IntakeHalted when the register or the contacts are missing or unreadable: the cycle must not go on.
 */
export function readTermIntake(files: ReadonlyMap<string, Uint8Array>, options: IntakeOptions): TermIntake {
  const { laCode, notAfter } = options;
  for (const spec of REQUIRED_SHEETS) {
    if (!fileFor(spec, files.keys())) throw new IntakeHalted(`${spec.name}.csv (or .xlsx) is missing: the cycle cannot run without it`);
  }
  const rejected: RejectedRow[] = [];
  const fileSummaries: TermIntake['files'] = [];
  const read = <T>(spec: SheetSpec<T>, readOptions: ReadOptions = {}, required = false): SheetResult<T> => {
    const file = fileFor(spec, files.keys());
    if (!file) return { accepted: [], rejected: [], rows: 0, skipped: 0 };
    let rows: Iterable<Row>;
    try {
      rows = readRows(file, files.get(file)!);
    } catch (error) {
      if (required) throw new IntakeHalted((error as Error).message);
      rejected.push({ file, row: 1, column: '(file)', value: file, expected: `a readable file: ${(error as Error).message}` });
      fileSummaries.push({ sheet: spec.name, file, rows: 0, skipped: 0, rejectedRows: 1 });
      return { accepted: [], rejected: [], rows: 0, skipped: 0 };
    }
    const result = readSheet(spec, file, rows, { notAfter, ...readOptions });
    if (required && result.rejected.some((r) => r.expected.startsWith('a column named'))) {
      throw new IntakeHalted(`${file} cannot be read: ${result.rejected.map((r) => r.expected).join('; ')}`);
    }
    rejected.push(...result.rejected);
    fileSummaries.push({ sheet: spec.name, file, rows: result.rows, skipped: result.skipped, rejectedRows: new Set(result.rejected.map((r) => r.row)).size });
    return result;
  };
  const summaryOf = (spec: { name: string }) => fileSummaries.find((f) => f.sheet === spec.name);

  // The register may be the whole of England: keep only this authority's rows before validating.
  const register = read(registerSheet, { keep: (cells) => cells.laCode === laCode }, true);
  const inRegister = new Set(register.accepted.map((r) => r.value.urn));
  const consortia = read(consortiaSheet);
  const consortiumOf = new Map(consortia.accepted.map(({ value }) => [value.urn, value.consortium]));

  const schools: School[] = [];
  let leftOut = 0;
  for (const { value: row } of register.accepted) {
    const inScope = STATE_FUNDED_GROUPS.has(row.typeGroup.toLowerCase()) && !OUT_OF_SCOPE_TYPES.test(row.establishmentType);
    if (!inScope || !openStatus(row.status)) {
      leftOut++;
      continue;
    }
    const isAcademy = /academ|free school/i.test(row.typeGroup) || /academ|free school/i.test(row.establishmentType);
    schools.push({
      urn: row.urn,
      name: row.name,
      laCode: row.laCode,
      establishmentType: row.establishmentType,
      typeGroup: row.typeGroup,
      status: row.status,
      open: true,
      phase: phaseOf(row),
      district: row.district,
      consortium: consortiumOf.get(row.urn),
      isAcademy,
      trustCode: row.trustCode,
      trustName: row.trustName,
      pupils: row.pupils,
      postcode: row.postcode,
      openDate: row.openDate,
      closeDate: row.closeDate,
    });
  }
  const inCycle = new Set(schools.map((s) => s.urn));

  // Academy conversions: a successor in the cycle takes its predecessor's inspections until inspected itself.
  const predecessorOf = new Map<string, string>();
  for (const { value } of consortia.accepted) if (value.predecessorUrn && inCycle.has(value.urn)) predecessorOf.set(value.urn, value.predecessorUrn);
  const links = read(linksSheet, { keep: (cells) => inCycle.has(cells.urn ?? '') || inCycle.has(cells.linkUrn ?? '') });
  for (const { value } of links.accepted) {
    const type = value.linkType.toLowerCase();
    if (type.startsWith('predecessor') && inCycle.has(value.urn) && !predecessorOf.has(value.urn)) predecessorOf.set(value.urn, value.linkUrn);
    if (type.startsWith('successor') && inCycle.has(value.linkUrn) && !predecessorOf.has(value.linkUrn)) predecessorOf.set(value.linkUrn, value.urn);
  }
  const chainOf = (urn: string): string[] => {
    const chain: string[] = [];
    for (let at = predecessorOf.get(urn); at && chain.length < 5 && !chain.includes(at) && at !== urn; at = predecessorOf.get(at)) chain.push(at);
    return chain;
  };
  const predecessors = new Set(schools.flatMap((s) => chainOf(s.urn)));

  /** Evidence must be about a school in this authority's register; rows for other schools are rejected by name. */
  const forRegisteredSchools = <T extends { urn: string }>(result: SheetResult<T>, spec: SheetSpec<T>): T[] =>
    result.accepted.flatMap(({ line, value }) => {
      if (inRegister.has(value.urn)) return inCycle.has(value.urn) ? [value] : [];
      const file = summaryOf(spec)!;
      rejected.push({ file: file.file, row: line, column: spec.columns.urn?.header ?? 'URN', value: value.urn, expected: `a URN in ${summaryOf(registerSheet)?.file ?? 'the register'} for LA ${laCode}` });
      file.rejectedRows++;
      return [];
    });
  const ours = (cells: Record<string, string>) => inCycle.has(cells.urn ?? '') || predecessors.has(cells.urn ?? '');

  const allInspections = read(inspectionsSheet, { keep: ours }).accepted.map(({ value }) => value);
  const inspections = allInspections.filter((i) => inCycle.has(i.urn));
  const inherited: TermIntake['inherited'] = [];
  for (const school of schools) {
    if (inspections.some((i) => i.urn === school.urn)) continue;
    for (const predecessorUrn of chainOf(school.urn)) {
      const theirs = allInspections.filter((i) => i.urn === predecessorUrn);
      if (theirs.length === 0) continue;
      inspections.push(...theirs.map((i) => ({ ...i, urn: school.urn, inheritedFromUrn: predecessorUrn })));
      inherited.push({ urn: school.urn, predecessorUrn });
      break;
    }
  }
  const performance = [ks2Sheet, ks4Sheet, attendanceSheet].flatMap((spec) => read(spec, { keep: (cells) => inCycle.has(cells.urn ?? '') }).accepted.map(({ value }) => value));
  const intelligence = forRegisteredSchools(read(intelligenceSheet), intelligenceSheet);
  const contacts = forRegisteredSchools(read(contactsSheet, {}, true), contactsSheet);
  const taskGroupReports = forRegisteredSchools(read(taskGroupReportsSheet), taskGroupReportsSheet);
  const baselineRead = read(previousCategoriesSheet);
  const categories = options.categories;
  if (categories) {
    const unknown = baselineRead.accepted.filter(({ value }) => !categories.includes(value.category));
    for (const { line, value } of unknown) {
      rejected.push({ file: summaryOf(previousCategoriesSheet)!.file, row: line, column: 'Category', value: value.category, expected: `one of ${categories.join(', ')}` });
      summaryOf(previousCategoriesSheet)!.rejectedRows++;
    }
    baselineRead.accepted.splice(0, baselineRead.accepted.length, ...baselineRead.accepted.filter(({ value }) => categories.includes(value.category)));
  }
  const baseline = forRegisteredSchools(baselineRead, previousCategoriesSheet);
  const systemLeaders = read(systemLeadersSheet).accepted.map(({ value }) => value);

  const missingContacts: TermIntake['missingContacts'] = [];
  for (const school of schools) {
    for (const role of LETTER_RECIPIENT_ROLES(school)) if (!contacts.some((c) => c.urn === school.urn && c.role === role)) missingContacts.push({ urn: school.urn, role });
  }

  rejected.sort((a, b) => (a.file === b.file ? a.row - b.row : a.file < b.file ? -1 : 1));
  return { schools, inspections, performance, intelligence, contacts, systemLeaders, taskGroupReports, baseline, rejected, files: fileSummaries, leftOut, missingContacts, inherited };
}

/**
 * Why the cycle must not go on with these files, if it must not: more than `maxRejectedShare` of a file's rows
 * were rejected. The cycle then stops before any category is changed or any letter sent.
 */
export function haltReason(intake: TermIntake, maxRejectedShare: number): string | undefined {
  const problems = intake.files
    .filter((f) => f.rows > 0 && f.rejectedRows / f.rows > maxRejectedShare)
    .map((f) => `${f.file}: ${f.rejectedRows} of ${f.rows} rows (${Math.round((100 * f.rejectedRows) / f.rows)}%) were rejected, more than the ${Math.round(maxRejectedShare * 100)}% allowed`);
  return problems.length > 0 ? `${problems.join('; ')}. Fix the file (rejected.csv lists every problem) and run the term again.` : undefined;
}

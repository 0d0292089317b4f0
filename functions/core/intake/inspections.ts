/**
 * Ofsted's management information on state-funded schools ("latest inspections as at <date>"), in each layout
 * Ofsted has published it. One row is one school and carries up to three inspections, each read as its own
 * inspection with its own date and era; no column of one ever stands in for another's:
 *
 * - the report-card layout (publications from November 2025): the latest report-card inspection (`Inspection
 *   start date`, `Category of concern`, `Safeguarding standards` and the evaluation areas), the latest graded
 *   inspection under the previous framework (`... of latest OEIF graded inspection`, `Latest OEIF ...`), and
 *   the latest ungraded inspection;
 * - the graded-inspection layout (publications to October 2025): the latest graded inspection (`Inspection start
 *   date`, `Overall effectiveness`, the key judgements) and the latest ungraded inspection.
 *
 * `NULL` is an empty cell. Which layout a file is in is decided from its header row, and said in the intake report.
 */
import { z } from 'zod';
import { oneOfCell, optionalCell, optionalDateCell, optionalText, optionalUrnCell, urnCell } from '../cells';
import { normaliseHeader } from '../csv';
import type { ColumnSpec, SheetSpec } from '../sheets';
import {
  type CategoryOfConcern,
  type Inspection,
  type OfstedGrade,
  REPORT_CARD_GRADES,
  type ReportCardGrade,
  UNGRADED_OUTCOMES,
} from '../types';

/** A school's row of Ofsted's file: its inspections, none to three. */
export interface SchoolInspections {
  urn: string;
  inspections: Inspection[];
  /** The LA code Ofsted gives the school (the first three digits of its LAESTAB), where the file has the column. */
  laCode?: string;
  /** The school's name as Ofsted gives it, where the file has the column. */
  name?: string;
  /** Judgements the row gives that intake could not read, by column key: each left out of its inspection and said. */
  cellProblems: { column: string; value: string; expected: string }[];
}

export type OfstedLayoutId = 'report-card' | 'graded';

export interface OfstedLayout {
  readonly id: OfstedLayoutId;
  /** How the intake report names it. */
  readonly description: string;
  readonly spec: SheetSpec<SchoolInspections>;
}

// ---------------------------------------------------------------- cells

const gradeCell = optionalCell(
  z
    .string()
    .trim()
    .refine((v) => ['1', '2', '3', '4', '9', 'not judged'].includes(v.toLowerCase()), {
      message: 'one of 1, 2, 3, 4, 9 or Not judged',
    })
    .transform((v) => (['9', 'not judged'].includes(v.toLowerCase()) ? undefined : (Number(v) as OfstedGrade))),
);
/** "Safeguarding is effective?": Yes / No; 9 means not judged. */
const yesNoCell = optionalCell(
  oneOfCell(['Yes', 'No', '9'] as const, { y: 'Yes', n: 'No' }).transform((v) => (v === '9' ? undefined : v === 'Yes')),
);
/** A report-card area: one of the five grades, or Ofsted's `Not applicable` for an area the school does not have. */
const reportCardCell = optionalCell(
  oneOfCell([...REPORT_CARD_GRADES, 'not applicable'] as const).transform((v) =>
    v === 'not applicable' ? undefined : v,
  ),
);
const metCell = optionalCell(oneOfCell(['Met', 'Not met'] as const).transform((v) => v === 'Met'));
const concernCell = optionalCell(
  oneOfCell(['special measures', 'serious weaknesses', 'requires significant improvement', 'none'] as const, {
    sm: 'special measures',
    swk: 'serious weaknesses',
    sw: 'serious weaknesses',
    rsi: 'requires significant improvement',
    'no category of concern': 'none',
    'not applicable': 'none',
  }).transform((v) => (v === 'none' ? undefined : (v as CategoryOfConcern))),
);
const relatesCell = optionalCell(oneOfCell(['Yes', 'No'] as const));
const outcomeCell = optionalCell(oneOfCell(UNGRADED_OUTCOMES));

const column = (header: string, description: string, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  header,
  required: false,
  description,
  ...extra,
});

/**
 * A judgement's value that is not one intake knows: that judgement's problem alone, said, and left out of its
 * inspection.
 */
class Unreadable {
  constructor(
    readonly value: string,
    readonly expected: string,
  ) {}
}

/** A judgement's cell: its value, or an Unreadable that keeps the rest of the row (see readInspections). */
function judgement<T>(inner: z.ZodType<T, string>): z.ZodType<T | Unreadable, string> {
  return z.string().transform((value) => {
    const parsed = inner.safeParse(value);
    return parsed.success ? parsed.data : new Unreadable(value, parsed.error.issues.map((i) => i.message).join('; '));
  });
}

// ---------------------------------------------------------------- the inspections in a row

const REPORT_CARD_AREAS = [
  { key: 'inclusion', area: 'Inclusion' },
  { key: 'curriculumAndTeaching', area: 'Curriculum and teaching' },
  { key: 'achievement', area: 'Achievement' },
  { key: 'attendanceAndBehaviour', area: 'Attendance and behaviour' },
  { key: 'personalDevelopmentAndWellbeing', area: 'Personal development and wellbeing' },
  { key: 'leadershipAndGovernance', area: 'Leadership and governance' },
  { key: 'earlyYears', area: 'Early years', published: 'Early years (where applicable)' },
  { key: 'post16', area: 'Post-16 provision', published: 'Post-16 provision (where applicable)' },
] as const;

/** The key judgements of a graded inspection: the prefix-free name each is known by, and its area. */
const KEY_JUDGEMENTS = [
  { key: 'qualityOfEducation', header: 'Quality of education', area: 'quality of education' },
  { key: 'behaviourAndAttitudes', header: 'Behaviour and attitudes', area: 'behaviour and attitudes' },
  { key: 'personalDevelopment', header: 'Personal development', area: 'personal development' },
  {
    key: 'leadershipAndManagement',
    header: 'Effectiveness of leadership and management',
    area: 'leadership and management',
  },
  { key: 'earlyYearsProvision', header: 'Early years provision (where applicable)', area: 'early years provision' },
  { key: 'sixthFormProvision', header: 'Sixth form provision (where applicable)', area: 'sixth form provision' },
] as const;

const reportCardColumns: Record<string, ColumnSpec> = {
  rcStartDate: column('Inspection start date', 'Report card: first day of the latest report-card inspection', {
    date: true,
    example: '06/01/2026',
  }),
  rcPublicationDate: column('Publication date', 'Report card: when the report was published', { date: true }),
  rcType: column('Inspection type', 'Report card: the kind of inspection'),
  rcRelates: column(
    'Does the latest full inspection relate to the URN of the current school?',
    'Report card: No when the inspection was of a predecessor school',
  ),
  rcUrnAtTime: column('URN at time of latest full inspection', 'Report card: the URN inspected'),
  rcNameAtTime: column('School name at time of latest full inspection', 'Report card: the school inspected'),
  rcConcern: column('Category of concern', 'Report card: requires significant improvement or special measures'),
  safeguardingStandards: column('Safeguarding standards', 'Report card: Met or Not met', {
    aliases: ['Safeguarding standards - grade'],
  }),
  ...Object.fromEntries(
    REPORT_CARD_AREAS.flatMap((a) => [
      [
        a.key,
        column(
          'published' in a ? a.published : a.area,
          `Report card: ${a.area.toLowerCase()} (exceptional, strong standard, expected standard, needs attention, urgent improvement, or Not applicable)`,
          { aliases: ['published' in a ? a.area : `${a.area} (where applicable)`, `${a.area} - grade`] },
        ),
      ],
      [
        `${a.key}Date`,
        column(`${a.area} - date of judgement`, `Report card: when ${a.area.toLowerCase()} was graded`, {
          aliases: [`${a.area} - date of grade`],
          date: true,
        }),
      ],
    ]),
  ),
};

/** The latest graded inspection, under the columns each layout gives it. */
function gradedColumns(layout: OfstedLayoutId): Record<string, ColumnSpec> {
  const oeif = layout === 'report-card';
  const of = (plain: string, suffixed: string) => (oeif ? suffixed : plain);
  const description = (what: string) => `Latest graded inspection: ${what}`;
  return {
    gStartDate: column(
      of('Inspection start date', 'Inspection start date of latest OEIF graded inspection'),
      description('its first day'),
      { date: true, example: '14/03/2019' },
    ),
    gPublicationDate: column(
      of('Publication date', 'Publication date of latest OEIF graded inspection'),
      description('when the report was published'),
      { date: true },
    ),
    gType: column(
      of('Inspection type', 'Inspection type of latest OEIF graded inspection'),
      description('the kind of inspection'),
    ),
    gRelates: column(
      of(
        'Does the latest full inspection relate to the URN of the current school?',
        'Does the latest OEIF graded inspection relate to the URN of the current school?',
      ),
      description('No when it was of a predecessor school'),
    ),
    gUrnAtTime: column(
      of('URN at time of latest full inspection', 'URN at time of latest OEIF graded inspection'),
      description('the URN inspected'),
    ),
    gNameAtTime: column(
      of('School name at time of latest full inspection', 'School name at time of latest OEIF graded inspection'),
      description('the school inspected'),
    ),
    gConcern: column(
      of('Category of concern', 'Latest OEIF category of concern'),
      description('SM (special measures), SWK (serious weaknesses), RSI, or the words'),
      { aliases: ['Most recent category of concern'] },
    ),
    overallEffectiveness: column(
      of('Overall effectiveness', 'Latest OEIF overall effectiveness'),
      description(
        '1 outstanding, 2 good, 3 requires improvement, 4 inadequate; 9 or Not judged where no overall grade was given (from September 2024)',
      ),
      { aliases: oeif ? [] : ['Latest OEIF overall effectiveness'], example: '2' },
    ),
    ...Object.fromEntries(
      KEY_JUDGEMENTS.map((k) => [
        k.key,
        column(
          oeif ? `Latest OEIF ${k.header[0]!.toLowerCase()}${k.header.slice(1)}` : k.header,
          description(`${k.area}, 1-4 (9 not judged)`),
          { aliases: oeif ? [] : [`Latest OEIF ${k.header[0]!.toLowerCase()}${k.header.slice(1)}`] },
        ),
      ]),
    ),
    gSafeguarding: column(
      of('Safeguarding is effective?', 'Latest OEIF safeguarding is effective?'),
      description('Yes or No (9 not judged)'),
      { aliases: oeif ? [] : ['Latest OEIF safeguarding is effective?'] },
    ),
  };
}

const ungradedColumns: Record<string, ColumnSpec> = {
  uStartDate: column('Date of latest ungraded inspection', 'Latest ungraded inspection: its date', {
    date: true,
    aliases: ['Date of latest short inspection'],
  }),
  uPublicationDate: column(
    'Ungraded inspection publication date',
    'Latest ungraded inspection: when the report was published',
    { date: true },
  ),
  uRelates: column(
    'Does the ungraded inspection relate to the URN of the current school?',
    'Latest ungraded inspection: No when it was of a predecessor school',
  ),
  uUrnAtTime: column('URN at time of the ungraded inspection', 'Latest ungraded inspection: the URN inspected'),
  uNameAtTime: column(
    'School name at time of the ungraded inspection',
    'Latest ungraded inspection: the school inspected',
  ),
  uOutcome: column(
    'Ungraded inspection overall outcome',
    `Latest ungraded inspection: Ofsted's outcome (${UNGRADED_OUTCOMES.join('; ')})`,
  ),
};

/** The columns that say which school a row is, beside its URN: not read as evidence. */
const identityColumns: Record<string, ColumnSpec> = {
  schoolName: column(
    'School name',
    "The school's name (for the intake report, where Ofsted lists a school the register does not have)",
  ),
  laestab: column(
    'LAESTAB',
    "The school's LA code and establishment number: its first three digits say which authority Ofsted lists it under",
    { aliases: ['LA ESTAB', 'LAEstab'] },
  ),
};

const rowCells = (columns: Record<string, ColumnSpec>, schema: (key: string) => z.ZodType<unknown, string>) =>
  Object.fromEntries(Object.keys(columns).map((key) => [key, schema(key)]));

function cellSchema(key: string): z.ZodType<unknown, string> {
  if (/Date$/.test(key)) return optionalDateCell;
  if (/Relates$/.test(key)) return relatesCell;
  if (/UrnAtTime$/.test(key)) return optionalUrnCell;
  // A judgement Ofsted gives that intake does not know is that judgement's problem: the inspection is kept without it.
  if (/Concern$/.test(key)) return judgement(concernCell);
  if (key === 'safeguardingStandards') return judgement(metCell);
  if (key === 'gSafeguarding') return judgement(yesNoCell);
  if (key === 'uOutcome') return judgement(outcomeCell);
  if (key === 'overallEffectiveness' || KEY_JUDGEMENTS.some((k) => k.key === key)) return judgement(gradeCell);
  if (REPORT_CARD_AREAS.some((a) => a.key === key)) return judgement(reportCardCell);
  return optionalText;
}

/** A judgement's column in plain words, as an inspection's unreadable values are shown. */
function judgementName(key: string): string {
  if (key === 'overallEffectiveness') return 'overall effectiveness';
  if (key === 'safeguardingStandards') return 'safeguarding standards';
  if (key === 'gSafeguarding') return 'safeguarding is effective';
  if (key.endsWith('Concern')) return 'category of concern';
  if (key === 'uOutcome') return 'overall outcome';
  return (
    KEY_JUDGEMENTS.find((k) => k.key === key)?.area ??
    REPORT_CARD_AREAS.find((a) => a.key === key)?.area.toLowerCase() ??
    key
  );
}

/**
 * Which of a row's inspections a judgement's column belongs to: the report card's, the graded inspection's or the
 * ungraded one's.
 */
function groupOf(key: string): 'rc' | 'g' | 'u' {
  if (key.startsWith('rc') || key === 'safeguardingStandards' || REPORT_CARD_AREAS.some((a) => a.key === key))
    return 'rc';
  if (key.startsWith('u')) return 'u';
  return 'g';
}

type Cells = Record<string, unknown>;

/** Ofsted's "relates to the URN of the current school? No", with the URN and name inspected. */
function predecessorOf(cells: Cells, prefix: string, urn: string): Inspection['predecessor'] {
  const atUrn = cells[`${prefix}UrnAtTime`] as string | undefined;
  if (cells[`${prefix}Relates`] !== 'No' || !atUrn || atUrn === urn) return undefined;
  const name = cells[`${prefix}NameAtTime`] as string | undefined;
  return name ? { urn: atUrn, name } : { urn: atUrn };
}

const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

function readInspections(layout: OfstedLayoutId, columns: Record<string, ColumnSpec>) {
  return (cells: Cells, ctx: z.RefinementCtx): SchoolInspections => {
    const urn = cells.urn as string;
    const inspections: Inspection[] = [];
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    // Each judgement that could not be read is taken out of the cells, kept against its inspection, and said.
    const cellProblems: SchoolInspections['cellProblems'] = [];
    const unreadableIn = {
      rc: [] as { judgement: string; value: string }[],
      g: [] as { judgement: string; value: string }[],
      u: [] as { judgement: string; value: string }[],
    };
    for (const [key, value] of Object.entries(cells)) {
      if (!(value instanceof Unreadable)) continue;
      cellProblems.push({ column: key, value: value.value, expected: value.expected });
      unreadableIn[groupOf(key)].push({ judgement: judgementName(key), value: value.value });
      cells[key] = undefined;
    }
    const given = (key: string) =>
      cells[key] !== undefined || unreadableIn[groupOf(key)].some((u) => u.judgement === judgementName(key));
    /** One of the row's inspections, from its own group of columns (`rc`, `g` or `u`). */
    const inspection = (group: 'rc' | 'g' | 'u', era: Inspection['era'], found: Partial<Inspection>): Inspection =>
      defined({
        urn,
        startDate: cells[`${group}StartDate`] as string,
        publicationDate: cells[`${group}PublicationDate`] as string | undefined,
        era,
        keyJudgements: [],
        reportCard: [],
        inspectionType: cells[`${group}Type`] as string | undefined,
        predecessor: predecessorOf(cells, group, urn),
        ...(unreadableIn[group].length > 0 ? { unreadable: unreadableIn[group] } : {}),
        ...found,
      });

    if (layout === 'report-card' && cells.rcStartDate) {
      const reportCard = REPORT_CARD_AREAS.flatMap((a) => {
        const grade = cells[a.key] as ReportCardGrade | undefined;
        const date = cells[`${a.key}Date`] as string | undefined;
        return grade ? [{ area: a.area, grade, ...(date ? { date } : {}) }] : [];
      });
      if (reportCard.length === 0 && cells.safeguardingStandards === undefined && unreadableIn.rc.length === 0)
        // Said of the date the row does give: the file may have none of the area columns (Inclusion and the rest).
        problem(
          'rcStartDate',
          'a report-card inspection date with a grade beside it: the row gives no area grade and no safeguarding standards',
        );
      inspections.push(
        inspection('rc', 'report-card', {
          reportCard,
          safeguardingMet: cells.safeguardingStandards as boolean | undefined,
          categoryOfConcern: cells.rcConcern as CategoryOfConcern | undefined,
        }),
      );
    }

    const keyJudgements = KEY_JUDGEMENTS.flatMap((k) =>
      cells[k.key] ? [{ area: k.area, grade: cells[k.key] as OfstedGrade }] : [],
    );
    const overall = cells.overallEffectiveness as OfstedGrade | undefined;
    if (cells.gStartDate) {
      if (overall === undefined && keyJudgements.length === 0 && unreadableIn.g.length === 0) {
        problem(
          'overallEffectiveness',
          'a grade: the row gives a graded inspection date but no overall effectiveness or key judgement',
        );
      }
      // An overall grade given, even one that could not be read, makes it a single-word inspection.
      inspections.push(
        inspection('g', given('overallEffectiveness') ? 'single-word' : 'key-judgements', {
          overallEffectiveness: overall,
          keyJudgements,
          safeguardingEffective: cells.gSafeguarding as boolean | undefined,
          categoryOfConcern: cells.gConcern as CategoryOfConcern | undefined,
        }),
      );
    } else if (overall !== undefined || keyJudgements.length > 0 || unreadableIn.g.length > 0) {
      problem(
        'gStartDate',
        `a date: the row gives graded-inspection grades but not when the inspection was (${columns.gStartDate!.header})`,
      );
    }

    if (cells.uStartDate) {
      if (!cells.uOutcome && unreadableIn.u.length === 0)
        problem(
          'uOutcome',
          `one of Ofsted's ungraded outcomes: the row gives an ungraded inspection date but no outcome`,
        );
      inspections.push(
        inspection('u', 'ungraded', { ungradedOutcome: cells.uOutcome as Inspection['ungradedOutcome'] }),
      );
    } else if (cells.uOutcome || unreadableIn.u.length > 0) {
      problem('uStartDate', 'a date: the row gives an ungraded inspection outcome but not its date');
    }
    const laestab = (cells.laestab as string | undefined)?.replace(/\D/g, '');
    return {
      urn,
      inspections,
      cellProblems,
      ...(laestab && laestab.length >= 3 ? { laCode: laestab.slice(0, 3) } : {}),
      ...(cells.schoolName ? { name: cells.schoolName as string } : {}),
    };
  };
}

function layoutSpec(layout: OfstedLayoutId): SheetSpec<SchoolInspections> {
  const columns: Record<string, ColumnSpec> = {
    urn: { header: 'URN', required: true, description: "The school's URN", example: '125100' },
    ...identityColumns,
    ...(layout === 'report-card' ? reportCardColumns : {}),
    ...gradedColumns(layout),
    ...ungradedColumns,
  };
  const shape = { ...rowCells(columns, cellSchema), urn: urnCell };
  return {
    name: 'ofsted-inspections',
    title: "Inspections (Ofsted's management information on state-funded schools, latest inspections)",
    columns,
    row: z
      .object(shape)
      .transform((cells, ctx) => readInspections(layout, columns)(cells as Cells, ctx)) as unknown as z.ZodType<
      SchoolInspections,
      Record<string, string>
    >,
    unique: { key: (r) => r.urn, column: 'urn', expected: 'one row per school (its latest inspections)' },
    blankValues: ['NULL'],
    cellProblems: (r) => r.cellProblems,
  };
}

export const OFSTED_LAYOUTS: readonly OfstedLayout[] = [
  {
    id: 'report-card',
    description:
      "Ofsted's report-card layout (published from November 2025): the latest report card, the latest graded (OEIF) inspection and the latest ungraded inspection",
    spec: layoutSpec('report-card'),
  },
  {
    id: 'graded',
    description:
      "Ofsted's graded-inspection layout (published to October 2025): the latest graded inspection, with or without an overall grade, and the latest ungraded inspection",
    spec: layoutSpec('graded'),
  },
];

/** The sheet as documented (templates, docs/inputs.md): the current layout. */
export const inspectionsSheet = OFSTED_LAYOUTS[0]!.spec;

/**
 * The layout of an Ofsted file, from its header row: report cards and the OEIF columns, or the graded-inspection
 * layout before them. Undefined when the header is neither (the file then gets one message that says so).
 */
export function ofstedLayoutOf(headers: readonly string[]): OfstedLayout | undefined {
  const names = new Set(headers.map(normaliseHeader));
  const has = (name: string) => names.has(normaliseHeader(name));
  if (!has('URN')) return undefined;
  const reportCards =
    has('Inspection start date of latest OEIF graded inspection') ||
    ['Safeguarding standards', 'Inclusion', 'Curriculum and teaching', 'Leadership and governance'].some(has);
  if (reportCards) return OFSTED_LAYOUTS[0];
  const graded =
    has('Inspection start date') &&
    [
      'Overall effectiveness',
      'Latest OEIF overall effectiveness',
      'Quality of education',
      'Latest OEIF quality of education',
    ].some(has);
  if (graded || has('Date of latest ungraded inspection')) return OFSTED_LAYOUTS[1];
  return undefined;
}

/** How the intake report describes a file's layout, with the variant of its column names. */
export function describeOfstedLayout(layout: OfstedLayout, headers: readonly string[]): string {
  const names = new Set(headers.map(normaliseHeader));
  const variant =
    layout.id === 'report-card' && [...names].some((n) => n.endsWith('- date of grade'))
      ? ' (areas dated "- date of grade", as from June 2026)'
      : '';
  return `${layout.description}${variant}`;
}

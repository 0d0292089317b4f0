/**
 * Generates the bundled example authority: Ardenshire, a fictional county of about 250 maintained schools and
 * academies in five districts, over three consecutive terms (autumn 2026, spring 2027, summer 2027), in the file
 * formats real data arrives in (GIAS extract, Ofsted management information, the LA's own sheets). The example is
 * one history: each term's files are the ones that term would have downloaded on its own scheduled day (Ofsted's
 * inspections published by then, in the layout Ofsted used then; the results and attendance published by then;
 * the authority's intelligence as it stood), five years of results and attendance lie behind it, and the earlier
 * terms in history/ are the same story told back to 2021. Seeded: the same seed always writes the same data (an
 * .xlsx workbook differs only in its zip timestamps).
 *
 *   npm run generate:example [-- --seed 2026 --out example]
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { loadMethodologyFile } from '../functions/adapters/methodology-file';
import { backtest, type ReplayedTerm, replayTermFiles } from '../functions/core/assessment/backtest';
import { assessSchool } from '../functions/core/assessment/categorisation';
import { brokeredCategories } from '../functions/core/assessment/methodology';
import { DECISIONS_HEADERS, decisionsRow } from '../functions/core/assessment/moderation';
import { groupByUrn } from '../functions/core/collections';
import { toCsv } from '../functions/core/csv';
import {
  measureFiguresSheet,
  readTermIntake,
  taskGroupReportsSheet,
  tscResponsesSheet,
  visitNotesSheet,
} from '../functions/core/intake';
import { ECB_DECISIONS_HEADERS, ecbDecisionsRow } from '../functions/core/intervention/warning-notices';
import { brokerSupport } from '../functions/core/support/brokering';
import { termStartDate } from '../functions/core/term';
import type { Category } from '../functions/core/types';
import { MOST_SCHOOLS } from '../lib/termly-cycle-state-machine';
import { scriptOptions } from '../local/args';

const CATEGORIES = ['A', 'B', 'C', 'D'] as const;
const METHODOLOGY = loadMethodologyFile(join(import.meta.dirname, '..', 'methodologies', 'default.yaml'));

const args = scriptOptions(
  {
    seed: { type: 'string', default: '2026' },
    out: { type: 'string', default: 'example' },
    schools: { type: 'string' },
  },
  `Usage: npm run generate:example -- [--out <dir>] [--seed <n>] [--schools <n>]
  --out      the folder to write (default: example, the bundled example authority, rewritten)
  --seed     the random seed the authority is made from (default: 2026, the bundled example's)
  --schools  an authority of about this many schools (250 to ${MOST_SCHOOLS}) in the same formats, without the
             example's history (default: the example's 242)`,
);
/**
 * --schools <n>: an authority of about n schools in the same formats, for measuring the cycle at size (npm run
 * bench): more districts of the same make-up, without the example's history and its hand-set stories where the
 * size leaves no school to tell them of.
 */
const SCALED = args.schools !== undefined;
const WANTED = SCALED ? Number(args.schools) : undefined;
// At most the most schools the state machine's timeout is built for (lib/termly-cycle-state-machine.ts).
if (WANTED !== undefined && !(Number.isInteger(WANTED) && WANTED >= 250 && WANTED <= MOST_SCHOOLS)) {
  console.error(
    `--schools ${args.schools}: give a whole number of schools from 250 (the example's own size) to ${MOST_SCHOOLS}`,
  );
  process.exit(2);
}

// ------------------------------------------------------------------ a seeded random source (mulberry32)
let state = Number(args.seed) >>> 0;
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (p: number) => random() < p;
const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
function weighted<T>(options: readonly [T, number][]): T {
  const total = options.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [value, weight] of options) {
    r -= weight;
    if (r < 0) return value;
  }
  return options[options.length - 1]![0];
}
const pad2 = (n: number) => String(n).padStart(2, '0');
/** A date between two ISO dates, as day/month/year. */
function ukDate(from: string, to: string, separator = '/'): string {
  const a = Date.parse(from);
  const b = Date.parse(to);
  const d = new Date(a + Math.floor(random() * (b - a)));
  return `${pad2(d.getUTCDate())}${separator}${pad2(d.getUTCMonth() + 1)}${separator}${d.getUTCFullYear()}`;
}

// ------------------------------------------------------------------ the county
const LA_CODE = '999';
const LA_NAME = 'Ardenshire';
const OWN_DISTRICTS = ['Ashdown', 'Eastbrook', 'Kingsmere', 'Northvale', 'Riverton'] as const;
const PLACES = [
  'Abbots Ley',
  'Alderbury',
  'Ambridge',
  'Ashcombe',
  'Aston Parva',
  'Barford',
  'Beckley',
  'Bishopstone',
  'Bramcote',
  'Brockhurst',
  'Burley',
  'Calder',
  'Charlecote',
  'Chilcote',
  'Claybrook',
  'Coldharbour',
  'Coombe',
  'Cranmere',
  'Dalby',
  'Denton',
  'Dunmore',
  'Elmstead',
  'Farleigh',
  'Fenwick',
  'Fernhill',
  'Foxley',
  'Frampton',
  'Gaddesby',
  'Glenfield',
  'Greystoke',
  'Hadley',
  'Halford',
  'Harbury',
  'Hartwell',
  'Hawkridge',
  'Heathcote',
  'Holbrook',
  'Hollins',
  'Ilmer',
  'Kenbury',
  'Kingsholm',
  'Kirkby Vale',
  'Langley',
  'Lark Rise',
  'Lawford',
  'Leamore',
  'Linford',
  'Lockton',
  'Longmarsh',
  'Lowick',
  'Marden',
  'Marston',
  'Meadowbank',
  'Melbury',
  'Middlecott',
  'Millbrook',
  'Moreton',
  'Netherby',
  'Newbold',
  'Northam',
  'Oakfield',
  'Oakhanger',
  'Oldbury',
  'Orchard Vale',
  'Oxhill',
  'Pennington',
  'Pillerton',
  'Priors Hardwick',
  'Quarry Bank',
  'Radway',
  'Ratley',
  'Redhill',
  'Ridgeway',
  'Rosedale',
  'Rowington',
  'Salford',
  'Sandford',
  'Shirebrook',
  'Shotteswell',
  'Snitterfield',
  'Southam Moor',
  'Stanway',
  'Stockton',
  'Stoneleigh',
  'Sutton Cheney',
  'Tanworth',
  'Temple Grafton',
  'Thornbury',
  'Tidmington',
  'Upton',
  'Walcote',
  'Walton',
  'Wardington',
  'Weston',
  'Whitchurch',
  'Whitnash',
  'Willoughby',
  'Wolston',
  'Woodcote',
  'Wootton',
  'Wroxall',
  'Yarnfield',
];
// About 48 schools in the cycle to a district; a larger authority has more districts, named after its places.
const DISTRICTS: readonly string[] =
  WANTED === undefined
    ? OWN_DISTRICTS
    : [
        ...OWN_DISTRICTS,
        ...Array.from(
          { length: Math.max(0, Math.round(WANTED / 48.5) - OWN_DISTRICTS.length) },
          (_, i) =>
            `${PLACES[i % PLACES.length]}${i >= PLACES.length ? ` ${Math.floor(i / PLACES.length) + 1}` : ''} District`,
        ),
      ];
const FIRST = [
  'Amelia',
  'Andrew',
  'Anita',
  'Ben',
  'Catherine',
  'Claire',
  'Daniel',
  'David',
  'Deborah',
  'Eleanor',
  'Emma',
  'Fiona',
  'Gareth',
  'Hannah',
  'Helen',
  'Ian',
  'James',
  'Jo',
  'Karen',
  'Kwame',
  'Laura',
  'Mark',
  'Michelle',
  'Nadia',
  'Neil',
  'Oliver',
  'Priya',
  'Rachel',
  'Richard',
  'Sarah',
  'Siobhan',
  'Simon',
  'Tom',
  'Yusuf',
  'Zoë',
  'Siân',
  'Róisín',
];
const LAST = [
  'Adams',
  'Ahmed',
  'Bailey',
  'Bennett',
  'Brown',
  'Chapman',
  'Clarke',
  'Davies',
  'Edwards',
  'Evans',
  'Fletcher',
  'Green',
  'Hall',
  'Harris',
  'Hughes',
  'Jones',
  'Khan',
  'Lewis',
  'Martin',
  'Morgan',
  'Nowak',
  'O\u2019Brien',
  'Okafor',
  'Patel',
  'Roberts',
  'Shaw',
  'Singh',
  'Taylor',
  'Thomas',
  'Walker',
  'Ward',
  'White',
  'Williams',
  'Wood',
  'Wright',
];
const TRUSTS = [
  { code: '16001', name: 'Arden Learning Trust' },
  { code: '16002', name: 'Three Rivers Academy Trust' },
  { code: '16003', name: "St Chad's Catholic Multi Academy Trust" },
  { code: '16004', name: 'Kingsmere Schools Partnership' },
  { code: '16005', name: 'Oakfield Education Trust' },
  { code: '16006', name: 'Northvale Church of England Academy Trust' },
];

interface GeneratedSchool {
  urn: string;
  name: string;
  district: string;
  consortium: string;
  phaseName: string;
  type: string;
  typeGroup: string;
  status: string;
  trust?: { code: string; name: string };
  pupils: number;
  head: { title: string; first: string; last: string };
  lowAge: number;
  highAge: number;
  openDate: string;
  closeDate?: string;
  slug: string;
  la: string;
}

const usedPlaces = new Set<string>();
function place(): string {
  for (;;) {
    const p = pick(PLACES);
    const key = p;
    if (!usedPlaces.has(key) || usedPlaces.size >= PLACES.length) {
      usedPlaces.add(key);
      return p;
    }
  }
}
const nameCounts = new Map<string, number>();
/** A second school of the same name takes a prefix, as English villages do: Little Ashcombe, Upper Ashcombe. */
function uniqueName(base: string): string {
  const n = (nameCounts.get(base) ?? 0) + 1;
  nameCounts.set(base, n);
  return n === 1 ? base : `${['Little', 'Upper', 'Lower', 'Great', 'West', 'East'][(n - 2) % 6]} ${base}`;
}
const slugify = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

let nextMaintainedUrn = 125100;
let nextAcademyUrn = 140200;
const schools: GeneratedSchool[] = [];
const usedSlugs = new Set<string>();
function head() {
  return { title: pick(['Mr', 'Mrs', 'Ms', 'Miss', 'Dr']), first: pick(FIRST), last: pick(LAST) };
}
function addSchool(
  s: Omit<GeneratedSchool, 'urn' | 'slug' | 'la' | 'status' | 'head' | 'openDate'> & {
    academy: boolean;
    status?: string;
    la?: string;
    openDate?: string;
  },
) {
  const urn = String(s.academy ? nextAcademyUrn++ : nextMaintainedUrn++);
  const school: GeneratedSchool = {
    ...s,
    urn,
    name: uniqueName(s.name),
    slug: '',
    la: s.la ?? LA_CODE,
    status: s.status ?? 'Open',
    head: head(),
    openDate:
      s.openDate ?? (s.academy ? ukDate('2012-01-01', '2023-09-01', '-') : ukDate('1974-04-01', '1995-09-01', '-')),
  };
  // Names repeat in a large authority: its addresses must not.
  school.slug = slugify(school.name);
  if (usedSlugs.has(school.slug)) school.slug = `${school.slug}-${urn}`;
  usedSlugs.add(school.slug);
  schools.push(school);
  return school;
}

for (const district of DISTRICTS) {
  const consortia = Array.from(
    { length: 3 },
    (_, i) => `${district} ${['North', 'Central', 'South'][i]} Primary Consortium`,
  );
  const primaries = between(38, 42);
  for (let i = 0; i < primaries; i++) {
    const academy = chance(0.4);
    const p = place();
    const kind = weighted<[string, string, number, number]>(
      [
        ['Primary School', 'Primary', 4, 11],
        ['CofE Primary School', 'Primary', 4, 11],
        ["St Mary's Catholic Primary School", 'Primary', 4, 11],
        ['Infant School', 'Primary', 4, 7],
        ['Junior School', 'Primary', 7, 11],
      ].map((k) => [k as [string, string, number, number], k[0] === 'Primary School' ? 6 : 1]),
    );
    const name = `${p} ${kind[0]}`;
    const maintainedType = kind[0].includes('CofE')
      ? pick(['Voluntary controlled school', 'Voluntary aided school'])
      : kind[0].includes('Catholic')
        ? 'Voluntary aided school'
        : pick(['Community school', 'Community school', 'Foundation school']);
    const trust = academy
      ? kind[0].includes('Catholic')
        ? TRUSTS[2]
        : kind[0].includes('CofE')
          ? TRUSTS[5]
          : pick([TRUSTS[0], TRUSTS[1], TRUSTS[3], TRUSTS[4]])
      : undefined;
    addSchool({
      name,
      district,
      consortium: consortia[i % 3]!,
      phaseName: 'Primary',
      type: academy ? pick(['Academy converter', 'Academy converter', 'Academy sponsor led']) : maintainedType,
      typeGroup: academy ? 'Academies' : 'Local authority maintained schools',
      trust,
      pupils: between(60, 480),
      academy,
      lowAge: kind[2],
      highAge: kind[3],
    });
  }
  const secondaries = between(6, 8);
  for (let i = 0; i < secondaries; i++) {
    const academy = chance(0.8);
    const p = place();
    addSchool({
      name: `${p} ${pick(['High School', 'Academy', 'School', 'Community College'])}`,
      district,
      consortium: `${district} Secondary Network`,
      phaseName: 'Secondary',
      type: academy
        ? pick(['Academy converter', 'Academy sponsor led'])
        : pick(['Community school', 'Foundation school']),
      typeGroup: academy ? 'Academies' : 'Local authority maintained schools',
      trust: academy ? pick(TRUSTS) : undefined,
      pupils: between(600, 1600),
      academy,
      lowAge: 11,
      highAge: pick([16, 18]),
    });
  }
  const special = addSchool({
    name: `${place()} Special School`,
    district,
    consortium: `${LA_NAME} Special Schools Network`,
    phaseName: 'Not applicable',
    type: chance(0.5) ? 'Community special school' : 'Academy special converter',
    typeGroup: 'Special schools',
    pupils: between(60, 180),
    academy: false,
    lowAge: 3,
    highAge: 19,
  });
  if (special.type.startsWith('Academy')) special.trust = TRUSTS[0];
}
// A free school opened recently (not yet inspected), a pupil referral unit, closed and out-of-scope rows.
addSchool({
  name: 'Riverton Park Free School',
  district: 'Riverton',
  consortium: 'Riverton Central Primary Consortium',
  phaseName: 'Primary',
  type: 'Free schools',
  typeGroup: 'Free Schools',
  trust: TRUSTS[1],
  pupils: 140,
  academy: true,
  lowAge: 4,
  highAge: 11,
  openDate: '01-09-2025',
});
// An academy conversion: the maintained predecessor closed and the academy has not been inspected yet, so the
// predecessor's inspection stands until it is (GIAS links file).
const predecessor = addSchool({
  name: 'Millbrook Primary School',
  district: 'Eastbrook',
  consortium: '',
  phaseName: 'Primary',
  type: 'Community school',
  typeGroup: 'Local authority maintained schools',
  status: 'Closed',
  pupils: 0,
  academy: false,
  lowAge: 4,
  highAge: 11,
  closeDate: '31-03-2025',
});
const successor = addSchool({
  name: 'Millbrook Primary Academy',
  district: 'Eastbrook',
  consortium: 'Eastbrook Central Primary Consortium',
  phaseName: 'Primary',
  type: 'Academy converter',
  typeGroup: 'Academies',
  trust: TRUSTS[4],
  pupils: 205,
  academy: true,
  lowAge: 4,
  highAge: 11,
  openDate: '01-04-2025',
});
addSchool({
  name: 'Ardenshire Pupil Referral Service',
  district: 'Kingsmere',
  consortium: `${LA_NAME} Special Schools Network`,
  phaseName: 'Not applicable',
  type: 'Pupil referral unit',
  typeGroup: 'Local authority maintained schools',
  pupils: 70,
  academy: false,
  lowAge: 11,
  highAge: 16,
});
for (let i = 0; i < 4; i++) {
  addSchool({
    name: `${place()} Primary School`,
    district: pick(DISTRICTS),
    consortium: '',
    phaseName: 'Primary',
    type: 'Community school',
    typeGroup: 'Local authority maintained schools',
    status: 'Closed',
    pupils: 0,
    academy: false,
    lowAge: 4,
    highAge: 11,
    closeDate: ukDate('2019-07-31', '2024-08-31', '-'),
  });
}
addSchool({
  name: 'Kingsmere Preparatory School',
  district: 'Kingsmere',
  consortium: '',
  phaseName: 'Primary',
  type: 'Other independent school',
  typeGroup: 'Independent schools',
  pupils: 210,
  academy: false,
  lowAge: 3,
  highAge: 11,
});
for (let i = 0; i < 6; i++) {
  addSchool({
    name: `${place()} Primary School`,
    district: 'Neighbourshire Borough',
    consortium: '',
    phaseName: 'Primary',
    type: 'Community school',
    typeGroup: 'Local authority maintained schools',
    pupils: 200,
    academy: false,
    lowAge: 4,
    highAge: 11,
    la: '998',
  });
}

const inCycle = schools.filter((s) => s.la === LA_CODE && s.status === 'Open' && s.typeGroup !== 'Independent schools');
/** A count of the example's own (242 schools in the cycle), in proportion for a larger authority. */
const scaled = (n: number) => (SCALED ? Math.round((n * inCycle.length) / 242) : n);

// ------------------------------------------------------------------ files
const BOM = '\ufeff';
const emptied = new Set<string>();
/** A term's folder, emptied the first time this run writes to it: a file an earlier version wrote never lingers. */
function termFolder(term: string): string {
  const dir = join(args.out!, term);
  if (!emptied.has(dir)) {
    rmSync(dir, { recursive: true, force: true });
    emptied.add(dir);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}
function write(
  term: string,
  file: string,
  headers: string[],
  rows: (string | number | undefined)[][],
  options: { bom?: boolean } = {},
) {
  const dir = termFolder(term);
  writeFileSync(join(dir, file), (options.bom ? BOM : '') + toCsv(headers, rows));
}
/** A day/month/year date (or day-month-year, as GIAS writes them) as ISO. */
const isoOf = (uk: string) => uk.split(/[/-]/).reverse().join('-');
const estabNumber = (urn: string) => String(2000 + (Number(urn) % 7000));

function registerRows(): (string | number | undefined)[][] {
  return schools.map((s) => [
    s.urn,
    s.la,
    s.la === LA_CODE ? LA_NAME : 'Neighbourshire',
    estabNumber(s.urn),
    s.name,
    s.type,
    s.typeGroup,
    s.status,
    s.phaseName,
    s.lowAge,
    s.highAge,
    s.trust?.code,
    s.trust?.name,
    s.pupils,
    (5 + random() * 30).toFixed(1),
    s.head.title,
    s.head.first,
    s.head.last,
    s.district,
    `AR${between(1, 20)} ${between(1, 9)}${pick(['AB', 'DL', 'HQ', 'JX', 'NP', 'RT', 'WZ'])}`,
    s.openDate,
    s.closeDate,
    `1${String(s.urn).padStart(7, '0')}`,
    'Mixed',
    s.name.includes('CofE') ? 'Church of England' : s.name.includes('Catholic') ? 'Roman Catholic' : 'Does not apply',
  ]);
}
const REGISTER_HEADERS = [
  'URN',
  'LA (code)',
  'LA (name)',
  'EstablishmentNumber',
  'EstablishmentName',
  'TypeOfEstablishment (name)',
  'EstablishmentTypeGroup (name)',
  'EstablishmentStatus (name)',
  'PhaseOfEducation (name)',
  'StatutoryLowAge',
  'StatutoryHighAge',
  'Trusts (code)',
  'Trusts (name)',
  'NumberOfPupils',
  'PercentageFSM',
  'HeadTitle (name)',
  'HeadFirstName',
  'HeadLastName',
  'DistrictAdministrative (name)',
  'Postcode',
  'OpenDate',
  'CloseDate',
  'UKPRN',
  'Gender (name)',
  'ReligiousCharacter (name)',
];
// The register as GIAS gives it: drawn once (its postcodes and free-meal shares), each term's extract the same.
const register = registerRows();

// ------------------------------------------------------------------ each school's inspections, over the years
// Each school's latest graded inspection (single-word, or key judgements from September 2024), the graded one
// before a key-judgement inspection, ungraded inspections since, and report cards from November 2025 (term by
// term, as they happen). Every Ofsted file below is the one a term downloads on its own date: the inspections
// published by then, in the layout Ofsted published then.
type Row = Record<string, string>;
const inspections = new Map<string, Row>();
/** Published three to six weeks after the inspection starts. */
function publication(start: string): string {
  const [d, m, y] = start.split('/').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d + between(20, 40)));
  return `${pad2(date.getUTCDate())}/${pad2(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`;
}
function singleWord(s: GeneratedSchool, from = '2016-09-01', to = '2024-07-15'): Row {
  const oe = weighted<number>([
    [1, 15],
    [2, 68],
    [3, 13],
    [4, 4],
  ]);
  const kj = () =>
    String(
      Math.min(
        oe === 1 ? 2 : oe,
        Math.max(
          1,
          oe +
            weighted<number>([
              [0, 10],
              [-1, 1],
            ]),
        ),
      ),
    );
  const start = ukDate(from, to);
  return {
    URN: s.urn,
    'School name': s.name,
    'Inspection start date': start,
    'Publication date': publication(start),
    'Inspection type': 'S5 Inspection',
    'Category of concern': oe === 4 ? pick(['SM', 'SWK']) : '',
    'Latest OEIF overall effectiveness': String(oe),
    'Latest OEIF quality of education': kj(),
    'Latest OEIF behaviour and attitudes': kj(),
    'Latest OEIF personal development': kj(),
    'Latest OEIF effectiveness of leadership and management': kj(),
    'Latest OEIF safeguarding is effective?': oe === 4 && chance(0.5) ? 'No' : 'Yes',
  };
}
function keyJudgements(s: GeneratedSchool): Row {
  const base = weighted<number>([
    [1, 12],
    [2, 74],
    [3, 11],
    [4, 3],
  ]);
  const kj = () =>
    String(
      Math.min(
        Math.max(base, 2),
        Math.max(
          1,
          base +
            weighted<number>([
              [0, 8],
              [-1, 1],
            ]),
        ),
      ),
    );
  const start = ukDate('2024-09-16', '2025-10-31');
  return {
    URN: s.urn,
    'School name': s.name,
    'Inspection start date': start,
    'Publication date': publication(start),
    'Inspection type': 'S5 Inspection',
    'Category of concern': base === 4 ? pick(['SM', 'SWK']) : '',
    'Latest OEIF overall effectiveness': '9',
    'Latest OEIF quality of education': kj(),
    'Latest OEIF behaviour and attitudes': kj(),
    'Latest OEIF personal development': kj(),
    'Latest OEIF effectiveness of leadership and management': kj(),
    'Latest OEIF safeguarding is effective?': base === 4 && chance(0.5) ? 'No' : 'Yes',
  };
}
function reportCard(s: GeneratedSchool, from: string, to: string, tilt: 'better' | 'worse' | 'any' = 'any'): Row {
  // One level for the school, and each area graded at or near it: schools are rarely uneven across every area.
  const levels: Record<typeof tilt, [string, number][]> = {
    any: [
      ['strong standard', 24],
      ['expected standard', 62],
      ['needs attention', 11],
      ['urgent improvement', 3],
    ],
    better: [
      ['strong standard', 30],
      ['expected standard', 66],
      ['needs attention', 4],
      ['urgent improvement', 0],
    ],
    worse: [
      ['strong standard', 5],
      ['expected standard', 45],
      ['needs attention', 40],
      ['urgent improvement', 10],
    ],
  };
  const level = weighted(levels[tilt]);
  const grade = (): string => {
    if (level === 'strong standard')
      return weighted([
        ['exceptional', 2],
        ['strong standard', 6],
        ['expected standard', 2],
      ]);
    if (level === 'expected standard')
      return weighted([
        ['strong standard', 2],
        ['expected standard', 12],
      ]);
    if (level === 'needs attention')
      return weighted([
        ['expected standard', 3],
        ['needs attention', 2],
      ]);
    return weighted([
      ['expected standard', 2],
      ['needs attention', 3],
      ['urgent improvement', 1],
    ]);
  };
  const start = ukDate(from, to);
  const row: Row = {
    URN: s.urn,
    'School name': s.name,
    'Inspection start date': start,
    'Publication date': publication(start),
    'Inspection type': 'Report card inspection',
    'Safeguarding standards': level === 'urgent improvement' && chance(0.4) ? 'Not met' : 'Met',
    Inclusion: grade(),
    'Curriculum and teaching': grade(),
    Achievement: grade(),
    'Attendance and behaviour': grade(),
    'Personal development and wellbeing': grade(),
    'Leadership and governance': grade(),
  };
  if (s.lowAge <= 4) row['Early years'] = grade();
  if (s.highAge >= 18) row['Post-16 provision'] = grade();
  // The level is what the inspection found: make sure at least one area shows it.
  if (level === 'needs attention' || level === 'urgent improvement')
    row[pick(['Achievement', 'Curriculum and teaching', 'Leadership and governance'])] = level;
  const urgent = Object.values(row).filter((v) => v === 'urgent improvement').length;
  if (row['Safeguarding standards'] === 'Not met' || urgent > 0) {
    row['Category of concern'] =
      row['Leadership and governance'] === 'urgent improvement' && urgent > 1
        ? 'Special measures'
        : 'Requires significant improvement';
  }
  return row;
}
for (const s of inCycle) {
  if (s.type === 'Free schools' || s === successor) continue;
  const era = weighted<'single' | 'kj'>([
    ['single', 62],
    ['kj', 38],
  ]);
  inspections.set(s.urn, era === 'single' ? singleWord(s) : keyJudgements(s));
}
// Ungraded inspections of good and outstanding schools since their last graded one, with Ofsted's outcomes.
const ungradedInspections = new Map<string, { date: string; outcome: string }>();
for (const [urn, r] of inspections) {
  const overall = r['Latest OEIF overall effectiveness'];
  if (!['1', '2'].includes(overall ?? '') || !chance(0.45)) continue;
  const [d, m, y] = r['Inspection start date']!.split('/').map(Number) as [number, number, number];
  const from = `${Math.max(y + 3, 2019)}-${pad2(m)}-${pad2(d)}`;
  if (from >= '2025-10-31') continue;
  const outcome =
    overall === '1'
      ? weighted([
          ['School remains Outstanding', 8],
          ['School remains Outstanding (Concerns) - S5 Next', 1],
          ['Standards maintained', 3],
        ])
      : weighted([
          ['School remains Good', 14],
          ['Standards maintained', 6],
          ['School remains Good (Improving) - S5 Next', 1],
          ['School remains Good (Concerns) - S5 Next', 2],
          ['Some aspects not as strong', 1],
          ['Improved significantly', 1],
        ]);
  ungradedInspections.set(urn, { date: ukDate(from, '2025-10-31'), outcome });
}
// Report cards, each school's in the order they happen: the first from November 2025 to July 2026, published before
// the autumn term; more in later terms (below).
const reportCards = new Map<string, Row[]>();
const addReportCard = (urn: string, row: Row) => reportCards.set(urn, [...(reportCards.get(urn) ?? []), row]);
const latestCard = (urn: string) => reportCards.get(urn)?.at(-1);
for (const s of inCycle) {
  if (s.type === 'Free schools' || s === successor || !chance(0.22)) continue;
  addReportCard(s.urn, reportCard(s, '2025-11-10', '2026-07-15'));
}
inspections.set(predecessor.urn, {
  URN: predecessor.urn,
  'School name': predecessor.name,
  'Inspection start date': '09/11/2022',
  'Publication date': '14/12/2022',
  'Inspection type': 'S5 Inspection',
  'Latest OEIF overall effectiveness': '3',
  'Latest OEIF quality of education': '3',
  'Latest OEIF behaviour and attitudes': '2',
  'Latest OEIF personal development': '2',
  'Latest OEIF effectiveness of leadership and management': '3',
  'Latest OEIF safeguarding is effective?': 'Yes',
});
const LINK_HEADERS = ['URN', 'LinkURN', 'LinkName', 'LinkType', 'LinkEstablishedDate'];
const linkRows = [
  [successor.urn, predecessor.urn, predecessor.name, 'Predecessor', '01-04-2025'],
  [predecessor.urn, successor.urn, successor.name, 'Successor', '01-04-2025'],
  // Links of other authorities' schools in a national download: passed over.
  ['300001', '300002', 'Elsewhere Academy', 'Successor', '01-09-2024'],
];
const NULL = 'NULL';
const cap = (v: string | undefined) => (v ? `${v[0]!.toUpperCase()}${v.slice(1)}` : NULL);
const orNull = (v: string | undefined) => (v === undefined || v === '' ? NULL : v);
const KEY_JUDGEMENT_COLUMNS = [
  'quality of education',
  'behaviour and attitudes',
  'personal development',
  'effectiveness of leadership and management',
] as const;
const REPORT_CARD_AREAS = [
  'Inclusion',
  'Curriculum and teaching',
  'Achievement',
  'Attendance and behaviour',
  'Personal development and wellbeing',
  'Early years',
  'Post-16 provision',
  'Leadership and governance',
] as const;
// The graded inspection a school had before a key-judgement inspection of 2024-25: Ofsted's file shows it until that
// one is published.
const previousInspection = new Map<string, Row>();
for (const [urn, r] of inspections) {
  if (r['Latest OEIF overall effectiveness'] !== '9') continue;
  const belowGood = KEY_JUDGEMENT_COLUMNS.some((k) => ['3', '4'].includes(r[`Latest OEIF ${k}`] ?? ''));
  const oe = weighted<number>(
    belowGood
      ? [
          [2, 8],
          [1, 1],
          [3, 1],
        ]
      : [
          [2, 7],
          [1, 2],
          [3, 1],
        ],
  );
  const start = ukDate('2016-09-01', '2021-07-15');
  previousInspection.set(urn, {
    URN: urn,
    'School name': r['School name']!,
    'Inspection start date': start,
    'Publication date': publication(start),
    'Inspection type': 'S5 Inspection',
    'Category of concern': '',
    'Latest OEIF overall effectiveness': String(oe),
    ...Object.fromEntries(KEY_JUDGEMENT_COLUMNS.map((k) => [`Latest OEIF ${k}`, String(oe)])),
    'Latest OEIF safeguarding is effective?': 'Yes',
  });
}

/**
 * Ofsted's graded-inspection layout, as published to October 2025: the latest graded and the latest ungraded
 * inspection.
 */
const GRADED_LAYOUT = [
  'URN',
  'LAESTAB',
  'School name',
  'Inspection start date',
  'Publication date',
  'Inspection type',
  'Does the latest full inspection relate to the URN of the current school?',
  'URN at time of latest full inspection',
  'School name at time of latest full inspection',
  'Category of concern',
  'Overall effectiveness',
  'Quality of education',
  'Behaviour and attitudes',
  'Personal development',
  'Effectiveness of leadership and management',
  'Safeguarding is effective?',
  'Date of latest ungraded inspection',
  'Ungraded inspection publication date',
  'Ungraded inspection overall outcome',
];
/**
 * Ofsted's report-card layout, as published from November 2025: report card, latest OEIF graded and latest ungraded
 * inspection.
 */
const REPORT_CARD_LAYOUT = [
  'URN',
  'LAESTAB',
  'School name',
  'Inspection start date',
  'Publication date',
  'Inspection type',
  'Does the latest full inspection relate to the URN of the current school?',
  'URN at time of latest full inspection',
  'School name at time of latest full inspection',
  'Category of concern',
  'Safeguarding standards',
  'Safeguarding standards - date of judgement',
  ...REPORT_CARD_AREAS.flatMap((a) => [
    ['Early years', 'Post-16 provision'].includes(a) ? `${a} (where applicable)` : a,
    `${a} - date of judgement`,
  ]),
  'Inspection start date of latest OEIF graded inspection',
  'Publication date of latest OEIF graded inspection',
  'Inspection type of latest OEIF graded inspection',
  'Does the latest OEIF graded inspection relate to the URN of the current school?',
  'URN at time of latest OEIF graded inspection',
  'School name at time of latest OEIF graded inspection',
  'Latest OEIF category of concern',
  'Latest OEIF overall effectiveness',
  ...KEY_JUDGEMENT_COLUMNS.map((k) => `Latest OEIF ${k}`),
  'Latest OEIF  safeguarding is effective?',
  'Date of latest ungraded inspection',
  'Ungraded inspection publication date',
  'Does the ungraded inspection relate to the URN of the current school?',
  'Ungraded inspection overall outcome',
  'Most recent category of concern',
];
/**
 * Report cards replaced graded inspections from 10 November 2025: Ofsted's files from then are in its report-card
 * layout.
 */
const REPORT_CARDS_FROM = '2025-11-10';

/**
 * Ofsted's file as a term downloads it on `asOf`: each school's latest report card, latest graded inspection and
 * latest ungraded inspection since it, of those published before that day, in the layout Ofsted published then.
 */
function ofstedFileAt(asOf: string): { headers: string[]; rows: string[][] } {
  const published = (r: Row | undefined) => (r !== undefined && isoOf(r['Publication date']!) < asOf ? r : undefined);
  const gradedOf = (urn: string) => published(inspections.get(urn)) ?? published(previousInspection.get(urn));
  const ungradedOf = (urn: string, g: Row | undefined) => {
    const u = ungradedInspections.get(urn);
    return u && isoOf(publication(u.date)) < asOf && (!g || isoOf(u.date) > isoOf(g['Inspection start date']!))
      ? u
      : undefined;
  };
  const laestab = (urn: string) => `${LA_CODE}${estabNumber(urn)}`;
  if (asOf < REPORT_CARDS_FROM) {
    const rows = [...new Set([...inspections.keys(), ...previousInspection.keys()])].flatMap((urn) => {
      const g = gradedOf(urn);
      if (!g) return [];
      const u = ungradedOf(urn, g);
      return [
        [
          urn,
          laestab(urn),
          g['School name']!,
          g['Inspection start date']!,
          g['Publication date']!,
          g['Inspection type']!,
          'Yes',
          urn,
          g['School name']!,
          g['Category of concern'] ?? '',
          g['Latest OEIF overall effectiveness'] === '9' ? 'Not judged' : g['Latest OEIF overall effectiveness']!,
          ...KEY_JUDGEMENT_COLUMNS.map((k) => g[`Latest OEIF ${k}`]!),
          g['Latest OEIF safeguarding is effective?']!,
          orNull(u?.date),
          u ? publication(u.date) : NULL,
          orNull(u?.outcome),
        ],
      ];
    });
    return { headers: GRADED_LAYOUT, rows };
  }
  const converted = asOf >= isoOf(successor.openDate);
  const urns = [
    ...new Set([
      ...inspections.keys(),
      ...previousInspection.keys(),
      ...reportCards.keys(),
      ...(converted ? [successor.urn] : []),
    ]),
  ].filter((urn) => !(converted && urn === predecessor.urn));
  const rows = urns.flatMap((urn) => {
    const rc = [...(reportCards.get(urn) ?? [])].reverse().find((r) => published(r));
    // Ofsted lists a converted academy with its predecessor's graded inspection, saying whose it was.
    const gradedUrn = urn === successor.urn ? predecessor.urn : urn;
    const g = gradedOf(gradedUrn);
    if (!rc && !g) return [];
    const u = ungradedOf(urn, g);
    const name = urn === successor.urn ? successor.name : (rc?.['School name'] ?? g?.['School name'])!;
    const rcDate = rc?.['Inspection start date'];
    const concern = rc ? rc['Category of concern'] : g?.['Category of concern'];
    return [
      [
        urn,
        laestab(urn),
        name,
        orNull(rcDate),
        rc ? rc['Publication date']! : NULL,
        rc ? 'S5 Inspection' : NULL,
        rc ? 'Yes' : NULL,
        rc ? urn : NULL,
        rc ? name : NULL,
        rc ? (rc['Category of concern'] ?? '') : NULL,
        rc ? rc['Safeguarding standards']! : NULL,
        orNull(rcDate),
        ...REPORT_CARD_AREAS.flatMap((a) =>
          rc
            ? [rc[a] ? cap(rc[a]) : ['Early years', 'Post-16 provision'].includes(a) ? 'Not applicable' : NULL, rcDate!]
            : [NULL, NULL],
        ),
        orNull(g?.['Inspection start date']),
        orNull(g?.['Publication date']),
        orNull(g?.['Inspection type']),
        g ? (gradedUrn === urn ? 'Yes' : 'No') : NULL,
        g ? gradedUrn : NULL,
        orNull(g?.['School name']),
        g ? (g['Category of concern'] ?? '') : NULL,
        g
          ? g['Latest OEIF overall effectiveness'] === '9'
            ? 'Not judged'
            : g['Latest OEIF overall effectiveness']!
          : NULL,
        ...KEY_JUDGEMENT_COLUMNS.map((k) => orNull(g?.[`Latest OEIF ${k}`])),
        orNull(g?.['Latest OEIF safeguarding is effective?']),
        orNull(u?.date),
        u ? publication(u.date) : NULL,
        u ? 'Yes' : NULL,
        orNull(u?.outcome),
        concern ?? '',
      ],
    ];
  });
  return { headers: REPORT_CARD_LAYOUT, rows };
}

// ------------------------------------------------------------------ the LA's intelligence, as it happens
// Each record has its date and, for a concern, staffing problem or interim headship, the day it was closed, if it
// has been: a term's sheet holds what was recorded by its date, each as it stood then.
type Intel = { urn: string; type: string; date: string; status: string; summary: string; closedOn?: string };
const intelligence: Intel[] = [];
const sample = (n: number, filter: (s: GeneratedSchool) => boolean = () => true) => {
  const pool = inCycle.filter(filter);
  const chosen = new Set<GeneratedSchool>();
  while (chosen.size < Math.min(n, pool.length)) chosen.add(pick(pool));
  return [...chosen];
};
for (const s of sample(scaled(12)))
  intelligence.push({
    urn: s.urn,
    type: 'new headteacher',
    date: ukDate('2025-09-01', '2026-09-01'),
    status: 'open',
    summary: 'Substantive headteacher appointed',
  });
for (const s of sample(scaled(3)))
  intelligence.push({
    urn: s.urn,
    type: 'interim headteacher',
    date: ukDate('2026-04-01', '2026-07-20'),
    status: 'open',
    summary: 'Interim headteacher while the governors recruit',
  });
for (const s of sample(scaled(5)))
  intelligence.push({
    urn: s.urn,
    type: 'staffing',
    date: ukDate('2026-05-01', '2026-07-20'),
    status: 'open',
    summary: 'Long-term absence of the deputy head and two class teachers; supply cover in place',
  });
for (const s of sample(scaled(5)))
  intelligence.push({
    urn: s.urn,
    type: 'concern',
    date: ukDate('2026-03-01', '2026-07-15'),
    status: 'open',
    summary: 'Concerns raised about declining reading outcomes and leadership capacity, incl. "phonics" provision',
  });
for (const s of sample(scaled(2), (x) => x.trust !== undefined))
  intelligence.push({
    urn: s.urn,
    type: 'trust view',
    date: ukDate('2026-06-01', '2026-07-15'),
    status: 'concern',
    summary: 'Trust reports weak attendance and a rise in suspensions',
  });
const noticeSchool = sample(
  1,
  (x) => x.typeGroup === 'Local authority maintained schools' && x.phaseName === 'Primary',
)[0]!;
intelligence.push({
  urn: noticeSchool.urn,
  type: 'warning notice',
  date: '12/06/2026',
  status: 'issued',
  summary: 'Formal warning notice agreed by the Education Challenge Board: standards unacceptably low',
});
const INTEL_HEADERS = ['URN', 'Type', 'Date', 'Status', 'Summary'];
/** The intelligence sheet as it stood on `asOf`: what was recorded before, each closed if it had been. */
const intelligenceAt = (asOf: string) =>
  intelligence
    .filter((i) => isoOf(i.date) <= asOf)
    .map((i) => [i.urn, i.type, i.date, i.closedOn && i.closedOn <= asOf ? 'closed' : i.status, i.summary]);
/**
 * Closes some open records of a type on a day in a period: a concern resolved, staffing settled, a substantive head
 * appointed.
 */
function closeSome(type: string, share: number, from: string, to: string) {
  for (const item of intelligence)
    if (item.type === type && item.status === 'open' && !item.closedOn && isoOf(item.date) < from && chance(share))
      item.closedOn = isoOf(ukDate(from, to));
}

// Contacts: headteacher and chair of governors for every school, the trust board chair for academies; the same
// people each term (each name drawn once).
const trustChairs = new Map(
  TRUSTS.map((t) => [t.code, { name: `${pick(FIRST)} ${pick(LAST)}`, email: `chair@${slugify(t.name)}.org.example` }]),
);
const skipChair = new Set(sample(scaled(2)).map((s) => s.urn));
const chairName = new Map(inCycle.map((s) => [s.urn, `${pick(FIRST)} ${pick(LAST)}`]));
function contactRows(): (string | undefined)[][] {
  const rows: (string | undefined)[][] = [];
  for (const s of inCycle) {
    rows.push([s.urn, 'Headteacher', `${s.head.first} ${s.head.last}`, `head@${s.slug}.ardenshire.sch.example`]);
    if (!skipChair.has(s.urn))
      rows.push([s.urn, 'Chair of governors', chairName.get(s.urn), `chair@${s.slug}.ardenshire.sch.example`]);
    if (s.trust) {
      const chair = trustChairs.get(s.trust.code)!;
      rows.push([s.urn, 'Trust board chair', chair.name, chair.email]);
    }
  }
  return rows;
}

// System leaders: NLEs and LLEs based in strong schools, SLEs, and the LA's Learning Improvement Officers.
const strong = inCycle.filter((s) => {
  const r = inspections.get(s.urn);
  return (
    r &&
    (r['Latest OEIF overall effectiveness'] === '1' ||
      latestCard(s.urn)?.Achievement === 'strong standard' ||
      r['Latest OEIF quality of education'] === '1')
  );
});
const leaders: (string | number | undefined)[][] = [];
const leaderNames = new Set<string>();
/** A name no other system leader has: the sheet lists each leader once. */
function leaderName(): string {
  let name = `${pick(FIRST)} ${pick(LAST)}`;
  while (leaderNames.has(name)) name = `${pick(FIRST)} ${String.fromCharCode(65 + between(0, 25))} ${pick(LAST)}`;
  leaderNames.add(name);
  return name;
}
for (const [designation, n] of [
  ['NLE', 5],
  ['LLE', 12],
  ['SLE', 6],
] as const) {
  for (let i = 0; i < scaled(n); i++) {
    const home = pick(strong.length > 0 ? strong : inCycle);
    const phase = home.phaseName === 'Not applicable' ? 'special' : home.phaseName.toLowerCase();
    leaders.push([
      leaderName(),
      designation,
      home.urn,
      designation === 'NLE' ? `${phase}; ${phase === 'primary' ? 'special' : 'primary'}` : phase,
      pick(['Leadership', 'Maths', 'English and phonics', 'SEND', 'Governance', 'Early years']),
      designation === 'SLE' ? 1 : between(2, 3),
    ]);
  }
}
for (let i = 0; i < scaled(5); i++)
  leaders.push([leaderName(), 'LIO', '', 'primary; secondary; special', 'School improvement', 6]);
const LEADER_HEADERS = ['Name', 'Designation', 'Home school URN', 'Phases', 'Specialisms', 'Capacity'];
const CONSORTIA_HEADERS = ['URN', 'Consortium', 'Chair'];
// Each consortium or network is chaired by the headteacher of its first school listed: some of them lead schools
// that turn out to need support.
const chairOf = new Map<string, string>();
for (const s of inCycle) if (s.consortium && !chairOf.has(s.consortium)) chairOf.set(s.consortium, s.urn);
const consortiaRows = inCycle.map((s) => [s.urn, s.consortium, chairOf.get(s.consortium) === s.urn ? 'yes' : '']);

// ------------------------------------------------------------------ results and attendance, year by year
// DfE performance data, a little weaker where the latest inspection found weakness. Each school's figures for
// 2024/25 are drawn first, the years before worked back from them and 2025/26 forward; a term's files hold the
// years published by its date (key stage results by the December after the year; attendance by the March), three
// of each where there are three. Progress measures were not published (NP / NE), and small cohorts are suppressed.
const YEARS = ['2021/22', '2022/23', '2023/24', '2024/25', '2025/26'] as const;
type Year = (typeof YEARS)[number];
const endOf = (y: Year) => Number(`20${y.slice(-2)}`);
const resultsPublished = (y: Year) => `${endOf(y)}-12-01`;
const attendancePublished = (y: Year) => `${endOf(y) + 1}-03-20`;
function weakness(s: GeneratedSchool): number {
  const r = inspections.get(s.urn);
  if (!r) return 0;
  const values = Object.values(latestCard(s.urn) ?? {});
  return (
    (['3', '4'].includes(r['Latest OEIF overall effectiveness'] ?? '') ? 1 : 0) +
    values.filter((v) => v === 'needs attention' || v === 'urgent improvement').length * 0.5
  );
}
const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));
const KS2_HEADERS = [
  'RECTYPE',
  'LEA',
  'URN',
  'SCHNAME',
  'PTRWM_EXP',
  'PTRWM_EXP_FSM6CLA1A',
  'READPROG',
  'WRITPROG',
  'MATPROG',
];
const KS4_HEADERS = [
  'RECTYPE',
  'LEA',
  'URN',
  'SCHNAME',
  'ATT8SCR',
  'P8MEA',
  'ATT8SCR_FSM6CLA1A',
  'P8MEA_FSM6CLA1A',
  'PTL2BASICS_94',
];
const ATTENDANCE_HEADERS = [
  'time_period',
  'time_identifier',
  'geographic_level',
  'la_code',
  'school_urn',
  'school_name',
  'sess_overall_percent',
  'enrolments_pa_10_exact_percent',
  'enrolments_pa_50_exact_percent',
];
/** Severe absence (pupils missing half their sessions) follows overall absence. */
const severeAbsence = (absence: number) => Math.max(0.1, (absence - 3.5) * 0.6).toFixed(1);
const ks2Schools = inCycle.filter((s) => s.phaseName === 'Primary' && s.highAge === 11 && s.type !== 'Free schools');
const ks4Schools = inCycle.filter((s) => s.phaseName === 'Secondary');
const ks2Of = new Map<string, Partial<Record<Year, number>>>(
  ks2Schools.map((s) => [
    s.urn,
    { '2024/25': clamp(Math.round(62 - 12 * weakness(s) + (random() - 0.5) * 24), 5, 98) },
  ]),
);
const ks4Of = new Map<string, Partial<Record<Year, number>>>(
  ks4Schools.map((s) => [
    s.urn,
    { '2024/25': Number(clamp(46 - 6 * weakness(s) + (random() - 0.5) * 12, 20, 70).toFixed(1)) },
  ]),
);
const absenceOf = new Map<string, Partial<Record<Year, [number, number]>>>(
  inCycle.map((s) => {
    const absence = Number(clamp(5.8 + 1.2 * weakness(s) + (random() - 0.5) * 3, 2, 20).toFixed(1));
    return [s.urn, { '2024/25': [absence, Number(clamp(absence * 2.6 + (random() - 0.5) * 6, 1, 60).toFixed(1))] }];
  }),
);
const cohort = (s: GeneratedSchool) => Math.max(8, Math.round(s.pupils / 7));
/**
 * Works each school's figures back from 2024/25, and forward to 2025/26: a school that goes on to decline shows it
 * in the years before (`turns`: the years its figures worsen); the others' only wander by the noise of their size.
 */
function workOutYears(
  turns: ReadonlyMap<string, readonly Year[]>,
  attendanceTurns: ReadonlyMap<string, readonly Year[]> = turns,
) {
  const fall = (urn: string, y: Year) => turns.get(urn)?.includes(y) ?? false;
  const attendanceFalls = (urn: string, y: Year) => attendanceTurns.get(urn)?.includes(y) ?? false;
  for (const s of ks2Schools) {
    const values = ks2Of.get(s.urn)!;
    // A year's cohort differs from the last by chance, around the school's own level (not a walk away from it).
    const wander = () => Math.round((random() - 0.5) * 2 * Math.min(3, 20 / Math.sqrt(cohort(s))));
    const level = values['2024/25']!;
    let earlier = level;
    for (let i = YEARS.indexOf('2024/25'); i > 0; i--) {
      earlier += fall(s.urn, YEARS[i]!) ? between(10, 24) : 0;
      values[YEARS[i - 1]!] = clamp(earlier + wander(), 5, 98);
    }
    values['2024/25'] = clamp(level + wander(), 5, 98);
    if (fall(s.urn, '2025/26')) {
      // A sharp fall after steady years: an early warning, not yet three years of decline.
      values['2023/24'] = Math.min(values['2023/24']!, values['2024/25']);
      values['2025/26'] = clamp(values['2024/25'] - between(12, 20), 5, 98);
    } else values['2025/26'] = clamp(level + wander(), 5, 98);
  }
  for (const s of ks4Schools) {
    const values = ks4Of.get(s.urn)!;
    for (let i = YEARS.indexOf('2024/25'); i > 0; i--)
      values[YEARS[i - 1]!] = Number(
        clamp(values[YEARS[i]!]! + (fall(s.urn, YEARS[i]!) ? between(4, 7) : 0) + (random() - 0.5) * 4, 20, 70).toFixed(
          1,
        ),
      );
    values['2025/26'] = Number(
      clamp(values['2024/25']! - (fall(s.urn, '2025/26') ? between(4, 7) : 0) + (random() - 0.5) * 4, 20, 70).toFixed(
        1,
      ),
    );
  }
  for (const s of inCycle) {
    const values = absenceOf.get(s.urn)!;
    // A turn is a rise in absence of half a point to a point (more than a point would be a rule, not a warning).
    const step = (y: Year): [number, number] =>
      attendanceFalls(s.urn, y)
        ? [0.5 + random() * 0.45, 2 + random() * 2.5]
        : [(random() - 0.5) * 0.8, (random() - 0.5) * 3];
    for (let i = YEARS.indexOf('2024/25'); i > 0; i--) {
      const [rise, paRise] = step(YEARS[i]!);
      const [absence, pa] = values[YEARS[i]!]!;
      values[YEARS[i - 1]!] = [
        clamp(Number((absence - rise).toFixed(1)), 2, 20),
        clamp(Number((pa - paRise).toFixed(1)), 1, 60),
      ];
    }
    const [rise, paRise] = step('2025/26');
    const [absence, pa] = values['2024/25']!;
    values['2025/26'] = [
      clamp(Number((absence + rise).toFixed(1)), 2, 20),
      clamp(Number((pa + paRise).toFixed(1)), 1, 60),
    ];
  }
}
const fileYear = (y: Year) => `${y.slice(0, 4)}-${y.slice(-2)}`;
/** A year's figures as the DfE's files give them, with the authority's own line in the key stage files. */
function performanceFiles(year: Year) {
  const ks2 = ks2Schools.map((s) => {
    const v = ks2Of.get(s.urn)![year]!;
    return [
      1,
      LA_CODE,
      s.urn,
      s.name,
      `${v}%`,
      s.pupils < 120 ? 'SUPP' : `${clamp(v - 8 - (Number(s.urn) % 15), 0, 100)}%`,
      'NP',
      'NP',
      'NP',
    ];
  });
  const mean = Math.round(
    ks2Schools.reduce((n, s) => n + ks2Of.get(s.urn)![year]!, 0) / Math.max(1, ks2Schools.length),
  );
  return {
    ks2: [...ks2, [4, LA_CODE, '', LA_NAME, `${mean}%`, `${mean - 16}%`, 'NP', 'NP', 'NP']],
    ks4: ks4Schools.map((s) => {
      const a8 = ks4Of.get(s.urn)![year]!;
      return [
        1,
        LA_CODE,
        s.urn,
        s.name,
        a8.toFixed(1),
        'NE',
        (a8 - 8 - (Number(s.urn) % 7)).toFixed(1),
        'NE',
        `${clamp(Math.round(a8 * 1.4), 10, 95)}%`,
      ];
    }),
    attendance: inCycle.map((s) => {
      const [absence, pa] = absenceOf.get(s.urn)![year]!;
      return [
        `${year.slice(0, 4)}${year.slice(-2)}`,
        'Academic year',
        'School',
        LA_CODE,
        s.urn,
        s.name,
        absence.toFixed(1),
        pa.toFixed(1),
        severeAbsence(absence),
      ];
    }),
  };
}
/**
 * A term's performance files as downloaded on `asOf`: the three latest years of key stage results and of attendance
 * published by then, each file named with its year (the latest attendance file as the DfE names it, its year in its
 * time_period column).
 */
function writePerformanceAt(dir: string, asOf: string) {
  const results = YEARS.filter((y) => resultsPublished(y) <= asOf).slice(-3);
  const attendance = YEARS.filter((y) => attendancePublished(y) <= asOf).slice(-3);
  for (const y of results) {
    const files = performanceFiles(y);
    write(dir, `ks2-performance-${fileYear(y)}.csv`, KS2_HEADERS, files.ks2);
    write(dir, `ks4-performance-${fileYear(y)}.csv`, KS4_HEADERS, files.ks4);
  }
  for (const y of attendance)
    write(
      dir,
      y === attendance.at(-1) ? 'attendance.csv' : `attendance-${fileYear(y)}.csv`,
      ATTENDANCE_HEADERS,
      performanceFiles(y).attendance,
    );
}

async function writeXlsx(term: string, file: string, headers: string[], rows: (string | number | undefined)[][]) {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Ardenshire County Council';
  workbook.created = new Date(Date.UTC(2026, 11, 15));
  workbook.modified = workbook.created;
  const sheet = workbook.addWorksheet('Contacts');
  sheet.addRow(headers).font = { bold: true };
  for (const row of rows) sheet.addRow(row.map((v) => (typeof v === 'string' && /^\d{6,7}$/.test(v) ? Number(v) : v)));
  for (const c of sheet.columns) c.width = 28;
  const dir = termFolder(term);
  writeFileSync(join(dir, file), new Uint8Array(await workbook.xlsx.writeBuffer()));
}

// ------------------------------------------------------------------ the terms
// Every term is run on its own scheduled day (the first day of term, cdk.json's termStartDates): its files are
// those of that day. The history's six terms (autumn 2024 to summer 2026) are for the early-warning backtest; the
// example's own are autumn 2026, spring 2027 and summer 2027 (a larger authority made to measure has the first two).
const TERM_START_DATES = { autumn: '09-03', spring: '01-05', summer: '04-20' } as const;
const AUTUMN = '2026-autumn';
const SPRING = '2027-spring';
const SUMMER = '2027-summer';
const runDay = (term: string) => termStartDate(term, TERM_START_DATES);

// Which schools turn, and when. Those that went on to decline before the autumn (a key-judgement inspection below
// good, a weak report card, a concern raised) show turning figures a year or two before it, most of them; and some
// schools in A or B this autumn turn in 2025/26, which the spring's files show, before a weak report card in the spring
// term.
const kjBelowGood = [...inspections]
  .filter(
    ([, r]) =>
      r['Latest OEIF overall effectiveness'] === '9' &&
      KEY_JUDGEMENT_COLUMNS.some((k) => ['3', '4'].includes(r[`Latest OEIF ${k}`] ?? '')),
  )
  .map(([urn]) => urn);
const weakCard = (r: Row | undefined) =>
  r !== undefined && Object.values(r).some((v) => v === 'needs attention' || v === 'urgent improvement');
const turnsIn = new Map<string, Year[]>();
for (const urn of kjBelowGood) if (chance(0.75)) turnsIn.set(urn, ['2022/23', '2023/24']);
for (const [urn, cards] of reportCards)
  if (weakCard(cards[0]) && !turnsIn.has(urn) && chance(0.7)) turnsIn.set(urn, ['2024/25']);
for (const i of intelligence)
  if (i.type === 'concern' && !turnsIn.has(i.urn) && chance(0.5)) turnsIn.set(i.urn, ['2024/25']);
const untouched = (s: GeneratedSchool) =>
  !turnsIn.has(s.urn) &&
  !reportCards.has(s.urn) &&
  s.type !== 'Free schools' &&
  s !== successor &&
  s.urn !== noticeSchool.urn;
const laterDecliners = SCALED
  ? []
  : sample(
      8,
      (s) =>
        untouched(s) &&
        (s.phaseName === 'Primary' || s.phaseName === 'Secondary') &&
        ['1', '2', '9'].includes(inspections.get(s.urn)?.['Latest OEIF overall effectiveness'] ?? ''),
    );
for (const s of laterDecliners) {
  turnsIn.set(s.urn, ['2025/26']);
  // Two headteachers in three years.
  intelligence.push({
    urn: s.urn,
    type: 'new headteacher',
    date: ukDate('2024-01-08', '2024-07-12'),
    status: 'open',
    summary: 'Substantive headteacher appointed',
  });
  intelligence.push({
    urn: s.urn,
    type: 'new headteacher',
    date: ukDate('2026-04-15', '2026-07-15'),
    status: 'open',
    summary: 'Substantive headteacher appointed after the last one left',
  });
}
// Their attendance slipped the year before (published in March 2026), so the spring sees two signals at once.
workOutYears(
  turnsIn,
  new Map(
    [...turnsIn].map(([urn, years]) => [
      urn,
      laterDecliners.some((s) => s.urn === urn) ? ['2024/25', ...years] : years,
    ]),
  ),
);

async function writeTerm(
  term: string,
  extras: {
    taskGroupReports?: (string | undefined)[][];
    baseline?: (string | undefined)[][];
    badRows?: boolean;
    contactsAsXlsx?: boolean;
  },
) {
  const asOf = runDay(term);
  write(term, 'register.csv', REGISTER_HEADERS, register);
  write(term, 'links.csv', LINK_HEADERS, linkRows);
  write(term, 'consortia.csv', CONSORTIA_HEADERS, consortiaRows, { bom: true });
  writePerformanceAt(term, asOf);
  const ofsted = ofstedFileAt(asOf);
  const intel = intelligenceAt(asOf);
  const contacts = contactRows();
  if (extras.badRows) {
    // Real files have mistakes; these show officers what a rejected row, and a value left out of a row, look like.
    const s = inCycle.find(
      (x) => inspections.get(x.urn)?.['Latest OEIF overall effectiveness'] === '2' && !reportCards.has(x.urn),
    )!;
    const row = ofsted.rows.find((r) => r[0] === s.urn)!;
    row[ofsted.headers.indexOf('Latest OEIF overall effectiveness')] = '5';
    // A school Ofsted lists under the authority that this register extract does not have yet.
    const missing = ofstedFileAt(asOf).rows[0]!.map((v, i) =>
      i === 0 ? '150001' : i === 1 ? `${LA_CODE}2999` : i === 2 ? 'Ashdown Vale Primary School' : v,
    );
    ofsted.rows.push(missing);
    intel.push([inCycle[11]!.urn, 'concern', '31/02/2026', 'open', 'Date typed wrongly in the spreadsheet']);
    contacts.push([inCycle[13]!.urn, 'Deputy head', 'A N Other', 'deputy@example']);
  }
  write(term, 'ofsted-inspections.csv', ofsted.headers, ofsted.rows);
  write(term, 'intelligence.csv', INTEL_HEADERS, intel, { bom: true });
  // Spring's contacts come straight from Excel, as many authorities keep them.
  if (extras.contactsAsXlsx) await writeXlsx(term, 'contacts.xlsx', ['URN', 'Role', 'Name', 'Email'], contacts);
  else write(term, 'contacts.csv', ['URN', 'Role', 'Name', 'Email'], contacts, { bom: true });
  write(term, 'system-leaders.csv', LEADER_HEADERS, leaders, { bom: true });
  write(term, 'task-group-reports.csv', ['URN', 'Term', 'Impact', 'Summary'], extras.taskGroupReports ?? [], {
    bom: true,
  });
  if (extras.baseline) write(term, 'previous-categories.csv', ['URN', 'Category'], extras.baseline, { bom: true });
}

/** Reads a term's generated files as intake would, on the term's own date. */
function intakeOf(term: string) {
  const dir = join(args.out!, term);
  const files = new Map(readdirSync(dir).map((f) => [f, new Uint8Array(readFileSync(join(dir, f)))]));
  return readTermIntake(files, { laCode: LA_CODE, notAfter: runDay(term.split('/').at(-1)!) });
}
/** Categorises a term's generated files with the real core, so the baseline and reports are plausible. */
function categoriesOf(term: string): Map<string, Category> {
  return new Map(
    replayTermFiles(term, intakeOf(term), METHODOLOGY, METHODOLOGY.earlyWarning!, runDay(term)).categories,
  ) as Map<string, Category>;
}

// ------------------------------------------------------------------ autumn 2026
await writeTerm(AUTUMN, { badRows: true });
const autumn = categoriesOf(AUTUMN);
// The baseline from the spreadsheet the LA used before: mostly what the evidence says, with some differences
// (schools whose situation changed over the summer).
const baseline = [...autumn].map(([urn, category]) => {
  if (!chance(0.1)) return [urn, category];
  const i = CATEGORIES.indexOf(category as (typeof CATEGORIES)[number]);
  return [urn, CATEGORIES[Math.max(0, Math.min(3, i + pick([-1, 1])))]];
});
await writeTerm(AUTUMN, { badRows: true, baseline });

// ------------------------------------------------------------------ spring 2027: what happened over the autumn term
// New report cards from inspections in September to November 2026 (published before the spring term starts).
for (const s of sample(
  scaled(14),
  (x) => x.type !== 'Free schools' && x !== successor && !laterDecliners.includes(x),
)) {
  const was = autumn.get(s.urn);
  addReportCard(
    s.urn,
    reportCard(s, '2026-09-15', '2026-11-20', was === 'C' || was === 'D' ? 'better' : chance(0.4) ? 'worse' : 'any'),
  );
}
// Intelligence moves on: concerns closed, staffing resolved, interim heads replaced, the warning notice withdrawn,
// a new concern, new headteachers from January.
closeSome('concern', 0.5, '2026-09-04', '2026-12-18');
closeSome('staffing', 0.6, '2026-09-04', '2026-12-18');
closeSome('interim headteacher', 0.5, '2026-09-04', '2026-12-18');
intelligence.push({
  urn: noticeSchool.urn,
  type: 'warning notice',
  date: '09/12/2026',
  status: 'withdrawn',
  summary: 'Warning notice withdrawn: the school complied and standards are rising',
});
for (const s of sample(scaled(2)))
  intelligence.push({
    urn: s.urn,
    type: 'concern',
    date: ukDate('2026-10-01', '2026-12-10'),
    status: 'open',
    summary: 'Safeguarding audit actions overdue',
  });
for (const s of sample(scaled(4)))
  intelligence.push({
    urn: s.urn,
    type: 'new headteacher',
    date: '01/01/2027',
    status: 'open',
    summary: 'New headteacher from January',
  });
// Task groups met through the autumn: their reports feed the spring risk assessment.
const reportsOfTerm = (categories: Map<string, Category>, term: string) =>
  [...categories]
    .filter(([, c]) => c === 'C' || c === 'D')
    .map(([urn]) => {
      const impact = weighted<string>([
        ['strong', 3],
        ['adequate', 5],
        ['insufficient', 2],
      ]);
      return [
        urn,
        term,
        impact,
        impact === 'insufficient'
          ? 'Actions from the last visit not completed; leadership capacity remains thin'
          : 'Improvement plan on track; next review at the next visit',
      ];
    });
const reports = reportsOfTerm(autumn, AUTUMN);
await writeTerm(SPRING, { taskGroupReports: reports, contactsAsXlsx: true });
const spring = categoriesOf(SPRING);

// The AAGs' decisions, as each returns its proposals sheet (no date in its Decided by: the record dates each
// decision by when it was put in). Autumn: Riverton's AAG does not meet the deadline, so its proposals stand,
// undecided. Spring: every AAG decides; one overrides a proposed change with its rationale, and one chooses the
// support school for a school in D itself. Summer: every AAG agrees.
const districtOf = new Map(inCycle.map((s) => [s.urn, s]));
interface AagDecision {
  category?: string;
  supportSchool?: string;
  days?: number;
  fundedBy?: string;
  rationale: string;
}
function decisionRows(categories: Map<string, Category>, skip: string[], decided: Map<string, AagDecision>) {
  return [...categories]
    .filter(([urn]) => !skip.includes(districtOf.get(urn)!.district))
    .sort(([a], [b]) => (districtOf.get(a)!.district + a).localeCompare(districtOf.get(b)!.district + b))
    .map(([urn, category]) => {
      const school = districtOf.get(urn)!;
      const d = decided.get(urn);
      return decisionsRow({
        district: school.district,
        urn,
        school: school.name,
        proposed: category,
        decision: d?.category ? 'override' : 'agree',
        category: d?.category,
        supportSchool: d?.supportSchool,
        days: d?.days,
        fundedBy: d?.fundedBy,
        rationale: d?.rationale,
        decidedBy: `${school.district} AAG`,
      });
    });
}
write(AUTUMN, 'aag-decisions.csv', DECISIONS_HEADERS, decisionRows(autumn, ['Riverton'], new Map()));
const proposedChange =
  [...spring].find(([urn, c]) => c === 'C' && autumn.get(urn) === 'B') ??
  [...spring].find(([urn, c]) => c !== autumn.get(urn) && c !== 'D')!;
// A school in D whose AAG pairs it with a school of its own phase and area that it knows has led such a recovery:
// the last such school by URN, where the brokering would look to the consortium and the lowest URN first.
const [supportedUrn] = [...spring].find(
  ([urn, c]) => c === 'D' && urn !== proposedChange[0] && !districtOf.get(urn)!.trust,
)!;
const supported = districtOf.get(supportedUrn)!;
const chosenSupport = inCycle
  .filter(
    (s) =>
      s.urn !== supportedUrn &&
      spring.get(s.urn) === 'A' &&
      s.district === supported.district &&
      s.phaseName === supported.phaseName,
  )
  .sort((a, b) => b.urn.localeCompare(a.urn))[0]!;
const springDecisions = new Map<string, AagDecision>([
  [
    proposedChange[0],
    {
      category: autumn.get(proposedChange[0])!,
      rationale: `The AAG has seen the school's recovery plan and the LIO's December visit note; it keeps the school in category ${autumn.get(proposedChange[0])} and will review it at the summer AAG`,
    },
  ],
  [
    supportedUrn,
    {
      supportSchool: chosenSupport.urn,
      days: 15,
      fundedBy: "the school's own budget, with the governors' agreement",
      rationale: `${chosenSupport.name}'s headteacher led a similar recovery in 2024; the AAG pairs the schools, for 15 days this term, which the school pays for`,
    },
  ],
]);
write(SPRING, 'aag-decisions.csv', DECISIONS_HEADERS, decisionRows(spring, [], springDecisions));
/** Each school's category as its AAG agreed it: the proposal, or the AAG's own. */
const agreedIn = (categories: Map<string, Category>, decisions: Map<string, AagDecision>) =>
  new Map([...categories].map(([urn, c]) => [urn, (decisions.get(urn)?.category ?? c) as Category]));
const springAgreed = agreedIn(spring, springDecisions);

// The notes of a term's visits, taken in with the next term's files: a school in C was to be visited once, in D once
// each half term. Most visits were made; a few schools missed one, and some have not responded yet.
const FOCUS = [
  'Reading and phonics',
  'Leadership capacity',
  'Behaviour and attendance',
  'Curriculum in key stage 2',
  'SEND provision',
  'Safeguarding actions',
  'Governance',
];
function visitNotes(
  categories: Map<string, Category>,
  halves: [[string, string], [string, string]],
): { rows: (string | number | undefined)[][]; missed: number } {
  const rows: (string | number | undefined)[][] = [];
  let missed = 0;
  for (const [urn, category] of [...categories].sort(([a], [b]) => a.localeCompare(b))) {
    const planned = category === 'D' ? 2 : category === 'C' ? 1 : 0;
    const visitor = pick(leaders);
    let made = 0;
    for (let v = 0; v < planned; v++) {
      if (chance(0.12)) continue;
      made += 1;
      const [from, to] = planned === 2 ? halves[v]! : [halves[0][0], halves[1][1]];
      const focus = pick(FOCUS);
      rows.push([
        urn,
        ukDate(from, to),
        `${visitor[0]} (${visitor[1]})`,
        focus,
        `${focus}: ${pick(['actions from the last visit completed', 'some progress; actions only partly completed', 'little change since the last visit'])}`,
        pick([
          'Leaders to review the plan with governors',
          'Share the action plan with staff and track it weekly',
          'Book the support school’s lead for a joint review',
        ]),
        chance(0.8)
          ? pick([
              'Agreed; the plan is updated',
              'Agreed, with a later date for the review',
              'The governors will discuss this at their next meeting',
            ])
          : '',
      ]);
    }
    missed += planned - made;
  }
  return { rows, missed };
}
const VISIT_HEADERS = Object.values(visitNotesSheet.columns).map((c) => c.header);
const autumnVisits = visitNotes(autumn, [
  ['2026-09-14', '2026-10-21'],
  ['2026-11-02', '2026-12-16'],
]);
write(SPRING, 'visit-notes.csv', VISIT_HEADERS, autumnVisits.rows);

// Formal warning notices. Three schools in D in both terms had task groups before the cycle began, whose spring and
// summer 2026 reports found the impact of support insufficient: the autumn cycle proposes a notice to the two
// maintained schools and a referral of the academy to the DfE; the ECB issues both notices (to comply by 11 December)
// and refers the academy. In the autumn one task group still finds the impact insufficient and the other finds it
// strong: in the spring the first notice has not been complied with and the ECB escalates it; the second it withdraws.
const notDecidedElsewhere = (urn: string) =>
  urn !== supportedUrn && urn !== proposedChange[0] && urn !== noticeSchool.urn && urn !== successor.urn;
const inDBothTerms = [...autumn]
  .filter(([urn, c]) => c === 'D' && spring.get(urn) === 'D' && notDecidedElsewhere(urn))
  .map(([urn]) => districtOf.get(urn)!)
  .sort((a, b) => a.urn.localeCompare(b.urn));
const [toEscalate, toWithdraw] = inDBothTerms.filter((s) => !s.trust);
const toRefer = inDBothTerms.find((s) => s.trust);
if (!toEscalate || !toWithdraw || !toRefer)
  throw new Error('the example needs two maintained schools and an academy in D in both terms for its warning notices');
const noticed = [toEscalate, toRefer, toWithdraw].sort((a, b) => a.urn.localeCompare(b.urn));
// Each report with the school's response to it (every fifth has none yet).
const RESPONSE: Record<string, string> = {
  strong: 'The governors welcome the report and will keep the plan under review',
  adequate: 'Agreed; the plan is updated for the next term',
  insufficient: 'The governors accept the findings and have asked the AAG for further support',
};
const TASK_GROUP_HEADERS = Object.values(taskGroupReportsSheet.columns).map((c) => c.header);
const withResponses = (rows: (string | undefined)[][]) =>
  rows.map((row, i) => [...row, i % 5 === 4 ? '' : RESPONSE[row[2]!]]);
write(
  AUTUMN,
  'task-group-reports.csv',
  TASK_GROUP_HEADERS,
  withResponses(
    noticed.flatMap((s) => [
      [
        s.urn,
        '2026-spring',
        'insufficient',
        'The improvement plan has not been followed; governors have not challenged leaders on it',
      ],
      [
        s.urn,
        '2026-summer',
        'insufficient',
        'Key actions overdue again; outcomes in reading and mathematics have not improved',
      ],
    ]),
  ),
  { bom: true },
);
const impactInAutumn = new Map([
  [toEscalate.urn, ['insufficient', 'Actions from the notice not completed; leadership capacity remains thin']],
  [
    toWithdraw.urn,
    ['strong', 'The action plan agreed after the notice is on track; governors now hold leaders to account'],
  ],
]);
write(
  SPRING,
  'task-group-reports.csv',
  TASK_GROUP_HEADERS,
  withResponses(
    reports.map(([urn, term, impact, summary]) => {
      const set = impactInAutumn.get(urn!);
      return set ? [urn, term, set[0], set[1]] : [urn, term, impact, summary];
    }),
  ),
  { bom: true },
);
// The ECB's decisions, given when it meets during the AAGs' and its own deadlines: recorded on the run's date.
const ecbRow = (s: GeneratedSchool, decision: string, rationale: string, complianceDate = '') =>
  ecbDecisionsRow({
    urn: s.urn,
    school: s.name,
    district: s.district,
    governance: s.trust ? 'academy' : 'maintained',
    decision,
    complianceDate,
    rationale,
    decidedBy: 'ECB',
  });
write(AUTUMN, 'ecb-decisions.csv', ECB_DECISIONS_HEADERS, [
  ecbRow(
    toEscalate,
    'issue',
    'Two terms of insufficient impact of support; the governors have not secured the actions agreed with the AAG',
    '11/12/2026',
  ),
  ecbRow(
    toRefer,
    'refer',
    "Two terms of insufficient impact of support; the trust has not responded to the AAG's offer of further support",
  ),
  ecbRow(
    toWithdraw,
    'issue',
    'Two terms of insufficient impact of support; outcomes in reading and mathematics have not improved',
    '11/12/2026',
  ),
]);
write(SPRING, 'ecb-decisions.csv', ECB_DECISIONS_HEADERS, [
  ecbRow(
    toEscalate,
    'escalate',
    'The school has not complied with the notice: the ECB asks officers to propose an Interim Executive Board to its March meeting',
  ),
  ecbRow(
    toWithdraw,
    'withdraw',
    'The school has complied with the notice: the action plan is on track and the task group finds the impact of support strong',
  ),
]);

// The TSC board's answers to two of the autumn's requests for a system leader (the autumn's brokering, replayed with
// the real core, finds which schools the AAGs could not find one for): one offered a specialist leader, one none. The
// rest go unanswered: those the spring brokering cannot meet stay on the report.
const autumnIntake = intakeOf(AUTUMN);
if (!SCALED) {
  const byUrn = groupByUrn(autumnIntake.inspections);
  const [intel, perf] = [groupByUrn(autumnIntake.intelligence), groupByUrn(autumnIntake.performance)];
  const assessed = autumnIntake.schools.map((school) =>
    assessSchool(
      {
        school,
        inspections: byUrn.get(school.urn) ?? [],
        intelligence: intel.get(school.urn) ?? [],
        taskGroupReports: [],
        performance: perf.get(school.urn) ?? [],
      },
      METHODOLOGY,
      AUTUMN,
      runDay(AUTUMN),
      undefined,
    ),
  );
  const unmet = brokerSupport({
    term: AUTUMN,
    schools: autumnIntake.schools,
    assessments: assessed,
    systemLeaders: autumnIntake.systemLeaders,
    methodology: METHODOLOGY,
  })
    .filter((s) => s.unmet.some((u) => !u.includes('school-to-school')) && spring.get(s.urn) === 'C')
    .sort((a, b) => a.urn.localeCompare(b.urn));
  const [offeredTo, noneFor] = unmet;
  if (!offeredTo || !noneFor)
    throw new Error(
      "the example's TSC responses need two autumn schools, in C in the spring, that the AAGs found no system leader for",
    );
  write(
    SPRING,
    'tsc-responses.csv',
    Object.values(tscResponsesSheet.columns).map((c) => c.header),
    [
      [
        offeredTo.urn,
        'a system leader or LIO',
        'offered',
        'Sarah Lee (SLE, reading), Harbour Teaching School Hub',
        'Available from the second half of the autumn term; the AAG to agree the days',
        'TSC board',
        '20/10/2026',
      ],
      [
        noneFor.urn,
        'a system leader or LIO',
        'none',
        '',
        'No primary leader has capacity this term; the board will recruit two LLEs for the spring',
        'TSC board',
        '20/10/2026',
      ],
    ],
  );
}

// Figures for the ECB's measures that the cycle's data does not give (measures/default.yaml, kind: input): EHC plans
// issued within 20 weeks and suspensions, as the SEN2 return and the exclusions statistics give them.
const FIGURE_HEADERS = Object.values(measureFiguresSheet.columns).map((c) => c.header);
const MEASURE_FIGURES = [
  ['ehc-plans-within-20-weeks', '49.5', '31/08/2026', '', 'SEN2 return: plans issued September 2025 to August 2026'],
  ['suspensions', '9.8', '31/07/2026', '', 'Suspensions per 100 pupils, academic year 2025/26 (provisional)'],
  ['ehc-plans-within-20-weeks', '58.0', '31/12/2026', '', 'Plans issued September to December 2026'],
  ['suspensions', '10.1', '31/12/2026', '', 'Suspensions per 100 pupils, autumn term 2026, annualised'],
  ['ehc-plans-within-20-weeks', '61.5', '31/03/2027', '', 'Plans issued September 2026 to March 2027'],
  ['suspensions', '9.6', '31/03/2027', '', 'Suspensions per 100 pupils, autumn and spring terms 2026/27, annualised'],
];
for (const term of SCALED ? [AUTUMN, SPRING] : [AUTUMN, SPRING, SUMMER])
  write(
    term,
    'measure-figures.csv',
    FIGURE_HEADERS,
    MEASURE_FIGURES.filter((f) => isoOf(f[2]!) <= runDay(term)),
  );

// ------------------------------------------------------------------ summer 2027: what happened over the spring term
let summer = new Map<string, Category>();
let springVisits = { rows: [] as (string | number | undefined)[][], missed: 0 };
if (!SCALED) {
  // New report cards from inspections in January to March 2027: those whose figures turned in 2025/26 are weaker.
  for (const s of laterDecliners) addReportCard(s.urn, reportCard(s, '2027-01-12', '2027-03-10', 'worse'));
  for (const s of sample(
    6,
    (x) =>
      (springAgreed.get(x.urn) === 'C' || springAgreed.get(x.urn) === 'D') &&
      x.type !== 'Free schools' &&
      x !== successor,
  ))
    addReportCard(s.urn, reportCard(s, '2027-01-12', '2027-03-10', 'better'));
  closeSome('concern', 0.4, '2027-01-06', '2027-04-10');
  closeSome('staffing', 0.5, '2027-01-06', '2027-04-10');
  closeSome('interim headteacher', 0.5, '2027-01-06', '2027-04-10');
  for (const s of sample(2, (x) => springAgreed.get(x.urn) === 'A'))
    intelligence.push({
      urn: s.urn,
      type: 'concern',
      date: ukDate('2027-02-01', '2027-03-31'),
      status: 'open',
      summary: 'Concerns raised about attendance and behaviour since January',
    });
  await writeTerm(SUMMER, { taskGroupReports: withResponses(reportsOfTerm(springAgreed, SPRING)) });
  summer = categoriesOf(SUMMER);
  write(SUMMER, 'aag-decisions.csv', DECISIONS_HEADERS, decisionRows(summer, [], new Map()));
  springVisits = visitNotes(springAgreed, [
    ['2027-01-11', '2027-02-12'],
    ['2027-02-23', '2027-03-31'],
  ]);
  write(SUMMER, 'visit-notes.csv', VISIT_HEADERS, springVisits.rows);
}

// ------------------------------------------------------------------ the history: six terms before the autumn
// The early-warning policy is judged by replaying earlier terms (npm run backtest). Ardenshire's history, from autumn
// 2024 to summer 2026, is written to <out>/history/<term>/ with the files the risk assessment reads, each as the term
// downloaded it on its first day: the register, Ofsted's file (the report-card layout from spring 2026), the LA's
// intelligence known by then, the contacts, and the key stage and attendance figures published by then.
const HISTORY = SCALED
  ? []
  : ['2024-autumn', '2025-spring', '2025-summer', '2025-autumn', '2026-spring', '2026-summer'];
const historyContacts = contactRows();
const replayed: ReplayedTerm[] = [];
for (const term of HISTORY) {
  const asOf = runDay(term);
  const dir = join('history', term);
  // Before the conversion (April 2025) the predecessor is open and the academy is not yet; the free school opens in
  // September 2025.
  const converted = asOf >= isoOf(successor.openDate);
  const open = (urn: string) => isoOf(schools.find((x) => x.urn === urn)!.openDate) <= asOf;
  write(
    dir,
    'register.csv',
    REGISTER_HEADERS,
    register
      .filter((r) => open(String(r[0])))
      .map((r) =>
        r[0] === predecessor.urn && !converted
          ? r.map((v, i) => (i === 7 ? 'Open' : i === 13 ? 205 : i === 21 ? '' : v))
          : r,
      ),
  );
  if (converted) write(dir, 'links.csv', LINK_HEADERS, linkRows);
  write(
    dir,
    'contacts.csv',
    ['URN', 'Role', 'Name', 'Email'],
    historyContacts.filter((r) => open(r[0]!)),
    { bom: true },
  );
  const ofsted = ofstedFileAt(asOf);
  write(dir, 'ofsted-inspections.csv', ofsted.headers, ofsted.rows);
  write(dir, 'intelligence.csv', INTEL_HEADERS, intelligenceAt(asOf), { bom: true });
  writePerformanceAt(dir, asOf);
}
// What the backtest will find, as the generator sees it.
for (const term of [...HISTORY.map((t) => join('history', t)), AUTUMN, SPRING, ...(SCALED ? [] : [SUMMER])]) {
  const name = term.split('/').at(-1)!;
  replayed.push(replayTermFiles(name, intakeOf(term), METHODOLOGY, METHODOLOGY.earlyWarning!, runDay(name)));
}
const history = backtest(replayed, brokeredCategories(METHODOLOGY));

const count = (m: Map<string, Category>) =>
  CATEGORIES.map((c) => `${c} ${[...m.values()].filter((v) => v === c).length}`).join(', ');
console.log(
  `Example authority written to ${args.out}/ (seed ${args.seed}): ${schools.length} register rows, ${inCycle.length} schools in the cycle`,
);
console.log(`  ${AUTUMN}: ${count(autumn)}`);
console.log(
  `  ${SPRING}: ${count(spring)}; ${[...spring].filter(([urn, c]) => autumn.get(urn) !== c).length} schools change category from autumn`,
);
if (!SCALED)
  console.log(
    `  ${SUMMER}: ${count(summer)}; ${[...summer].filter(([urn, c]) => springAgreed.get(urn) !== c).length} schools change category from spring`,
  );
console.log(
  `  warning notices: ${toEscalate.name} (${toEscalate.urn}) issued in the autumn, not complied with and escalated in the spring; ${toWithdraw.name} (${toWithdraw.urn}) issued, then withdrawn; ${toRefer.name} (${toRefer.urn}, an academy) referred to the DfE`,
);
console.log(
  `  visit notes: the autumn's (taken in with spring) ${autumnVisits.rows.length}, ${autumnVisits.missed} planned visits missed${SCALED ? '' : `; the spring's (with summer) ${springVisits.rows.length}, ${springVisits.missed} missed`}`,
);
console.log(
  `  AAG decisions: autumn, Riverton misses the deadline; spring, ${districtOf.get(proposedChange[0])!.name} (${proposedChange[0]}) kept in ${autumn.get(proposedChange[0])} instead of ${proposedChange[1]}; ${supported.name} (${supportedUrn}) paired with ${chosenSupport.name} (${chosenSupport.urn}); summer, every AAG agrees`,
);
if (!SCALED)
  console.log(
    `  history (${HISTORY[0]} to ${HISTORY.at(-1)}, in history/): ${turnsIn.size} schools' figures turn before they decline; replayed with the example's terms, ${history.flagged} flagged, ${history.declined} of them declined, ${history.declines} declines, ${history.missed} missed, precision ${history.precision === undefined ? 'none' : `${Math.round(history.precision * 100)}%`}; flagged in ${AUTUMN}: ${replayed.at(-3)!.flagged.size}, in ${SPRING}: ${replayed.at(-2)!.flagged.size}`,
  );

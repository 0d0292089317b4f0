/**
 * Generates the bundled example authority: Ardenshire, a fictional county of about 250 maintained schools and
 * academies in five districts, over two consecutive terms (autumn 2026, spring 2027), in the file formats real
 * data arrives in (GIAS extract, Ofsted management information, the LA's own sheets). Seeded: the same seed
 * always writes the same data (an .xlsx workbook differs only in its zip timestamps).
 *
 *   npm run generate:example [-- --seed 2026 --out example]
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { toCsv } from '../functions/core/csv';
import ExcelJS from 'exceljs';
import { measureFiguresSheet, readTermIntake, taskGroupReportsSheet, tscResponsesSheet, visitNotesSheet } from '../functions/core/intake';
import { loadMethodologyFile } from '../functions/adapters/methodology-file';
import { DECISIONS_HEADERS, decisionsRow } from '../functions/core/assessment/moderation';
import type { Category } from '../functions/core/types';
import { MOST_SCHOOLS } from '../lib/termly-cycle-state-machine';
import { backtest, replayTermFiles, type ReplayedTerm } from '../functions/core/assessment/backtest';
import { brokeredCategories } from '../functions/core/assessment/methodology';
import { termStartDate } from '../functions/core/term';
import { ECB_DECISIONS_HEADERS, ecbDecisionsRow } from '../functions/core/intervention/warning-notices';

const CATEGORIES = ['A', 'B', 'C', 'D'] as const;
const METHODOLOGY = loadMethodologyFile(join(import.meta.dirname, '..', 'methodologies', 'default.yaml'));

const { values: args } = parseArgs({ options: { seed: { type: 'string', default: '2026' }, out: { type: 'string', default: 'example' }, schools: { type: 'string' } } });
/**
 * --schools <n>: an authority of about n schools in the same formats, for measuring the cycle at size (npm run
 * bench): more districts of the same make-up, without the example's history and its hand-set stories where the
 * size leaves no school to tell them of.
 */
const SCALED = args.schools !== undefined;
const WANTED = SCALED ? Number(args.schools) : undefined;
// At most the most schools the state machine's timeout is built for (lib/termly-cycle-state-machine.ts).
if (WANTED !== undefined && !(Number.isInteger(WANTED) && WANTED >= 250 && WANTED <= MOST_SCHOOLS)) {
  console.error(`--schools ${args.schools}: give a whole number of schools from 250 (the example's own size) to ${MOST_SCHOOLS}`);
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
    if ((r -= weight) < 0) return value;
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
  'Abbots Ley', 'Alderbury', 'Ambridge', 'Ashcombe', 'Aston Parva', 'Barford', 'Beckley', 'Bishopstone', 'Bramcote', 'Brockhurst',
  'Burley', 'Calder', 'Charlecote', 'Chilcote', 'Claybrook', 'Coldharbour', 'Coombe', 'Cranmere', 'Dalby', 'Denton', 'Dunmore',
  'Elmstead', 'Farleigh', 'Fenwick', 'Fernhill', 'Foxley', 'Frampton', 'Gaddesby', 'Glenfield', 'Greystoke', 'Hadley', 'Halford',
  'Harbury', 'Hartwell', 'Hawkridge', 'Heathcote', 'Holbrook', 'Hollins', 'Ilmer', 'Kenbury', 'Kingsholm', 'Kirkby Vale', 'Langley',
  'Lark Rise', 'Lawford', 'Leamore', 'Linford', 'Lockton', 'Longmarsh', 'Lowick', 'Marden', 'Marston', 'Meadowbank', 'Melbury',
  'Middlecott', 'Millbrook', 'Moreton', 'Netherby', 'Newbold', 'Northam', 'Oakfield', 'Oakhanger', 'Oldbury', 'Orchard Vale',
  'Oxhill', 'Pennington', 'Pillerton', 'Priors Hardwick', 'Quarry Bank', 'Radway', 'Ratley', 'Redhill', 'Ridgeway', 'Rosedale',
  'Rowington', 'Salford', 'Sandford', 'Shirebrook', 'Shotteswell', 'Snitterfield', 'Southam Moor', 'Stanway', 'Stockton', 'Stoneleigh',
  'Sutton Cheney', 'Tanworth', 'Temple Grafton', 'Thornbury', 'Tidmington', 'Upton', 'Walcote', 'Walton', 'Wardington', 'Weston',
  'Whitchurch', 'Whitnash', 'Willoughby', 'Wolston', 'Woodcote', 'Wootton', 'Wroxall', 'Yarnfield',
];
// About 48 schools in the cycle to a district; a larger authority has more districts, named after its places.
const DISTRICTS: readonly string[] = WANTED === undefined
  ? OWN_DISTRICTS
  : [...OWN_DISTRICTS, ...Array.from({ length: Math.max(0, Math.round(WANTED / 48.5) - OWN_DISTRICTS.length) }, (_, i) => `${PLACES[i % PLACES.length]}${i >= PLACES.length ? ` ${Math.floor(i / PLACES.length) + 1}` : ''} District`)];
const FIRST = ['Amelia', 'Andrew', 'Anita', 'Ben', 'Catherine', 'Claire', 'Daniel', 'David', 'Deborah', 'Eleanor', 'Emma', 'Fiona', 'Gareth', 'Hannah', 'Helen', 'Ian', 'James', 'Jo', 'Karen', 'Kwame', 'Laura', 'Mark', 'Michelle', 'Nadia', 'Neil', 'Oliver', 'Priya', 'Rachel', 'Richard', 'Sarah', 'Siobhan', 'Simon', 'Tom', 'Yusuf', 'Zoë', 'Siân', 'Róisín'];
const LAST = ['Adams', 'Ahmed', 'Bailey', 'Bennett', 'Brown', 'Chapman', 'Clarke', 'Davies', 'Edwards', 'Evans', 'Fletcher', 'Green', 'Hall', 'Harris', 'Hughes', 'Jones', 'Khan', 'Lewis', 'Martin', 'Morgan', 'Nowak', 'O\u2019Brien', 'Okafor', 'Patel', 'Roberts', 'Shaw', 'Singh', 'Taylor', 'Thomas', 'Walker', 'Ward', 'White', 'Williams', 'Wood', 'Wright'];
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
const slugify = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

let nextMaintainedUrn = 125100;
let nextAcademyUrn = 140200;
const schools: GeneratedSchool[] = [];
const usedSlugs = new Set<string>();
function head() {
  return { title: pick(['Mr', 'Mrs', 'Ms', 'Miss', 'Dr']), first: pick(FIRST), last: pick(LAST) };
}
function addSchool(s: Omit<GeneratedSchool, 'urn' | 'slug' | 'la' | 'status' | 'head' | 'openDate'> & { academy: boolean; status?: string; la?: string; openDate?: string }) {
  const urn = String(s.academy ? nextAcademyUrn++ : nextMaintainedUrn++);
  const school: GeneratedSchool = {
    ...s,
    urn,
    name: uniqueName(s.name),
    slug: '',
    la: s.la ?? LA_CODE,
    status: s.status ?? 'Open',
    head: head(),
    openDate: s.openDate ?? (s.academy ? ukDate('2012-01-01', '2023-09-01', '-') : ukDate('1974-04-01', '1995-09-01', '-')),
  };
  // Names repeat in a large authority: its addresses must not.
  school.slug = slugify(school.name);
  if (usedSlugs.has(school.slug)) school.slug = `${school.slug}-${urn}`;
  usedSlugs.add(school.slug);
  schools.push(school);
  return school;
}

for (const district of DISTRICTS) {
  const consortia = Array.from({ length: 3 }, (_, i) => `${district} ${['North', 'Central', 'South'][i]} Primary Consortium`);
  const primaries = between(38, 42);
  for (let i = 0; i < primaries; i++) {
    const academy = chance(0.4);
    const p = place();
    const kind = weighted<[string, string, number, number]>([
      ['Primary School', 'Primary', 4, 11],
      ['CofE Primary School', 'Primary', 4, 11],
      ["St Mary's Catholic Primary School", 'Primary', 4, 11],
      ['Infant School', 'Primary', 4, 7],
      ['Junior School', 'Primary', 7, 11],
    ].map((k) => [k as [string, string, number, number], k[0] === 'Primary School' ? 6 : 1]));
    const name = `${p} ${kind[0]}`;
    const maintainedType = kind[0].includes('CofE') ? pick(['Voluntary controlled school', 'Voluntary aided school']) : kind[0].includes('Catholic') ? 'Voluntary aided school' : pick(['Community school', 'Community school', 'Foundation school']);
    const trust = academy ? (kind[0].includes('Catholic') ? TRUSTS[2] : kind[0].includes('CofE') ? TRUSTS[5] : pick([TRUSTS[0], TRUSTS[1], TRUSTS[3], TRUSTS[4]])) : undefined;
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
      type: academy ? pick(['Academy converter', 'Academy sponsor led']) : pick(['Community school', 'Foundation school']),
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
addSchool({ name: 'Riverton Park Free School', district: 'Riverton', consortium: 'Riverton Central Primary Consortium', phaseName: 'Primary', type: 'Free schools', typeGroup: 'Free Schools', trust: TRUSTS[1], pupils: 140, academy: true, lowAge: 4, highAge: 11, openDate: '01-09-2025' });
// An academy conversion: the maintained predecessor closed and the academy has not been inspected yet, so the
// predecessor's inspection stands until it is (GIAS links file).
const predecessor = addSchool({ name: 'Millbrook Primary School', district: 'Eastbrook', consortium: '', phaseName: 'Primary', type: 'Community school', typeGroup: 'Local authority maintained schools', status: 'Closed', pupils: 0, academy: false, lowAge: 4, highAge: 11, closeDate: '31-03-2025' });
const successor = addSchool({ name: 'Millbrook Primary Academy', district: 'Eastbrook', consortium: 'Eastbrook Central Primary Consortium', phaseName: 'Primary', type: 'Academy converter', typeGroup: 'Academies', trust: TRUSTS[4], pupils: 205, academy: true, lowAge: 4, highAge: 11, openDate: '01-04-2025' });
addSchool({ name: 'Ardenshire Pupil Referral Service', district: 'Kingsmere', consortium: `${LA_NAME} Special Schools Network`, phaseName: 'Not applicable', type: 'Pupil referral unit', typeGroup: 'Local authority maintained schools', pupils: 70, academy: false, lowAge: 11, highAge: 16 });
for (let i = 0; i < 4; i++) {
  addSchool({ name: `${place()} Primary School`, district: pick(DISTRICTS), consortium: '', phaseName: 'Primary', type: 'Community school', typeGroup: 'Local authority maintained schools', status: 'Closed', pupils: 0, academy: false, lowAge: 4, highAge: 11, closeDate: ukDate('2019-07-31', '2024-08-31', '-') });
}
addSchool({ name: 'Kingsmere Preparatory School', district: 'Kingsmere', consortium: '', phaseName: 'Primary', type: 'Other independent school', typeGroup: 'Independent schools', pupils: 210, academy: false, lowAge: 3, highAge: 11 });
for (let i = 0; i < 6; i++) {
  addSchool({ name: `${place()} Primary School`, district: 'Neighbourshire Borough', consortium: '', phaseName: 'Primary', type: 'Community school', typeGroup: 'Local authority maintained schools', pupils: 200, academy: false, lowAge: 4, highAge: 11, la: '998' });
}

const inCycle = schools.filter((s) => s.la === LA_CODE && s.status === 'Open' && s.typeGroup !== 'Independent schools');
/** A count of the example's own (242 schools in the cycle), in proportion for a larger authority. */
const scaled = (n: number) => (SCALED ? Math.round((n * inCycle.length) / 242) : n);

// ------------------------------------------------------------------ files
const BOM = '\ufeff';
function write(term: string, file: string, headers: string[], rows: (string | number | undefined)[][], options: { bom?: boolean } = {}) {
  const dir = join(args.out!, term);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, file), (options.bom ? BOM : '') + toCsv(headers, rows));
}

function registerRows(): (string | number | undefined)[][] {
  return schools.map((s) => [
    s.urn, s.la, s.la === LA_CODE ? LA_NAME : 'Neighbourshire', String(2000 + (Number(s.urn) % 7000)), s.name, s.type, s.typeGroup, s.status, s.phaseName,
    s.lowAge, s.highAge, s.trust?.code, s.trust?.name, s.pupils, (5 + random() * 30).toFixed(1), s.head.title, s.head.first, s.head.last,
    s.district, `AR${between(1, 20)} ${between(1, 9)}${pick(['AB', 'DL', 'HQ', 'JX', 'NP', 'RT', 'WZ'])}`, s.openDate, s.closeDate, `1${String(s.urn).padStart(7, '0')}`,
    'Mixed', s.name.includes('CofE') ? 'Church of England' : s.name.includes('Catholic') ? 'Roman Catholic' : 'Does not apply',
  ]);
}
const REGISTER_HEADERS = [
  'URN', 'LA (code)', 'LA (name)', 'EstablishmentNumber', 'EstablishmentName', 'TypeOfEstablishment (name)', 'EstablishmentTypeGroup (name)',
  'EstablishmentStatus (name)', 'PhaseOfEducation (name)', 'StatutoryLowAge', 'StatutoryHighAge', 'Trusts (code)', 'Trusts (name)', 'NumberOfPupils',
  'PercentageFSM', 'HeadTitle (name)', 'HeadFirstName', 'HeadLastName', 'DistrictAdministrative (name)', 'Postcode', 'OpenDate', 'CloseDate', 'UKPRN',
  'Gender (name)', 'ReligiousCharacter (name)',
];

// Inspections: each school's latest graded one (single-word or key judgements), ungraded ones since, and report cards
// from November 2025. Autumn's Ofsted file is in the layout published to October 2025, spring's in the report-card
// layout; a recently opened free school has none.
type Row = Record<string, string>;
const inspections = new Map<string, Row>();
function publication(start: string): string {
  const [d, m, y] = start.split('/').map(Number) as [number, number, number];
  // Published three to six weeks later, and never after the last file's download (before the spring term).
  const date = new Date(Math.min(Date.UTC(y, m - 1, d + between(20, 40)), Date.UTC(2026, 11, 18)));
  return `${pad2(date.getUTCDate())}/${pad2(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`;
}
function singleWord(s: GeneratedSchool, from = '2016-09-01', to = '2024-07-15'): Row {
  const oe = weighted<number>([[1, 15], [2, 68], [3, 13], [4, 4]]);
  const kj = () => String(Math.min(oe === 1 ? 2 : oe, Math.max(1, oe + weighted<number>([[0, 10], [-1, 1]]))));
  const start = ukDate(from, to);
  return {
    URN: s.urn, 'School name': s.name, 'Inspection start date': start, 'Publication date': publication(start), 'Inspection type': 'S5 Inspection',
    'Category of concern': oe === 4 ? pick(['SM', 'SWK']) : '', 'Latest OEIF overall effectiveness': String(oe), 'Latest OEIF quality of education': kj(),
    'Latest OEIF behaviour and attitudes': kj(), 'Latest OEIF personal development': kj(), 'Latest OEIF effectiveness of leadership and management': kj(),
    'Latest OEIF safeguarding is effective?': oe === 4 && chance(0.5) ? 'No' : 'Yes',
  };
}
function keyJudgements(s: GeneratedSchool): Row {
  const base = weighted<number>([[1, 12], [2, 74], [3, 11], [4, 3]]);
  const kj = () => String(Math.min(base <= 2 ? 2 : base, Math.max(1, base + weighted<number>([[0, 8], [-1, 1]]))));
  const start = ukDate('2024-09-16', '2025-10-31');
  return {
    URN: s.urn, 'School name': s.name, 'Inspection start date': start, 'Publication date': publication(start), 'Inspection type': 'S5 Inspection',
    'Category of concern': base === 4 ? pick(['SM', 'SWK']) : '', 'Latest OEIF overall effectiveness': '9', 'Latest OEIF quality of education': kj(),
    'Latest OEIF behaviour and attitudes': kj(), 'Latest OEIF personal development': kj(), 'Latest OEIF effectiveness of leadership and management': kj(),
    'Latest OEIF safeguarding is effective?': base === 4 && chance(0.5) ? 'No' : 'Yes',
  };
}
function reportCard(s: GeneratedSchool, from = '2025-11-10', to = '2026-07-15', tilt: 'better' | 'worse' | 'any' = 'any'): Row {
  // One level for the school, and each area graded at or near it: schools are rarely uneven across every area.
  const levels: Record<typeof tilt, [string, number][]> = {
    any: [['strong standard', 24], ['expected standard', 62], ['needs attention', 11], ['urgent improvement', 3]],
    better: [['strong standard', 30], ['expected standard', 66], ['needs attention', 4], ['urgent improvement', 0]],
    worse: [['strong standard', 5], ['expected standard', 45], ['needs attention', 40], ['urgent improvement', 10]],
  };
  const level = weighted(levels[tilt]);
  const grade = (): string => {
    if (level === 'strong standard') return weighted([['exceptional', 2], ['strong standard', 6], ['expected standard', 2]]);
    if (level === 'expected standard') return weighted([['strong standard', 2], ['expected standard', 12]]);
    if (level === 'needs attention') return weighted([['expected standard', 3], ['needs attention', 2]]);
    return weighted([['expected standard', 2], ['needs attention', 3], ['urgent improvement', 1]]);
  };
  const start = ukDate(from, to);
  const row: Row = {
    URN: s.urn, 'School name': s.name, 'Inspection start date': start, 'Publication date': publication(start), 'Inspection type': 'Report card inspection',
    'Safeguarding standards': level === 'urgent improvement' && chance(0.4) ? 'Not met' : 'Met', Inclusion: grade(), 'Curriculum and teaching': grade(), Achievement: grade(),
    'Attendance and behaviour': grade(), 'Personal development and wellbeing': grade(), 'Leadership and governance': grade(),
  };
  if (s.lowAge <= 4) row['Early years'] = grade();
  if (s.highAge >= 18) row['Post-16 provision'] = grade();
  // The level is what the inspection found: make sure at least one area shows it.
  if (level === 'needs attention' || level === 'urgent improvement') row[pick(['Achievement', 'Curriculum and teaching', 'Leadership and governance'])] = level;
  const urgent = Object.values(row).filter((v) => v === 'urgent improvement').length;
  if (row['Safeguarding standards'] === 'Not met' || urgent > 0) {
    row['Category of concern'] = row['Leadership and governance'] === 'urgent improvement' && urgent > 1 ? 'Special measures' : 'Requires significant improvement';
  }
  return row;
}
for (const s of inCycle) {
  if (s.type === 'Free schools' || s === successor) continue;
  const era = weighted<'single' | 'kj'>([['single', 62], ['kj', 38]]);
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
  const outcome = overall === '1'
    ? weighted([['School remains Outstanding', 8], ['School remains Outstanding (Concerns) - S5 Next', 1], ['Standards maintained', 3]])
    : weighted([['School remains Good', 14], ['Standards maintained', 6], ['School remains Good (Improving) - S5 Next', 1], ['School remains Good (Concerns) - S5 Next', 2], ['Some aspects not as strong', 1], ['Improved significantly', 1]]);
  ungradedInspections.set(urn, { date: ukDate(from, '2025-10-31'), outcome });
}
// Report cards since November 2025: in Ofsted's report-card layout only (spring's file).
const reportCards = new Map<string, Row>();
for (const s of inCycle) {
  if (s.type === 'Free schools' || s === successor || !chance(0.22)) continue;
  reportCards.set(s.urn, reportCard(s, '2025-11-10', '2026-07-15'));
}
inspections.set(predecessor.urn, {
  URN: predecessor.urn, 'School name': predecessor.name, 'Inspection start date': '09/11/2022', 'Publication date': '14/12/2022', 'Inspection type': 'S5 Inspection',
  'Latest OEIF overall effectiveness': '3', 'Latest OEIF quality of education': '3', 'Latest OEIF behaviour and attitudes': '2', 'Latest OEIF personal development': '2',
  'Latest OEIF effectiveness of leadership and management': '3', 'Latest OEIF safeguarding is effective?': 'Yes',
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
const KEY_JUDGEMENT_COLUMNS = ['quality of education', 'behaviour and attitudes', 'personal development', 'effectiveness of leadership and management'] as const;
const REPORT_CARD_AREAS = ['Inclusion', 'Curriculum and teaching', 'Achievement', 'Attendance and behaviour', 'Personal development and wellbeing', 'Early years', 'Post-16 provision', 'Leadership and governance'] as const;

/** Ofsted's graded-inspection layout, as published to October 2025: the latest graded and the latest ungraded inspection. */
const GRADED_LAYOUT = [
  'URN', 'School name', 'Inspection start date', 'Publication date', 'Inspection type', 'Does the latest full inspection relate to the URN of the current school?',
  'URN at time of latest full inspection', 'School name at time of latest full inspection', 'Category of concern', 'Overall effectiveness',
  'Quality of education', 'Behaviour and attitudes', 'Personal development', 'Effectiveness of leadership and management', 'Safeguarding is effective?',
  'Date of latest ungraded inspection', 'Ungraded inspection publication date', 'Ungraded inspection overall outcome',
];
function gradedLayoutRows(): string[][] {
  return [...inspections.entries()].map(([urn, r]) => {
    const u = ungradedInspections.get(urn);
    return [
      urn, r['School name']!, r['Inspection start date']!, r['Publication date']!, r['Inspection type']!, 'Yes', urn, r['School name']!, r['Category of concern'] ?? '',
      r['Latest OEIF overall effectiveness'] === '9' ? 'Not judged' : r['Latest OEIF overall effectiveness']!,
      ...KEY_JUDGEMENT_COLUMNS.map((k) => r[`Latest OEIF ${k}`]!), r['Latest OEIF safeguarding is effective?']!,
      orNull(u?.date), u ? publication(u.date) : NULL, orNull(u?.outcome),
    ];
  });
}

/** Ofsted's report-card layout, as published from November 2025: report card, latest OEIF graded and latest ungraded inspection. */
const REPORT_CARD_LAYOUT = [
  'URN', 'School name', 'Inspection start date', 'Publication date', 'Inspection type', 'Does the latest full inspection relate to the URN of the current school?',
  'URN at time of latest full inspection', 'School name at time of latest full inspection', 'Category of concern', 'Safeguarding standards', 'Safeguarding standards - date of judgement',
  ...REPORT_CARD_AREAS.flatMap((a) => [['Early years', 'Post-16 provision'].includes(a) ? `${a} (where applicable)` : a, `${a} - date of judgement`]),
  'Inspection start date of latest OEIF graded inspection', 'Publication date of latest OEIF graded inspection', 'Inspection type of latest OEIF graded inspection',
  'Does the latest OEIF graded inspection relate to the URN of the current school?', 'URN at time of latest OEIF graded inspection', 'School name at time of latest OEIF graded inspection',
  'Latest OEIF category of concern', 'Latest OEIF overall effectiveness', ...KEY_JUDGEMENT_COLUMNS.map((k) => `Latest OEIF ${k}`), 'Latest OEIF  safeguarding is effective?',
  'Date of latest ungraded inspection', 'Ungraded inspection publication date', 'Does the ungraded inspection relate to the URN of the current school?', 'Ungraded inspection overall outcome',
  'Most recent category of concern',
];
function reportCardLayoutRows(): string[][] {
  const urns = [...new Set([...inspections.keys(), ...reportCards.keys(), successor.urn])];
  return urns.map((urn) => {
    const rc = reportCards.get(urn);
    // Ofsted lists a converted academy with its predecessor's graded inspection, saying whose it was.
    const gradedOf = urn === successor.urn ? predecessor.urn : urn;
    const g = inspections.get(gradedOf);
    const u = ungradedInspections.get(urn);
    const name = rc?.['School name'] ?? g?.['School name'] ?? successor.name;
    const rcDate = rc?.['Inspection start date'];
    const concern = rc?.['Category of concern'] ?? g?.['Category of concern'];
    return [
      urn, urn === successor.urn ? successor.name : name,
      orNull(rcDate), rc ? rc['Publication date']! : NULL, rc ? 'S5 Inspection' : NULL, rc ? 'Yes' : NULL, rc ? urn : NULL, rc ? name : NULL,
      rc ? (rc['Category of concern'] ?? '') : NULL, rc ? rc['Safeguarding standards']! : NULL, orNull(rcDate),
      ...REPORT_CARD_AREAS.flatMap((a) => (rc ? [rc[a] ? cap(rc[a]) : ['Early years', 'Post-16 provision'].includes(a) ? 'Not applicable' : NULL, rcDate!] : [NULL, NULL])),
      orNull(g?.['Inspection start date']), orNull(g?.['Publication date']), orNull(g?.['Inspection type']), g ? (gradedOf === urn ? 'Yes' : 'No') : NULL, g ? gradedOf : NULL, orNull(g?.['School name']),
      g ? (g['Category of concern'] ?? '') : NULL, g ? (g['Latest OEIF overall effectiveness'] === '9' ? 'Not judged' : g['Latest OEIF overall effectiveness']!) : NULL,
      ...KEY_JUDGEMENT_COLUMNS.map((k) => orNull(g?.[`Latest OEIF ${k}`])), orNull(g?.['Latest OEIF safeguarding is effective?']),
      orNull(u?.date), u ? publication(u.date) : NULL, u ? 'Yes' : NULL, orNull(u?.outcome),
      concern ?? '',
    ];
  });
}

// The LA's intelligence.
type Intel = { urn: string; type: string; date: string; status: string; summary: string };
const intelligence: Intel[] = [];
const sample = (n: number, filter: (s: GeneratedSchool) => boolean = () => true) => {
  const pool = inCycle.filter(filter);
  const chosen = new Set<GeneratedSchool>();
  while (chosen.size < Math.min(n, pool.length)) chosen.add(pick(pool));
  return [...chosen];
};
for (const s of sample(scaled(12))) intelligence.push({ urn: s.urn, type: 'new headteacher', date: ukDate('2025-09-01', '2026-09-01'), status: 'open', summary: 'Substantive headteacher appointed' });
for (const s of sample(scaled(3))) intelligence.push({ urn: s.urn, type: 'interim headteacher', date: ukDate('2026-04-01', '2026-07-20'), status: 'open', summary: 'Interim headteacher while the governors recruit' });
for (const s of sample(scaled(5))) intelligence.push({ urn: s.urn, type: 'staffing', date: ukDate('2026-05-01', '2026-07-20'), status: 'open', summary: 'Long-term absence of the deputy head and two class teachers; supply cover in place' });
for (const s of sample(scaled(5))) intelligence.push({ urn: s.urn, type: 'concern', date: ukDate('2026-03-01', '2026-07-15'), status: 'open', summary: 'Concerns raised about declining reading outcomes and leadership capacity, incl. "phonics" provision' });
for (const s of sample(scaled(2), (x) => x.trust !== undefined)) intelligence.push({ urn: s.urn, type: 'trust view', date: ukDate('2026-06-01', '2026-07-15'), status: 'concern', summary: 'Trust reports weak attendance and a rise in suspensions' });
const noticeSchool = sample(1, (x) => x.typeGroup === 'Local authority maintained schools' && x.phaseName === 'Primary')[0]!;
intelligence.push({ urn: noticeSchool.urn, type: 'warning notice', date: '12/06/2026', status: 'issued', summary: 'Formal warning notice agreed by the Education Challenge Board: standards unacceptably low' });
const INTEL_HEADERS = ['URN', 'Type', 'Date', 'Status', 'Summary'];
const intelRows = () => intelligence.map((i) => [i.urn, i.type, i.date, i.status, i.summary]);

// Contacts: headteacher and chair of governors for every school, the trust board chair for academies.
const trustChairs = new Map(TRUSTS.map((t) => [t.code, { name: `${pick(FIRST)} ${pick(LAST)}`, email: `chair@${slugify(t.name)}.org.example` }]));
const skipChair = new Set(sample(scaled(2)).map((s) => s.urn));
function contactRows(): (string | undefined)[][] {
  const rows: (string | undefined)[][] = [];
  for (const s of inCycle) {
    rows.push([s.urn, 'Headteacher', `${s.head.first} ${s.head.last}`, `head@${s.slug}.ardenshire.sch.example`]);
    if (!skipChair.has(s.urn)) rows.push([s.urn, 'Chair of governors', `${pick(FIRST)} ${pick(LAST)}`, `chair@${s.slug}.ardenshire.sch.example`]);
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
  return r && (r['Latest OEIF overall effectiveness'] === '1' || reportCards.get(s.urn)?.Achievement === 'strong standard' || r['Latest OEIF quality of education'] === '1');
});
const leaders: (string | number | undefined)[][] = [];
const leaderName = () => `${pick(FIRST)} ${pick(LAST)}`;
for (const [designation, n] of [['NLE', 5], ['LLE', 12], ['SLE', 6]] as const) {
  for (let i = 0; i < scaled(n); i++) {
    const home = pick(strong.length > 0 ? strong : inCycle);
    const phase = home.phaseName === 'Not applicable' ? 'special' : home.phaseName.toLowerCase();
    leaders.push([leaderName(), designation, home.urn, designation === 'NLE' ? `${phase}; ${phase === 'primary' ? 'special' : 'primary'}` : phase, pick(['Leadership', 'Maths', 'English and phonics', 'SEND', 'Governance', 'Early years']), designation === 'SLE' ? 1 : between(2, 3)]);
  }
}
for (let i = 0; i < scaled(5); i++) leaders.push([leaderName(), 'LIO', '', 'primary; secondary; special', 'School improvement', 6]);
const LEADER_HEADERS = ['Name', 'Designation', 'Home school URN', 'Phases', 'Specialisms', 'Capacity'];
const CONSORTIA_HEADERS = ['URN', 'Consortium', 'Chair'];
// Each consortium or network is chaired by the headteacher of its first school listed (no random draw, so the
// rest of the example is as it was): some of them lead schools that turn out to need support.
const chairOf = new Map<string, string>();
for (const s of inCycle) if (s.consortium && !chairOf.has(s.consortium)) chairOf.set(s.consortium, s.urn);
const consortiaRows = inCycle.map((s) => [s.urn, s.consortium, chairOf.get(s.consortium) === s.urn ? 'yes' : '']);

// DfE performance data (2024/25 results), a little weaker where the latest inspection found weakness.
// Progress measures were not published for 2024/25 (NP / NE), and small cohorts are suppressed (SUPP).
function weakness(s: GeneratedSchool): number {
  const r = inspections.get(s.urn);
  if (!r) return 0;
  const values = Object.values(reportCards.get(s.urn) ?? {});
  return (['3', '4'].includes(r['Latest OEIF overall effectiveness'] ?? '') ? 1 : 0) + values.filter((v) => v === 'needs attention' || v === 'urgent improvement').length * 0.5;
}
const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));
const KS2_HEADERS = ['RECTYPE', 'LEA', 'URN', 'SCHNAME', 'PTRWM_EXP', 'PTRWM_EXP_FSM6CLA1A', 'READPROG', 'WRITPROG', 'MATPROG'];
const ks2Rows = [
  ...inCycle.filter((s) => s.phaseName === 'Primary' && s.highAge === 11 && s.type !== 'Free schools').map((s) => {
    const all = clamp(Math.round(62 - 12 * weakness(s) + (random() - 0.5) * 24), 5, 98);
    return [1, LA_CODE, s.urn, s.name, `${all}%`, s.pupils < 120 ? 'SUPP' : `${clamp(all - between(8, 22), 0, 100)}%`, 'NP', 'NP', 'NP'];
  }),
  [4, LA_CODE, '', 'Ardenshire', '61%', '45%', 'NP', 'NP', 'NP'],
];
const KS4_HEADERS = ['RECTYPE', 'LEA', 'URN', 'SCHNAME', 'ATT8SCR', 'P8MEA', 'ATT8SCR_FSM6CLA1A', 'P8MEA_FSM6CLA1A', 'PTL2BASICS_94'];
const ks4Rows = [
  ...inCycle.filter((s) => s.phaseName === 'Secondary').map((s) => {
    const a8 = clamp(46 - 6 * weakness(s) + (random() - 0.5) * 12, 20, 70);
    return [1, LA_CODE, s.urn, s.name, a8.toFixed(1), 'NE', (a8 - between(8, 14)).toFixed(1), 'NE', `${clamp(Math.round(a8 * 1.4), 10, 95)}%`];
  }),
  [4, LA_CODE, '', 'Ardenshire', '45.9', 'NE', '34.8', 'NE', '64%'],
];
const ATTENDANCE_HEADERS = ['time_period', 'time_identifier', 'geographic_level', 'la_code', 'school_urn', 'school_name', 'sess_overall_percent', 'enrolments_pa_10_exact_percent', 'enrolments_pa_50_exact_percent'];
/** Severe absence (pupils missing half their sessions) follows overall absence: no draw, so the other figures stay as they were. */
const severeAbsence = (absence: number) => Math.max(0.1, (absence - 3.5) * 0.6).toFixed(1);
const attendanceRows = inCycle.map((s) => {
  const absence = clamp(5.8 + 1.2 * weakness(s) + (random() - 0.5) * 3, 2, 20);
  return ['202425', 'Academic year', 'School', LA_CODE, s.urn, s.name, absence.toFixed(1), clamp(absence * 2.6 + (random() - 0.5) * 6, 1, 60).toFixed(1), severeAbsence(Number(absence.toFixed(1)))];
});

async function writeXlsx(term: string, file: string, headers: string[], rows: (string | number | undefined)[][]) {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Ardenshire County Council';
  workbook.created = new Date(Date.UTC(2026, 11, 15));
  workbook.modified = workbook.created;
  const sheet = workbook.addWorksheet('Contacts');
  sheet.addRow(headers).font = { bold: true };
  for (const row of rows) sheet.addRow(row.map((v) => (typeof v === 'string' && /^\d{6,7}$/.test(v) ? Number(v) : v)));
  sheet.columns.forEach((c) => (c.width = 28));
  const dir = join(args.out!, term);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, file), new Uint8Array(await workbook.xlsx.writeBuffer()));
}

// ------------------------------------------------------------------ autumn 2026
const AUTUMN = '2026-autumn';
const SPRING = '2027-spring';
async function writeTerm(term: string, extras: { ofstedLayout: 'graded' | 'report-card'; taskGroupReports?: (string | undefined)[][]; baseline?: (string | undefined)[][]; badRows?: boolean; contactsAsXlsx?: boolean }) {
  const register = registerRows();
  write(term, 'register.csv', REGISTER_HEADERS, register);
  write(term, 'links.csv', LINK_HEADERS, linkRows);
  write(term, 'consortia.csv', CONSORTIA_HEADERS, consortiaRows, { bom: true });
  // DfE's performance tables carry no year column: the file's name says which year it is.
  write(term, 'ks2-performance-2024-25.csv', KS2_HEADERS, ks2Rows);
  write(term, 'ks4-performance-2024-25.csv', KS4_HEADERS, ks4Rows);
  write(term, 'attendance.csv', ATTENDANCE_HEADERS, attendanceRows);
  const reportCardLayout = extras.ofstedLayout === 'report-card';
  const ofsted = reportCardLayout ? reportCardLayoutRows() : gradedLayoutRows();
  const intel = intelRows();
  const contacts = contactRows();
  if (extras.badRows) {
    // Real files have mistakes; these show officers what a rejected row looks like.
    const s = inCycle[7]!;
    ofsted.push(GRADED_LAYOUT.map((h) => ({ URN: s.urn, 'School name': s.name, 'Inspection start date': '14/03/2019', 'Overall effectiveness': '5' })[h] ?? 'NULL'));
    intel.push([inCycle[11]!.urn, 'concern', '31/02/2026', 'open', 'Date typed wrongly in the spreadsheet']);
    contacts.push([inCycle[13]!.urn, 'Deputy head', 'A N Other', 'deputy@example']);
  }
  write(term, 'ofsted-inspections.csv', reportCardLayout ? REPORT_CARD_LAYOUT : GRADED_LAYOUT, ofsted);
  write(term, 'intelligence.csv', INTEL_HEADERS, intel, { bom: true });
  // Spring's contacts come straight from Excel, as many authorities keep them.
  if (extras.contactsAsXlsx) await writeXlsx(term, 'contacts.xlsx', ['URN', 'Role', 'Name', 'Email'], contacts);
  else write(term, 'contacts.csv', ['URN', 'Role', 'Name', 'Email'], contacts, { bom: true });
  write(term, 'system-leaders.csv', LEADER_HEADERS, leaders, { bom: true });
  write(term, 'task-group-reports.csv', ['URN', 'Term', 'Impact', 'Summary'], extras.taskGroupReports ?? [], { bom: true });
  if (extras.baseline) write(term, 'previous-categories.csv', ['URN', 'Category'], extras.baseline, { bom: true });
}

/** Categorises a term's generated files with the real core, so the baseline and reports are plausible. */
function categoriesOf(term: string, asOf: string): Map<string, Category> {
  const dir = join(args.out!, term);
  const files = new Map(readdirSync(dir).map((f) => [f, new Uint8Array(readFileSync(join(dir, f)))]));
  return new Map(replayTermFiles(term, readTermIntake(files, { laCode: LA_CODE }), METHODOLOGY, METHODOLOGY.earlyWarning!, asOf).categories) as Map<string, Category>;
}

await writeTerm(AUTUMN, { ofstedLayout: 'graded', badRows: true });
const autumn = categoriesOf(AUTUMN, '2026-09-03');
// The baseline from the spreadsheet the LA used before: mostly what the evidence says, with some differences
// (schools whose situation changed over the summer).
const baseline = [...autumn].map(([urn, category]) => {
  if (!chance(0.1)) return [urn, category];
  const i = CATEGORIES.indexOf(category as (typeof CATEGORIES)[number]);
  return [urn, CATEGORIES[Math.max(0, Math.min(3, i + pick([-1, 1])))]];
});
await writeTerm(AUTUMN, { ofstedLayout: 'graded', badRows: true, baseline });
// The LA's intelligence as the autumn knew it, before the spring's changes below (for the history, at the end).
const autumnIntelligence = intelligence.map((i) => ({ ...i }));

// ------------------------------------------------------------------ spring 2027: what changed over the autumn term
// New report-card inspections in September to December 2026.
for (const s of sample(scaled(14), (x) => x.type !== 'Free schools' && x !== successor)) {
  const was = autumn.get(s.urn);
  reportCards.set(s.urn, reportCard(s, '2026-09-15', '2026-12-10', was === 'C' || was === 'D' ? 'better' : chance(0.4) ? 'worse' : 'any'));
}
// Intelligence moves on: concerns closed, a new concern, the warning notice withdrawn, staffing resolved, new heads.
for (const item of intelligence) {
  if (item.type === 'concern' && chance(0.5)) item.status = 'closed';
  if (item.type === 'staffing' && chance(0.6)) item.status = 'closed';
  if (item.type === 'interim headteacher' && chance(0.5)) item.status = 'closed';
}
intelligence.push({ urn: noticeSchool.urn, type: 'warning notice', date: '09/12/2026', status: 'withdrawn', summary: 'Warning notice withdrawn: the school complied and standards are rising' });
for (const s of sample(scaled(2))) intelligence.push({ urn: s.urn, type: 'concern', date: ukDate('2026-10-01', '2026-12-10'), status: 'open', summary: 'Safeguarding audit actions overdue' });
for (const s of sample(scaled(4))) intelligence.push({ urn: s.urn, type: 'new headteacher', date: '01/01/2027', status: 'open', summary: 'New headteacher from January' });
// Task groups met through the autumn: their reports feed the spring risk assessment.
const reports = [...autumn]
  .filter(([, c]) => c === 'C' || c === 'D')
  .map(([urn]) => {
    const impact = weighted<string>([['strong', 3], ['adequate', 5], ['insufficient', 2]]);
    return [urn, AUTUMN, impact, impact === 'insufficient' ? 'Actions from the last visit not completed; leadership capacity remains thin' : 'Improvement plan on track; next review at the spring visit'];
  });
await writeTerm(SPRING, { ofstedLayout: 'report-card', taskGroupReports: reports, contactsAsXlsx: true });
const spring = categoriesOf(SPRING, '2027-01-05');

// The AAGs' decisions, as each returns its proposals sheet. Autumn: Riverton's AAG does not meet the deadline, so
// its proposals stand. Spring: every AAG decides; one overrides a proposed change with its rationale, and one
// chooses the support school for a school in D itself.
const districtOf = new Map(inCycle.map((s) => [s.urn, s]));
interface AagDecision {
  category?: string;
  supportSchool?: string;
  days?: number;
  fundedBy?: string;
  rationale: string;
}
function decisionRows(categories: Map<string, Category>, skip: string[], decided: Map<string, AagDecision>, date: string) {
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
        decidedBy: `${school.district} AAG, ${date}`,
      });
    });
}
write(AUTUMN, 'aag-decisions.csv', DECISIONS_HEADERS, decisionRows(autumn, ['Riverton'], new Map(), '10/09/2026'));
const proposedChange = [...spring].find(([urn, c]) => c === 'C' && autumn.get(urn) === 'B') ?? [...spring].find(([urn, c]) => c !== autumn.get(urn) && c !== 'D')!;
// A school in D whose AAG pairs it with a school of its own phase and area that it knows has led such a recovery:
// the last such school by URN, where the brokering would look to the consortium and the lowest URN first.
const [supportedUrn] = [...spring].find(([urn, c]) => c === 'D' && urn !== proposedChange[0] && !districtOf.get(urn)!.trust)!;
const supported = districtOf.get(supportedUrn)!;
const chosenSupport = inCycle
  .filter((s) => s.urn !== supportedUrn && spring.get(s.urn) === 'A' && s.district === supported.district && s.phaseName === supported.phaseName)
  .sort((a, b) => b.urn.localeCompare(a.urn))[0]!;
const springDecisions = new Map<string, AagDecision>([
  [proposedChange[0], { category: autumn.get(proposedChange[0])!, rationale: `The AAG has seen the school's recovery plan and the LIO's December visit note; it keeps the school in category ${autumn.get(proposedChange[0])} and will review it at the summer AAG` }],
  [supportedUrn, { supportSchool: chosenSupport.urn, days: 15, fundedBy: "the school's own budget, with the governors' agreement", rationale: `${chosenSupport.name}'s headteacher led a similar recovery in 2024; the AAG pairs the schools, for 15 days this term, which the school pays for` }],
]);
write(SPRING, 'aag-decisions.csv', DECISIONS_HEADERS, decisionRows(spring, [], springDecisions, '12/01/2027'));

// The notes of the autumn's visits, taken in with the spring term: a school in C was to be visited once, in D once
// each half term. Most visits were made; a few schools missed one, and some have not responded yet. (Written last,
// so the random draws above, and every other file, are as they were before the sheet existed.)
const FOCUS = ['Reading and phonics', 'Leadership capacity', 'Behaviour and attendance', 'Curriculum in key stage 2', 'SEND provision', 'Safeguarding actions', 'Governance'];
const visitRows: (string | number | undefined)[][] = [];
let visitsMissed = 0;
for (const [urn, category] of [...autumn].sort(([a], [b]) => a.localeCompare(b))) {
  const planned = category === 'D' ? 2 : category === 'C' ? 1 : 0;
  const halves: [string, string][] = [['2026-09-14', '2026-10-21'], ['2026-11-02', '2026-12-16']];
  const visitor = pick(leaders);
  let made = 0;
  for (let v = 0; v < planned; v++) {
    if (chance(0.12)) continue;
    made += 1;
    const [from, to] = planned === 2 ? halves[v]! : [halves[0]![0], halves[1]![1]];
    const focus = pick(FOCUS);
    visitRows.push([urn, ukDate(from, to), `${visitor[0]} (${visitor[1]})`, focus, `${focus}: ${pick(['actions from the last visit completed', 'some progress; actions only partly completed', 'little change since the last visit'])}`, pick(['Leaders to review the plan with governors', 'Share the action plan with staff and track it weekly', 'Book the support school’s lead for a joint review']), chance(0.8) ? pick(['Agreed; the plan is updated', 'Agreed, with a later date for the review', 'The governors will discuss this at their next meeting']) : '']);
  }
  visitsMissed += planned - made;
}
write(SPRING, 'visit-notes.csv', Object.values(visitNotesSheet.columns).map((c) => c.header), visitRows);

// Formal warning notices (written last too, and with no random draw, so every other file is as it was). Three
// schools in D in both terms had task groups before the cycle began, whose spring and summer 2026 reports found the
// impact of support insufficient: the autumn cycle proposes a notice to the two maintained schools and a referral
// of the academy to the DfE; the ECB issues both notices (by 11 December) and refers the academy. In the autumn one
// task group still finds the impact insufficient and the other finds it strong: in the spring the first notice has
// not been complied with and the ECB escalates it; the second it withdraws.
const notDecidedElsewhere = (urn: string) => urn !== supportedUrn && urn !== proposedChange[0] && urn !== noticeSchool.urn && urn !== successor.urn;
const inDBothTerms = [...autumn]
  .filter(([urn, c]) => c === 'D' && spring.get(urn) === 'D' && notDecidedElsewhere(urn))
  .map(([urn]) => districtOf.get(urn)!)
  .sort((a, b) => a.urn.localeCompare(b.urn));
const [toEscalate, toWithdraw] = inDBothTerms.filter((s) => !s.trust);
const toRefer = inDBothTerms.find((s) => s.trust);
if (!toEscalate || !toWithdraw || !toRefer) throw new Error('the example needs two maintained schools and an academy in D in both terms for its warning notices');
const noticed = [toEscalate, toRefer, toWithdraw].sort((a, b) => a.urn.localeCompare(b.urn));
// Each report with the school's response to it (every fifth has none yet).
const RESPONSE: Record<string, string> = {
  strong: 'The governors welcome the report and will keep the plan under review',
  adequate: 'Agreed; the plan is updated for the next term',
  insufficient: 'The governors accept the findings and have asked the AAG for further support',
};
const TASK_GROUP_HEADERS = Object.values(taskGroupReportsSheet.columns).map((c) => c.header);
const withResponses = (rows: (string | undefined)[][]) => rows.map((row, i) => [...row, i % 5 === 4 ? '' : RESPONSE[row[2]!]]);
write(AUTUMN, 'task-group-reports.csv', TASK_GROUP_HEADERS, withResponses(noticed.flatMap((s) => [
  [s.urn, '2026-spring', 'insufficient', 'The improvement plan has not been followed; governors have not challenged leaders on it'],
  [s.urn, '2026-summer', 'insufficient', 'Key actions overdue again; outcomes in reading and mathematics have not improved'],
])), { bom: true });
const impactInAutumn = new Map([[toEscalate.urn, ['insufficient', 'Actions from the notice not completed; leadership capacity remains thin']], [toWithdraw.urn, ['strong', 'The action plan agreed after the notice is on track; governors now hold leaders to account']]]);
write(SPRING, 'task-group-reports.csv', TASK_GROUP_HEADERS, withResponses(reports.map(([urn, term, impact, summary]) => {
  const set = impactInAutumn.get(urn!);
  return set ? [urn, term, set[0], set[1]] : [urn, term, impact, summary];
})), { bom: true });
const ecbRow = (s: GeneratedSchool, decidedBy: string, decision: string, rationale: string, complianceDate = '') => ecbDecisionsRow({ urn: s.urn, school: s.name, district: s.district, governance: s.trust ? 'academy' : 'maintained', decision, complianceDate, rationale, decidedBy });
write(AUTUMN, 'ecb-decisions.csv', ECB_DECISIONS_HEADERS, [
  ecbRow(toEscalate, 'ECB, 15/09/2026', 'issue', 'Two terms of insufficient impact of support; the governors have not secured the actions agreed with the AAG', '11/12/2026'),
  ecbRow(toRefer, 'ECB, 15/09/2026', 'refer', "Two terms of insufficient impact of support; the trust has not responded to the AAG's offer of further support"),
  ecbRow(toWithdraw, 'ECB, 15/09/2026', 'issue', 'Two terms of insufficient impact of support; outcomes in reading and mathematics have not improved', '11/12/2026'),
]);
write(SPRING, 'ecb-decisions.csv', ECB_DECISIONS_HEADERS, [
  ecbRow(toEscalate, 'ECB, 14/01/2027', 'escalate', 'The school has not complied with the notice: the ECB asks officers to propose an Interim Executive Board to its March meeting'),
  ecbRow(toWithdraw, 'ECB, 14/01/2027', 'withdraw', 'The school has complied with the notice: the action plan is on track and the task group finds the impact of support strong'),
]);

// The TSC board's answers to two of the autumn's requests (the autumn report lists the 14, each a primary school in C
// whose AAG found no system leader with capacity): one offered a specialist leader, one none. The rest go
// unanswered: those the spring brokering cannot meet stay on the report. (Written last, with no random draw.)
// (The example's own: a larger authority has other schools at those URNs.)
if (!SCALED) {
  const [offeredTo, noneFor] = ['140259', '140301'].map((urn) => districtOf.get(urn));
  if (!offeredTo || !noneFor || autumn.get(offeredTo.urn) !== 'C' || autumn.get(noneFor.urn) !== 'C') throw new Error("the example's TSC responses answer two autumn requests that are no longer there");
  write(SPRING, 'tsc-responses.csv', Object.values(tscResponsesSheet.columns).map((c) => c.header), [
    [offeredTo.urn, 'a system leader or LIO', 'offered', 'Sarah Lee (SLE, reading), Harbour Teaching School Hub', 'Available from the second half of the autumn term; the AAG to agree the days', 'TSC board, 20/10/2026', '20/10/2026'],
    [noneFor.urn, 'a system leader or LIO', 'none', '', 'No primary leader has capacity this term; the board will recruit two LLEs for the spring', 'TSC board, 20/10/2026', '20/10/2026'],
  ]);
}

// Figures for the ECB's measures that the cycle's data does not give (measures/default.yaml, kind: input): EHC plans
// issued within 20 weeks and suspensions, as the SEN2 return and the exclusions statistics give them. (No random draw.)
const FIGURE_HEADERS = Object.values(measureFiguresSheet.columns).map((c) => c.header);
write(AUTUMN, 'measure-figures.csv', FIGURE_HEADERS, [
  ['ehc-plans-within-20-weeks', '49.5', '31/08/2026', '', 'SEN2 return: plans issued September 2025 to August 2026'],
  ['suspensions', '9.8', '31/07/2026', '', 'Suspensions per 100 pupils, academic year 2025/26 (provisional)'],
]);
write(SPRING, 'measure-figures.csv', FIGURE_HEADERS, [
  ['ehc-plans-within-20-weeks', '49.5', '31/08/2026', '', 'SEN2 return: plans issued September 2025 to August 2026'],
  ['ehc-plans-within-20-weeks', '58.0', '31/12/2026', '', 'Plans issued September to December 2026'],
  ['suspensions', '9.8', '31/07/2026', '', 'Suspensions per 100 pupils, academic year 2025/26 (provisional)'],
  ['suspensions', '10.1', '31/12/2026', '', 'Suspensions per 100 pupils, autumn term 2026, annualised'],
]);

// ------------------------------------------------------------------ the history: six terms before the autumn
// The early-warning policy is judged by replaying earlier terms (npm run backtest). Ardenshire's history, from autumn
// 2024 to summer 2026, is written to <out>/history/<term>/ with the files the risk assessment reads: the register,
// Ofsted's file as it stood at the term's start (graded layout: the report cards arrive with spring 2027), the
// LA's intelligence known by then, and two years of key stage 2, key stage 4 and attendance figures (one file per
// year, the latest published by the term's start); the example's own terms gain the year before theirs, 2023/24. Schools that
// went on to decline (a key-judgement inspection below good, a weak report card, a concern raised) show turning data
// a year or two before it, most of them, as schools often do; the others' figures only wander. (Written last, so
// every draw above, and every file before, is as it was.)
const TERM_START_DATES = { autumn: '09-03', spring: '01-05', summer: '04-20' } as const;
// (Not for a larger authority made to measure the cycle at size: its two terms are enough.)
const HISTORY = SCALED ? [] : ['2024-autumn', '2025-spring', '2025-summer', '2025-autumn', '2026-spring', '2026-summer'];
const YEARS = ['2021/22', '2022/23', '2023/24', '2024/25'] as const;
type Year = (typeof YEARS)[number];
const isoOf = (uk: string) => uk.split(/[/-]/).reverse().join('-');
/** The figures of a year are published by the December after it (key stage 2 provisional, attendance). */
const latestYearAt = (date: string): Year => [...YEARS].reverse().find((y) => `20${y.slice(-2)}-12-01` <= date) ?? YEARS[0];
// Which schools turn, and when: the years their figures worsen.
const kjBelowGood = [...inspections].filter(([, r]) => r['Latest OEIF overall effectiveness'] === '9' && KEY_JUDGEMENT_COLUMNS.some((k) => ['3', '4'].includes(r[`Latest OEIF ${k}`] ?? ''))).map(([urn]) => urn);
const weakCard = (r: Row | undefined) => r !== undefined && Object.values(r).some((v) => v === 'needs attention' || v === 'urgent improvement');
const turnsIn = new Map<string, Year[]>();
for (const urn of kjBelowGood) if (chance(0.75)) turnsIn.set(urn, ['2022/23', '2023/24']);
for (const [urn, r] of reportCards) if (weakCard(r) && !turnsIn.has(urn) && chance(0.7)) turnsIn.set(urn, ['2024/25']);
for (const i of autumnIntelligence) if (i.type === 'concern' && !turnsIn.has(i.urn) && chance(0.5)) turnsIn.set(i.urn, ['2024/25']);
// Each school's figures, year by year, worked back from 2024/25's (already written).
const ks2Of = new Map<string, Partial<Record<Year, number>>>();
const absenceOf = new Map<string, Partial<Record<Year, [number, number]>>>();
const cohort = (s: GeneratedSchool) => Math.max(8, Math.round(s.pupils / 7));
for (const row of ks2Rows.filter((r) => r[0] === 1)) {
  const s = districtOf.get(String(row[2]))!;
  const values: Partial<Record<Year, number>> = { '2024/25': Number(String(row[4]).replace('%', '')) };
  for (let i = YEARS.length - 1; i > 0; i--) {
    const [later, earlier] = [YEARS[i]!, YEARS[i - 1]!];
    const fall = turnsIn.get(s.urn)?.includes(later) ? between(10, 24) : 0;
    const wander = Math.round((random() - 0.5) * Math.min(24, 90 / Math.sqrt(cohort(s))));
    values[earlier] = clamp(values[later]! + fall + wander, 5, 98);
  }
  ks2Of.set(s.urn, values);
}
for (const row of attendanceRows) {
  const s = districtOf.get(String(row[4]))!;
  const values: Partial<Record<Year, [number, number]>> = { '2024/25': [Number(row[6]), Number(row[7])] };
  for (let i = YEARS.length - 1; i > 0; i--) {
    const [later, earlier] = [YEARS[i]!, YEARS[i - 1]!];
    const turning = turnsIn.get(s.urn)?.includes(later);
    // A turn is a rise in absence of half a point to a point (more than a point would be a rule, not a warning).
    const rise = turning ? 0.5 + random() * 0.45 : (random() - 0.5) * 0.8;
    const paRise = turning ? 2 + random() * 2.5 : (random() - 0.5) * 3;
    const [absence, pa] = values[later]!;
    values[earlier] = [clamp(Number((absence - rise).toFixed(1)), 2, 20), clamp(Number((pa - paRise).toFixed(1)), 1, 60)];
  }
  absenceOf.set(s.urn, values);
}
const fileYear = (y: Year) => `${y.slice(0, 4)}-${y.slice(-2)}`;
/** Each year's files, drawn once: 2024/25's are the example's own. */
const performanceFiles = new Map<Year, { ks2: (string | number | undefined)[][]; attendance: (string | number | undefined)[][]; ks4: (string | number | undefined)[][] }>();
function performanceOf(year: Year) {
  if (year === '2024/25') return { ks2: ks2Rows, attendance: attendanceRows, ks4: ks4Rows };
  const known = performanceFiles.get(year);
  if (known) return known;
  const ks2 = [...ks2Of].map(([urn, v]) => {
    const s = districtOf.get(urn)!;
    return [1, LA_CODE, urn, s.name, `${v[year]}%`, s.pupils < 120 ? 'SUPP' : `${clamp(v[year]! - between(8, 22), 0, 100)}%`, 'NP', 'NP', 'NP'];
  });
  const mean = Math.round([...ks2Of.values()].reduce((n, v) => n + v[year]!, 0) / ks2Of.size);
  const files = {
    ks2: [...ks2, [4, LA_CODE, '', LA_NAME, `${mean}%`, `${mean - 16}%`, 'NP', 'NP', 'NP']],
    attendance: [...absenceOf].map(([urn, v]) => [`${year.slice(0, 4)}${year.slice(-2)}`, 'Academic year', 'School', LA_CODE, urn, districtOf.get(urn)!.name, v[year]![0].toFixed(1), v[year]![1].toFixed(1), severeAbsence(v[year]![0])]),
    ks4: ks4Rows.filter((r) => r[0] === 1).map((r) => {
      const a8 = clamp(Number(r[4]) + (random() - 0.5) * 4, 20, 70);
      return [1, LA_CODE, r[2], r[3], a8.toFixed(1), 'NE', (a8 - between(8, 14)).toFixed(1), 'NE', `${clamp(Math.round(a8 * 1.4), 10, 95)}%`];
    }),
  };
  performanceFiles.set(year, files);
  return files;
}
function writePerformance(dir: string, year: Year, withKs4: boolean) {
  const files = performanceOf(year);
  write(dir, `ks2-performance-${fileYear(year)}.csv`, KS2_HEADERS, files.ks2);
  write(dir, year === '2024/25' ? 'attendance.csv' : `attendance-${fileYear(year)}.csv`, ATTENDANCE_HEADERS, files.attendance);
  if (withKs4) write(dir, `ks4-performance-${fileYear(year)}.csv`, KS4_HEADERS, files.ks4);
}
// The example's own terms: the year before theirs, so their trends show.
for (const term of [AUTUMN, SPRING]) writePerformance(term, '2023/24', true);
// The graded inspection a school had before a key-judgement inspection of 2024-25: shown until that one is published.
const previousInspection = new Map<string, Row>();
for (const urn of kjBelowGood.concat([...inspections].filter(([, r]) => r['Latest OEIF overall effectiveness'] === '9').map(([u]) => u).filter((u) => !kjBelowGood.includes(u)))) {
  const oe = weighted<number>(kjBelowGood.includes(urn) ? [[2, 8], [1, 1], [3, 1]] : [[2, 7], [1, 2], [3, 1]]);
  const start = ukDate('2016-09-01', '2021-07-15');
  const r = inspections.get(urn)!;
  previousInspection.set(urn, {
    URN: urn, 'School name': r['School name']!, 'Inspection start date': start, 'Publication date': publication(start), 'Inspection type': 'S5 Inspection', 'Category of concern': '',
    'Latest OEIF overall effectiveness': String(oe), ...Object.fromEntries(KEY_JUDGEMENT_COLUMNS.map((k) => [`Latest OEIF ${k}`, String(oe)])), 'Latest OEIF safeguarding is effective?': 'Yes',
  });
}
const ungradedPublished = new Map([...ungradedInspections].map(([urn, u]) => [urn, publication(u.date)]));
const historyRegister = registerRows();
const historyContacts = contactRows();
const replayed: ReplayedTerm[] = [];
for (const term of HISTORY) {
  const asOf = termStartDate(term, TERM_START_DATES);
  const dir = join('history', term);
  // Before the conversion (April 2025) the predecessor is open and the academy is not yet; the free school opens in September 2025.
  const converted = asOf >= isoOf(successor.openDate);
  const open = (urn: string) => isoOf(schools.find((x) => x.urn === urn)!.openDate) <= asOf;
  write(dir, 'register.csv', REGISTER_HEADERS, historyRegister
    .filter((r) => open(String(r[0])))
    .map((r) => (r[0] === predecessor.urn && !converted ? r.map((v, i) => (i === 7 ? 'Open' : i === 13 ? 205 : i === 21 ? '' : v)) : r)));
  if (converted) write(dir, 'links.csv', LINK_HEADERS, linkRows);
  write(dir, 'contacts.csv', ['URN', 'Role', 'Name', 'Email'], historyContacts.filter((r) => open(r[0]!)), { bom: true });
  const published = (r: Row | undefined) => r !== undefined && isoOf(r['Publication date']!) < asOf;
  write(dir, 'ofsted-inspections.csv', GRADED_LAYOUT, [...inspections.keys()].flatMap((urn) => {
    const r = published(inspections.get(urn)) ? inspections.get(urn)! : previousInspection.get(urn);
    if (!r || !published(r)) return [];
    const u = ungradedInspections.get(urn);
    const shown = u && isoOf(u.date) > isoOf(r['Inspection start date']!) && isoOf(ungradedPublished.get(urn)!) < asOf ? u : undefined;
    return [[
      urn, r['School name']!, r['Inspection start date']!, r['Publication date']!, r['Inspection type']!, 'Yes', urn, r['School name']!, r['Category of concern'] ?? '',
      r['Latest OEIF overall effectiveness'] === '9' ? 'Not judged' : r['Latest OEIF overall effectiveness']!, ...KEY_JUDGEMENT_COLUMNS.map((k) => r[`Latest OEIF ${k}`]!), r['Latest OEIF safeguarding is effective?']!,
      orNull(shown?.date), shown ? ungradedPublished.get(urn)! : NULL, orNull(shown?.outcome),
    ]];
  }));
  write(dir, 'intelligence.csv', INTEL_HEADERS, autumnIntelligence.filter((i) => isoOf(i.date) < asOf).map((i) => [i.urn, i.type, i.date, i.status, i.summary]), { bom: true });
  const latest = latestYearAt(asOf);
  writePerformance(dir, YEARS[YEARS.indexOf(latest) - 1]!, true);
  writePerformance(dir, latest, true);
}
// What the backtest will find, as the generator sees it.
for (const term of [...HISTORY.map((t) => join('history', t)), AUTUMN, SPRING]) {
  const name = term.split('/').at(-1)!;
  const folder = join(args.out!, term);
  const files = new Map(readdirSync(folder).map((f) => [f, new Uint8Array(readFileSync(join(folder, f)))]));
  const asOf = termStartDate(name, TERM_START_DATES);
  replayed.push(replayTermFiles(name, readTermIntake(files, { laCode: LA_CODE, notAfter: asOf }), METHODOLOGY, METHODOLOGY.earlyWarning!, asOf));
}
const history = backtest(replayed, brokeredCategories(METHODOLOGY));

const count = (m: Map<string, Category>) => CATEGORIES.map((c) => `${c} ${[...m.values()].filter((v) => v === c).length}`).join(', ');
console.log(`Example authority written to ${args.out}/ (seed ${args.seed}): ${schools.length} register rows, ${inCycle.length} schools in the cycle`);
console.log(`  ${AUTUMN}: ${count(autumn)}`);
console.log(`  ${SPRING}: ${count(spring)}; ${[...spring].filter(([urn, c]) => autumn.get(urn) !== c).length} schools change category from autumn`);
console.log(`  warning notices: ${toEscalate.name} (${toEscalate.urn}) issued in the autumn, not complied with and escalated in the spring; ${toWithdraw.name} (${toWithdraw.urn}) issued, then withdrawn; ${toRefer.name} (${toRefer.urn}, an academy) referred to the DfE`);
console.log(`  visit notes for the autumn (taken in with spring): ${visitRows.length}, ${visitsMissed} planned visits missed`);
console.log(`  AAG decisions: autumn, Riverton misses the deadline; spring, ${districtOf.get(proposedChange[0])!.name} (${proposedChange[0]}) kept in ${autumn.get(proposedChange[0])} instead of ${proposedChange[1]}; ${supported.name} (${supportedUrn}) paired with ${chosenSupport.name} (${chosenSupport.urn})`);
if (!SCALED) console.log(`  history (${HISTORY[0]} to ${HISTORY.at(-1)}, in history/): ${turnsIn.size} schools' figures turn before they decline; replayed with the example's terms, ${history.flagged} flagged, ${history.declined} of them declined, ${history.declines} declines, ${history.missed} missed; flagged in ${AUTUMN}: ${replayed.at(-2)!.flagged.size}`);

/**
 * Intake and the cycle on real published files, unchanged, from ../shared/realdata (see its SOURCES.md): Ofsted's
 * management information for Leeds as at 28 February 2026, the GIAS links file, the key stage 2 and 4 files, a
 * June 2026 sample of Ofsted's national file, and a real GIAS extract for Hampshire and Surrey. There is no Leeds
 * GIAS extract, so scripts/real-term.ts makes the register and contacts from the Ofsted file's own columns.
 * Where the folder is not beside the clone, these tests are skipped and their names say why.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { categorise, decidingReasons, groupReasons } from '../../functions/core/assessment/categorisation';
import { readTermIntake, type TermIntake } from '../../functions/core/intake';
import { intakeReport } from '../../functions/core/intake/intake-report';
import { describeRejection } from '../../functions/core/sheets';
import { termStartDate } from '../../functions/core/term';
import { LocalCycle } from '../../local/local-cycle';
import { REPOSITORY_ROOT } from '../../local/repository';
import { freePort } from '../../local/services';
import { layOutRealTerm, REAL_FILES, sheetsFromOfstedFile } from '../../scripts/real-term';
import { DEFAULT_METHODOLOGY } from '../builders';
import { sharedDynamoDb } from '../e2e/shared-dynamodb';

vi.setConfig({ testTimeout: 180_000 });

const REALDATA = process.env.REALDATA_DIR ?? join(REPOSITORY_ROOT, '..', 'shared', 'realdata');
const present = existsSync(join(REALDATA, 'SOURCES.md'));
const whyNot = `${REALDATA} is not there (CI lays ../shared/realdata beside the clone; REALDATA_DIR names another place)`;
const titled = (title: string) => (present ? title : `${title} (skipped: ${whyNot})`);
if (!present) console.warn(`The real-file tests are skipped: ${whyNot}.`);

const TERM = '2026-summer';
const AS_OF = termStartDate(TERM, { autumn: '09-03', spring: '01-05', summer: '04-20' });
const work = mkdtempSync(join(tmpdir(), 'sic-realdata-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function leedsTerm(): { dir: string; files: Map<string, Uint8Array> } {
  const dir = join(work, 'leeds', TERM);
  layOutRealTerm(REALDATA, dir);
  const names = [...REAL_FILES, 'register.csv', 'contacts.csv', 'aag-areas.csv'];
  return { dir, files: new Map(names.map((n) => [n, new Uint8Array(readFileSync(join(dir, n)))])) };
}

describe.skipIf(!present)(
  titled('Leeds, as downloaded (Ofsted as at 28 February 2026, GIAS links, key stage 2 and 4)'),
  () => {
    let intake: TermIntake;
    const read = () =>
      (intake ??= readTermIntake(leedsTerm().files, {
        laCode: '383',
        notAfter: '2026-11-29',
        categories: ['A', 'B', 'C', 'D'],
        performanceYears: { ks2: '2018/19', ks4: '2018/19' },
      }));
    const categoryOf = (urn: string) => {
      const school = read().schools.find((s) => s.urn === urn)!;
      const of = <T extends { urn: string }>(xs: T[]) => xs.filter((x) => x.urn === urn);
      return categorise(
        {
          school,
          inspections: of(read().inspections),
          intelligence: [],
          taskGroupReports: [],
          performance: of(read().performance),
        },
        DEFAULT_METHODOLOGY,
        AS_OF,
      );
    };

    it('rejects no row of the real files, and names the layout it recognised', () => {
      expect(read().rejected.map(describeRejection)).toEqual([]);
      const ofsted = read().files.find((f) => f.sheet === 'ofsted-inspections')!;
      expect(ofsted).toMatchObject({
        file: 'leeds_ofsted_data.csv',
        recognisedBy: 'columns',
        rows: 278,
        rejectedRows: 0,
      });
      expect(ofsted.layout).toMatch(/^Ofsted's report-card layout \(published from November 2025\)/);
      expect(read().schools).toHaveLength(278);
      expect(read().laName).toBe('Leeds');
      const { lines, halt } = intakeReport(read(), { laCode: '383', maxRejectedShare: 0.25 });
      expect(halt).toBeUndefined();
      expect(lines.at(-1)).toBe('Result: the files can be used; no row was rejected.');
    });

    it('reads each of the three inspections a row carries as its own, never one column for another', () => {
      const eras = new Map<string, number>();
      for (const i of read().inspections) eras.set(i.era, (eras.get(i.era) ?? 0) + 1);
      // Of the 278 schools in the cycle (the file's non-maintained special school is left out): 2 report cards, 169
      // graded inspections (129 with an overall grade, 40 "Not judged"), 132 ungraded.
      expect(Object.fromEntries(eras)).toEqual({
        'report-card': 2,
        'single-word': 129,
        'key-judgements': 40,
        ungraded: 132,
      });
      const uninspected = read().schools.filter((s) => !read().inspections.some((i) => i.urn === s.urn));
      expect(uninspected.map((s) => s.urn).sort()).toEqual(['149546', '149719', '150228', '150229', '150406']);
    });

    it.each([
      // [URN, what it is, category, the reasons' evidence as letters cite it]
      [
        '107809',
        'a school whose only inspection is ungraded',
        'A',
        ['Ofsted ungraded inspection, 14 Jun 2023: School remains Good'],
      ],
      [
        '107848',
        'a report-card school',
        'C',
        [
          'Ofsted report card, 6 Jan 2026: inclusion - needs attention; curriculum and teaching - needs attention; attendance and behaviour - needs attention; personal development and wellbeing - needs attention; leadership and governance - needs attention',
        ],
      ],
      [
        '107963',
        'a school in serious weaknesses',
        'D',
        [
          'Ofsted graded inspection with key judgements and no overall grade, 8 Jul 2025: serious weaknesses',
          'Ofsted graded inspection with key judgements and no overall grade, 8 Jul 2025: leadership and management inadequate',
        ],
      ],
      [
        '151719',
        'an academy judged on its predecessor',
        'D',
        [
          'Ofsted graded inspection with a single-word judgement of the predecessor school Ingram Road Primary School, URN 107952, 5 Mar 2024: special measures',
          'Ofsted graded inspection with a single-word judgement of the predecessor school Ingram Road Primary School, URN 107952, 5 Mar 2024: overall effectiveness inadequate',
        ],
      ],
    ] as const)('%s, %s: category %s, citing each inspection by era and date', (urn, _what, category, evidence) => {
      const result = categoryOf(urn);
      expect(result.category).toBe(category);
      expect(groupReasons(decidingReasons(result)).map((r) => r.evidence)).toEqual(evidence);
      expect(result.reasons.map((r) => r.rule)).not.toContain('no-inspection-yet');
    });

    it('a special school with key stage 4 data is not held to Progress 8, and the figures carry their year', () => {
      const john = read().performance.filter((p) => p.urn === '108119');
      expect(john.map((p) => [p.source, p.year])).toEqual([
        ['ks2', '2018/19'],
        ['ks4', '2018/19'],
      ]);
      expect(john.find((p) => p.source === 'ks4')?.measures).toMatchObject({ progress8: -1.55, attainment8: 0.6 });
      const result = categoryOf('108119');
      expect(result.category).toBe('A');
      expect(result.reasons.map((r) => r.rule)).not.toContain('risk-progress-8');
    });

    it('shows 2018/19 results as evidence too old to count, naming their year, and places no school in C or D on them', () => {
      // Temple Learning Academy: Progress 8 of its 2018/19 cohort is no evidence for 2026.
      const all = read().schools.map((s) => ({ urn: s.urn, result: categoryOf(s.urn) }));
      // Evidence only, apart from the statutory flags (shown whether or not the methodology uses them).
      const old = all.flatMap(({ result }) =>
        result.reasons.filter((r) => r.evidenceOnly && r.rule !== 'statutory-flag'),
      );
      expect(old.length).toBeGreaterThan(0);
      for (const reason of old) {
        expect(reason.category).toBe('A');
        expect(reason.evidence).toMatch(/^key stage [24], 2018\/19: /);
      }
      expect(all.flatMap(({ result }) => decidingReasons(result)).filter((r) => /key stage/.test(r.evidence))).toEqual(
        [],
      );
    });

    it('puts schools in the AAG areas the authority drew, not the single GIAS district of a metropolitan borough', () => {
      expect(new Set(read().schools.map((s) => s.administrativeDistrict))).toEqual(new Set(['Leeds']));
      expect(new Set(read().schools.map((s) => s.district)).size).toBeGreaterThan(5);
      expect(read().schools.find((s) => s.urn === '107848')?.district).toBe('Leeds South West and Morley');
    });

    it('runs the whole cycle on them through the synthesized state machine', async () => {
      const { dir } = leedsTerm();
      const cycle = await LocalCycle.start({
        dynamoDb: sharedDynamoDb(),
        dynamoDbPort: await freePort(),
        sesPort: await freePort(),
        context: {
          'school-improvement-cycle': {
            ...JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'cdk.json'), 'utf8')).context['school-improvement-cycle'],
            laCode: '383',
            authorityName: 'Leeds',
          },
        },
      });
      try {
        const result = await cycle.runTerm(TERM, {
          dataDir: join(dir, '..'),
          outDir: join(work, 'out'),
          performanceYears: { ks2: '2018/19', ks4: '2018/19' },
        });
        expect(result.status).toBe('succeeded');
        if (result.status !== 'succeeded') return;
        expect(result.summary).toMatchObject({
          schools: 278,
          rejectedRows: 0,
          categories: { A: 253, B: 0, C: 23, D: 2 },
        });
        const assessments = readFileSync(join(work, 'out', TERM, 'assessments.csv'), 'utf8');
        expect(assessments).toContain('Ofsted ungraded inspection, 14 Jun 2023: School remains Good');
        expect(assessments).toContain('of the predecessor school Ingram Road Primary School, URN 107952, 5 Mar 2024');
        expect(assessments).toMatch(
          /too old to count \(the methodology counts 2023\/24 and 2024\/25\) \(key stage 4, 2018\/19: /,
        );
      } finally {
        await cycle.stop();
      }
    });
  },
);

describe.skipIf(!present)(titled("Ofsted's June 2026 file (national, its first rows)"), () => {
  it('reads the June layout ("- date of grade", "Latest OEIF category of concern") without rejecting a row', () => {
    const text = readFileSync(join(REALDATA, 'ofsted_latest_inspections_2026-06-30_sample.csv'));
    const made = sheetsFromOfstedFile(new TextDecoder().decode(text));
    const registers = new Map<string, string>();
    // The sample's four schools are in two authorities (City of London 201, Camden 202): read it for each.
    for (const la of ['201', '202']) {
      const intake = readTermIntake(
        new Map([
          ['ofsted.csv', new Uint8Array(text)],
          ['register.csv', new TextEncoder().encode(made.register)],
          ['contacts.csv', new TextEncoder().encode(made.contacts)],
        ]),
        { laCode: la, notAfter: '2026-11-29' },
      );
      // Contacts of the other authority's schools are rejected as not in its register; Ofsted's rows never are.
      expect(intake.rejected.filter((r) => r.file === 'ofsted.csv').map(describeRejection)).toEqual([]);
      registers.set(la, intake.files.find((f) => f.sheet === 'ofsted-inspections')!.layout!);
    }
    expect(registers.get('202')).toMatch(/report-card layout .*- date of grade/);
  });
});

describe.skipIf(!present)(titled('a real GIAS extract (Hampshire and Surrey, 20 April 2022)'), () => {
  it.each([
    ['850', 'Hampshire', 427],
    ['936', 'Surrey', 301],
  ])(
    'LA %s: reads the register without rejecting closed or out-of-scope rows for fields only the cycle needs',
    (laCode, name, schools) => {
      const files = new Map([
        [
          'register.csv',
          new Uint8Array(readFileSync(join(REALDATA, 'gias_edubasealldata_2022-04-20_hampshire_surrey.csv'))),
        ],
        [
          'contacts.csv',
          new TextEncoder().encode('URN,Role,Name,Email\n100000,Headteacher,A Head,head@school.example\n'),
        ],
      ]);
      const intake = readTermIntake(files, { laCode });
      expect(intake.rejected.filter((r) => r.file === 'register.csv').map(describeRejection)).toEqual([]);
      expect(intake.laName).toBe(name);
      expect(intake.schools).toHaveLength(schools);
    },
  );
});

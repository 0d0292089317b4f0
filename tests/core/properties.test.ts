/** Properties of the default methodology and the letters, over generated schools and evidence (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { categorise } from '../../functions/core/assessment/categorisation';
import { severity } from '../../functions/core/assessment/methodology';
import { lettersForChange } from '../../functions/core/letters/letters';
import type { Assessment, Contact } from '../../functions/core/types';
import { DEFAULT_METHODOLOGY, school } from '../builders';
import { dateBetween, evidenceOf, type GeneratedEvidence } from '../generators';

const URN = '100001';
const date = dateBetween('2015-01-01', '2026-09-01');
const evidence = evidenceOf(URN, date);
type Evidence = GeneratedEvidence;

const categoryOf = (e: Evidence) =>
  categorise(
    {
      school: school({ urn: URN }),
      inspections: e.inspections,
      intelligence: e.intelligence,
      performance: e.performance,
      taskGroupReports: e.impacts.map((impact, i) => ({ urn: URN, term: `202${i}-autumn`, impact, summary: '' })),
    },
    DEFAULT_METHODOLOGY,
    '2026-09-03',
  );

describe('the default methodology, over generated evidence', () => {
  it('places every school in exactly one of its categories, with at least one reason for it', () => {
    fc.assert(
      fc.property(evidence, (e) => {
        const result = categoryOf(e);
        expect(DEFAULT_METHODOLOGY.categories.map((c) => c.id)).toContain(result.category);
        expect(result.reasons.some((r) => r.category === result.category)).toBe(true);
        // the worst category among the reasons is the one given
        expect(Math.max(...result.reasons.map((r) => severity(DEFAULT_METHODOLOGY, r.category)))).toBe(
          severity(DEFAULT_METHODOLOGY, result.category),
        );
      }),
    );
  });

  it('gives the same category whatever the order of the rows', () => {
    fc.assert(
      fc.property(evidence, fc.integer(), (e, seed) => {
        const shuffle = <T>(items: T[]) =>
          items
            .map((item, i) => ({ item, key: Math.sin(seed + i) }))
            .sort((a, b) => a.key - b.key)
            .map((x) => x.item);
        const shuffled = {
          ...e,
          inspections: shuffle(e.inspections),
          intelligence: shuffle(e.intelligence),
          performance: shuffle(e.performance),
          impacts: shuffle(e.impacts),
        };
        expect(categoryOf(shuffled).category).toBe(categoryOf(e).category);
      }),
    );
  });

  it("never improves a school's category when a concern is added", () => {
    fc.assert(
      fc.property(evidence, date, (e, raised) => {
        const withConcern = {
          ...e,
          intelligence: [
            ...e.intelligence,
            { urn: URN, type: 'concern' as const, date: raised, status: 'open', summary: '' },
          ],
        };
        expect(severity(DEFAULT_METHODOLOGY, categoryOf(withConcern).category)).toBeGreaterThanOrEqual(
          severity(DEFAULT_METHODOLOGY, categoryOf(e).category),
        );
      }),
    );
  });
});

describe('letters, over generated changes', () => {
  const authority = {
    name: 'Ardenshire County Council',
    senderAddress: 'si@a.example',
    replyToAddress: 'si@a.example',
    contactName: 'Team',
    contactPhone: '0',
  };
  const contacts: Contact[] = [
    { urn: URN, role: 'headteacher', name: 'H', email: 'h@s.example' },
    { urn: URN, role: 'chair of governors', name: 'C', email: 'c@s.example' },
    { urn: URN, role: 'trust board chair', name: 'T', email: 't@t.example' },
  ];
  const category = fc.constantFrom('A', 'B', 'C', 'D');

  it('a rerun sends nothing: the letters of a term are the same each time, so every one is found already claimed', () => {
    fc.assert(
      fc.property(
        category,
        category,
        fc.boolean(),
        fc.constantFrom('2026-autumn', '2027-spring'),
        (from, to, isAcademy, term) => {
          const assessment: Assessment = {
            term,
            urn: URN,
            category: to,
            previousCategory: from,
            changed: from !== to,
            methodologyId: 'default-2026',
            reasons: [{ category: to, rule: 'r', text: 't', evidence: 'e' }],
          };
          const plan = () =>
            lettersForChange(
              '2026-09-03',
              assessment,
              school({ urn: URN, isAcademy }),
              contacts,
              authority,
              DEFAULT_METHODOLOGY,
            ).letters.map((l) => l.key);
          const claimed = new Set<string>();
          const sent = (keys: string[]) => keys.filter((key) => !claimed.has(key) && claimed.add(key));
          const first = sent(plan());
          expect(first.length).toBe(from === to ? 0 : isAcademy ? 3 : 2);
          expect(sent(plan())).toEqual([]);
        },
      ),
    );
  });
});

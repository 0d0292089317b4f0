import * as vega from 'vega';
import { drawChart } from '../functions/adapters/charts';
import { movements, goodOrBetterOverTerms, categoriesOverTerms } from '../functions/core/reporting/charts';
import { DEFAULT_METHODOLOGY, school } from '../tests/builders';
import type { Assessment } from '../functions/core/types';

const cats = ['A', 'B', 'C', 'D'] as const;
function assessments(seed: number): Assessment[] {
  return Array.from({ length: 48 }, (_, i) => ({ urn: String(100000 + i), term: '2026-autumn', category: cats[(i * seed) % 4]!, previousCategory: cats[(i + seed) % 4]!, changed: true, reasons: [] }) as unknown as Assessment);
}
const charts = (seed: number) => [movements(DEFAULT_METHODOLOGY, assessments(seed)), goodOrBetterOverTerms([{ term: '2026-autumn', goodOrBetter: seed, inspected: seed + 5, share: 50 } as never, { term: '2027-spring', goodOrBetter: seed + 1, inspected: seed + 6, share: 55 } as never])];
void school; void vega; void categoriesOverTerms;
const N = Number(process.argv[2] ?? 200);
for (let round = 0; round < 3; round++) {
  const t0 = performance.now();
  for (let i = 0; i < N; i++) for (const c of charts(i + 1)) await drawChart(c);
  console.log(`${(performance.now() - t0) / (2 * N)} ms a chart`);
}

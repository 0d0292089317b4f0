/** Draws the report's charts (Vega-Lite specifications) to SVG with vega, in the function: no browser, no network. */
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { Html } from '../core/html';
import type { MeasureRow, MeasuresFile } from '../core/measures/measures';
import { measuresChart, measuresSection } from '../core/measures/measures-report';
import type { Chart } from '../core/reporting/charts';
import type { DrawnChart } from '../core/reporting/report';

/** The name a chart's rows go by in its compiled specification, given to each view (see drawChart). */
const ROWS = 'rows';
/**
 * The signal a chart's title (where it is plain text) is given by, so that charts titled by their area share a shape.
 */
const TITLE = 'chartTitle';
/** Compiled and parsed charts, by their specification without its rows; bounded, as a warm function keeps it. */
const parsedCharts = new Map<string, vega.Runtime>();
const MOST_PARSED_CHARTS = 200;

/**
 * The chart's specification compiled (Vega-Lite to Vega) and parsed, without its rows or its title: charts of the
 * same shape (each AAG area's, term by term, the measures' chart titled with its area) are compiled and parsed
 * once, and only drawn with their own rows and title. Compiling and parsing were two thirds of drawing a chart,
 * and the area reports draw five for each area.
 */
function parsedChart(spec: Record<string, unknown>): { runtime: vega.Runtime; rows?: unknown[]; title?: string } {
  const { data, title, ...shape } = spec as { data?: { values?: unknown[] }; title?: unknown; params?: unknown[] };
  const rows = data && Object.keys(data).length === 1 && Array.isArray(data.values) ? data.values : undefined;
  const plainTitle = typeof title === 'string' ? title : undefined;
  // The rows by name, and a plain title by a signal; anything else as the specification gave it.
  const named = {
    ...shape,
    ...(rows ? { data: { name: ROWS } } : { data }),
    ...(plainTitle !== undefined
      ? { params: [...(shape.params ?? []), { name: TITLE, value: '' }], title: { text: { expr: TITLE } } }
      : { title }),
  };
  const key = JSON.stringify(named);
  let runtime = parsedCharts.get(key);
  if (!runtime) {
    runtime = vega.parse(compile(named as never).spec);
    if (parsedCharts.size >= MOST_PARSED_CHARTS) parsedCharts.clear();
    parsedCharts.set(key, runtime);
  }
  return { runtime, ...(rows ? { rows } : {}), ...(plainTitle !== undefined ? { title: plainTitle } : {}) };
}

/**
 * What vega's runtime hands an expression's code generator: the view's context, whose functions an expression calls as
 * `this`.
 */
interface ExpressionContext {
  functions?: object;
}
type Generated = ((...args: unknown[]) => unknown) & { path?: string };
interface ExpressionCodegen {
  operator(ctx: ExpressionContext | null, expr: { code: string }): Generated;
  parameter(ctx: ExpressionContext | null, expr: { code: string }): Generated;
  event(ctx: ExpressionContext | null, expr: { code: string }): Generated;
  handler(ctx: ExpressionContext | null, expr: { code: string }): Generated;
  encode(
    ctx: ExpressionContext | null,
    encode: { marktype: string; channels: Record<string, { code: string }> },
  ): Generated;
  codegen: { get(path: string[]): Generated; comparator(fields: { path?: string }[], orders: number[]): Generated };
}

/**
 * Vega compiles each expression of a chart (its encodings, its transforms' parameters) to a new function for every
 * view, so each chart ran its expressions cold. A function depends only on its code (a view's own functions are
 * given as `this`), and the code is the parsed chart's, which charts of one shape share (parsedChart): so each is
 * made once, through vega's own code generator, kept by the parsed specification's object that holds its code, and
 * bound to each view's context as vega binds it.
 */
function cachedCodegen(base: ExpressionCodegen): ExpressionCodegen {
  type Kind = 'operator' | 'parameter' | 'event' | 'handler' | 'encode';
  /** The function kept under `key`, made the first time it is asked for. */
  const memo = <K>(
    kept: { get(key: K): Generated | undefined; set(key: K, fn: Generated): unknown },
    key: K,
    make: () => Generated,
  ) => {
    let fn = kept.get(key);
    if (!fn) {
      fn = make();
      kept.set(key, fn);
    }
    return fn;
  };
  const made: Record<Kind, WeakMap<object, Generated>> = {
    operator: new WeakMap(),
    parameter: new WeakMap(),
    event: new WeakMap(),
    handler: new WeakMap(),
    encode: new WeakMap(),
  };
  const once = (kind: Kind, spec: object, make: () => Generated) => memo(made[kind], spec, make);
  // Field accessors and comparators by their fields (as many as the charts' shapes have).
  const byKey = new Map<string, Generated>();
  const onceByKey = (key: string, make: () => Generated) => memo(byKey, key, make);
  const bound = (ctx: ExpressionContext | null, fn: Generated) =>
    ctx?.functions ? (fn.bind(ctx.functions) as Generated) : fn;
  const plain = (kind: Exclude<Kind, 'encode'>) => (ctx: ExpressionContext | null, expr: { code: string }) =>
    bound(
      ctx,
      once(kind, expr, () => base[kind](null, expr)),
    );
  return {
    operator: plain('operator'),
    parameter: plain('parameter'),
    event: plain('event'),
    handler: plain('handler'),
    encode: (ctx, encode) =>
      bound(
        ctx,
        once('encode', encode, () => base.encode(null, encode)),
      ),
    codegen: {
      get: (path) => onceByKey(`get\u0000${JSON.stringify(path)}`, () => base.codegen.get(path)),
      // A comparator of fields that are functions is bound to them: made afresh.
      comparator: (fields, orders) =>
        fields.every((f) => f.path)
          ? onceByKey(
              `comparator\u0000${JSON.stringify(fields.map((f) => f.path))}\u0000${JSON.stringify(orders)}`,
              () => base.codegen.comparator(fields, orders),
            )
          : base.codegen.comparator(fields, orders),
    },
  };
}

/**
 * Vega's own code generator, which it does not export, taken from a view of nothing (its runtime context's `expr`).
 * Should a later vega not have it there, charts are drawn with vega's default, as before (the charts' test that
 * counts compiled functions then fails).
 */
const expressions = (() => {
  const view = new vega.View(vega.parse({}), { renderer: 'none' });
  const base = (view as unknown as { _runtime?: { expr?: ExpressionCodegen } })._runtime?.expr;
  view.finalize();
  return base ? cachedCodegen(base) : undefined;
})();

export async function drawChart(chart: Chart): Promise<string> {
  const { runtime, rows, title } = parsedChart(chart.spec);
  const view = new vega.View(runtime, {
    renderer: 'none',
    ...(expressions ? { expr: expressions } : {}),
  } as vega.ViewOptions);
  // Vega marks the rows it takes in: each view gets its own copies.
  if (rows)
    view.data(
      ROWS,
      rows.map((row) => ({ ...(row as object) })),
    );
  if (title !== undefined) view.signal(TITLE, title);
  try {
    const svg = await view.toSVG();
    // The figure's caption and data table describe it; the drawing is labelled as one image with that description.
    return svg.replace(
      '<svg ',
      `<svg role="img" aria-label="${chart.description.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')}" `,
    );
  } finally {
    view.finalize();
  }
}

/** Each chart with its drawing. */
export function drawCharts(charts: readonly Chart[]): Promise<DrawnChart[]> {
  return Promise.all(charts.map(async (chart) => ({ chart, svg: await drawChart(chart) })));
}

/** The ECB's measures for a scope, as a report shows them: the table and its chart, drawn. */
export async function measuresShown(file: MeasuresFile, rows: MeasureRow[], scope: string): Promise<Html> {
  const [chart] = await drawCharts([measuresChart(rows, scope)]);
  return measuresSection(`${file.title} (${file.id}, from ${file.effectiveFrom}), for ${scope}`, rows, chart);
}

// The report's charts: Vega-Lite specs compiled by vega-lite and rendered to
// SVG by Vega in Node (no DOM, no canvas, no network), once per report.
// Each chart carries its title, axis titles and a description that becomes
// the SVG's aria-label; the page adds a table with the same numbers.
import * as vega from "vega";
import * as vl from "vega-lite";
import type { TopLevelSpec } from "vega-lite";

export interface Chart {
  /** Stable id, for the page and its tests. */
  id: string;
  title: string;
  /** One sentence with the chart's numbers, for screen readers. */
  description: string;
  spec: TopLevelSpec;
  /** The numbers shown, as a table: header row, then rows. */
  table: string[][];
}

const WIDTH = 560;

const CONFIG = {
  background: "white",
  font: "sans-serif",
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 14, anchor: "start" as const },
};

export async function renderChart(chart: Chart): Promise<string> {
  const compiled = vl.compile({ ...chart.spec, config: CONFIG } as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A horizontal bar per category, in the order given. */
export function barChart(
  id: string,
  title: string,
  categoryTitle: string,
  valueTitle: string,
  data: { category: string; value: number; label: string }[],
): Chart {
  return {
    id,
    title,
    description: `${title}: ${data.map((d) => `${d.category} ${d.label}`).join(", ")}.`,
    spec: {
      title,
      description: `${title}: ${data.map((d) => `${d.category} ${d.label}`).join(", ")}.`,
      width: WIDTH,
      data: { values: data },
      mark: { type: "bar", tooltip: false },
      encoding: {
        y: { field: "category", type: "nominal", title: categoryTitle, sort: data.map((d) => d.category) },
        x: { field: "value", type: "quantitative", title: valueTitle },
      },
    },
    table: [[categoryTitle, valueTitle], ...data.map((d) => [d.category, d.label])],
  };
}

/** Stacked bars: one bar per category, one segment per series (zero segments left out). */
export function stackedBarChart(
  id: string,
  title: string,
  categoryTitle: string,
  seriesTitle: string,
  valueTitle: string,
  categories: string[],
  series: string[],
  data: { category: string; series: string; value: number; label: string }[],
): Chart {
  const shown = data.filter((d) => d.value !== 0);
  return {
    id,
    title,
    description: `${title}: ${shown.map((d) => `${d.category}, ${d.series} ${d.label}`).join("; ") || "nothing paid"}.`,
    spec: {
      title,
      description: `${title}.`,
      width: WIDTH,
      data: { values: shown },
      mark: { type: "bar", tooltip: false },
      encoding: {
        y: { field: "category", type: "nominal", title: categoryTitle, sort: categories },
        x: { field: "value", type: "quantitative", title: valueTitle, stack: "zero" },
        color: { field: "series", type: "nominal", title: seriesTitle, sort: series },
        order: { field: "order", type: "quantitative" },
      },
    },
    table: [[categoryTitle, seriesTitle, valueTitle], ...shown.map((d) => [d.category, d.series, d.label])],
  };
}

/** A histogram from bins already counted, with optional thresholds drawn as rules. */
export function histogramChart(
  id: string,
  title: string,
  valueTitle: string,
  bins: { from: number; to: number; count: number }[],
  /** Bins count integer units (cents, basis points): the chart shows units / scale, the table format(units). */
  scale: number,
  format: (units: number) => string,
  marks: { value: number; label: string }[] = [],
): Chart {
  const values = bins.map((bin) => ({ from: bin.from / scale, to: bin.to / scale, count: bin.count }));
  const layers: object[] = [
    {
      data: { values },
      mark: { type: "bar", tooltip: false },
      encoding: {
        x: { field: "from", type: "quantitative", bin: { binned: true }, title: valueTitle },
        x2: { field: "to" },
        y: { field: "count", type: "quantitative", title: "Partners" },
      },
    },
  ];
  if (marks.length > 0) {
    layers.push({
      data: { values: marks },
      mark: { type: "rule", color: "#c0392b", strokeWidth: 2, strokeDash: [4, 3] },
      encoding: { x: { field: "value", type: "quantitative" } },
    });
    layers.push({
      data: { values: marks },
      mark: { type: "text", align: "left", dx: 3, dy: -4, color: "#c0392b", baseline: "top" },
      encoding: { x: { field: "value", type: "quantitative" }, y: { value: 0 }, text: { field: "label" } },
    });
  }
  const summary = bins.map((bin) => `${format(bin.from)} to ${format(bin.to)}: ${bin.count}`).join(", ");
  const marked = marks.length > 0 ? `; thresholds ${marks.map((m) => m.label).join(", ")}` : "";
  return {
    id,
    title,
    description: `${title}: ${summary}${marked}.`,
    spec: { title, description: `${title}.`, width: WIDTH, layer: layers } as TopLevelSpec,
    table: [
      [`${valueTitle} from`, "to (exclusive)", "Partners"],
      ...bins.map((bin) => [format(bin.from), format(bin.to), String(bin.count)]),
    ],
  };
}

/** Percentiles of one value as a strip: min to max, the middle half as a bar, the median as a tick. */
export function percentileChart(
  id: string,
  title: string,
  valueTitle: string,
  percentiles: { p: string; value: number }[],
  format: (value: number) => string,
): Chart {
  const at = (p: string) => percentiles.find((entry) => entry.p === p)!.value;
  const row = { name: valueTitle, min: at("min"), p25: at("p25"), p50: at("p50"), p75: at("p75"), max: at("max") };
  return {
    id,
    title,
    description: `${title}: ${percentiles.map((entry) => `${entry.p} ${format(entry.value)}`).join(", ")}.`,
    spec: {
      title,
      description: `${title}.`,
      width: WIDTH,
      height: 40,
      data: { values: [row] },
      encoding: { y: { field: "name", type: "nominal", title: null } },
      layer: [
        {
          mark: { type: "rule" },
          encoding: { x: { field: "min", type: "quantitative", title: valueTitle }, x2: { field: "max" } },
        },
        {
          mark: { type: "bar", size: 16, tooltip: false },
          encoding: { x: { field: "p25", type: "quantitative" }, x2: { field: "p75" } },
        },
        {
          mark: { type: "tick", color: "black", size: 20, thickness: 2 },
          encoding: { x: { field: "p50", type: "quantitative" } },
        },
      ],
    } as TopLevelSpec,
    table: [["Percentile", valueTitle], ...percentiles.map((entry) => [entry.p, format(entry.value)])],
  };
}

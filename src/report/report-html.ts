// The report page: one self-contained HTML file (inline styles and SVG, no
// script, no network), the same bytes for the same inputs, readable on a
// laptop and printable. Every number comes from the ReportAccumulator.
import type { ShortfallOutput } from "../runtime/shortfall.js";
import {
  NO_TIER,
  type NearMiss,
  type PartnerLine,
  type ReportAccumulator,
  type ThresholdCounts,
} from "./accumulate.js";
import { barChart, histogramChart, percentileChart, renderChart, stackedBarChart, type Chart } from "./charts.js";
import { escapeHtml, htmlPage, PAGE_STYLE } from "./page-style.js";

export interface ReportHeader {
  dataFile: string;
  title?: string;
  date?: string;
}

const PERCENTILES: [string, number][] = [
  ["min", 0],
  ["p10", 0.1],
  ["p25", 0.25],
  ["p50", 0.5],
  ["p75", 0.75],
  ["p90", 0.9],
  ["max", 1],
];

export async function reportHtml(report: ReportAccumulator, header: ReportHeader): Promise<string> {
  const { program } = report;
  const currency = program.program.currency;
  const money = (units: number | bigint) => report.money(BigInt(units));
  const asNumber = (units: bigint) => Number(units) / 10 ** program.program.minorUnits;
  const percent = (basisPoints: number) => `${formatNumber(basisPoints / 100)}%`;
  const parts: string[] = [];
  const title = header.title ?? `${program.program.name} — partner report`;

  parts.push(`<header><h1>${escapeHtml(title)}</h1><dl class="facts">`);
  const facts: [string, string][] = [
    ["Program", program.program.name],
    ["Version", program.program.version ?? "—"],
    ["Currency", currency],
    ["Data file", header.dataFile],
    ["Rows", String(report.rows)],
    ["Invalid rows", String(report.invalid)],
  ];
  if (header.date !== undefined) facts.push(["Date", header.date]);
  for (const [name, value] of facts) parts.push(`<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`);
  parts.push("</dl></header>");

  if (report.invalid > 0) {
    parts.push(`<section id="errors"><h2>Invalid rows</h2>`);
    const shown = report.errors.length;
    parts.push(
      `<p>${report.invalid} row${report.invalid === 1 ? " does" : "s do"} not satisfy the input schema${shown < report.invalid ? `; the first ${shown} are listed` : ""}.</p>`,
    );
    parts.push(
      table(
        ["Row", "Partner", "Errors"],
        report.errors.map((error) => [
          String(error.row),
          error.partner === null ? "—" : String(error.partner),
          error.errors.map((e) => `${e.field ?? "record"}: ${e.message}`).join("; "),
        ]),
        "errors-table",
      ),
    );
    parts.push("</section>");
  }

  const charts: { section: string; chart: Chart }[] = [];
  const tierData = [...report.tiers].map(([tier, count]) => ({ category: tier, value: count, label: String(count) }));
  charts.push({ section: "tiers", chart: barChart("tiers", "Partners per tier", "Tier", "Partners", tierData) });
  if (report.subtiers.size > 0) {
    const subtierData = [...report.subtiers].map(([name, count]) => ({
      category: name,
      value: count,
      label: String(count),
    }));
    charts.push({
      section: "tiers",
      chart: barChart("subtiers", "Partners per subtier", "Subtier", "Partners", subtierData),
    });
  }
  if (program.incentives.length > 0) {
    const incentiveData = [...report.perIncentive].map(([name, units]) => ({
      category: name,
      value: asNumber(units),
      label: money(units),
    }));
    charts.push({
      section: "money",
      chart: barChart("incentives", `Total paid per incentive (${currency})`, "Incentive", currency, incentiveData),
    });
    const stacked = [...report.perTierIncentive].flatMap(([tier, amounts]) =>
      [...amounts].map(([incentive, units], order) => ({
        category: tier,
        series: incentive,
        value: asNumber(units),
        label: money(units),
        order,
      })),
    );
    charts.push({
      section: "money",
      chart: stackedBarChart(
        "money-per-tier",
        `Paid per tier, by incentive (${currency})`,
        "Tier",
        "Incentive",
        currency,
        [...report.tiers.keys()],
        program.incentives.map((incentive) => incentive.name),
        stacked,
      ),
    });
    const scale = 10 ** program.program.minorUnits;
    charts.push({
      section: "money",
      chart: histogramChart(
        "totals",
        `Distribution of per-partner totals (${currency})`,
        `Total (${currency})`,
        report.totals.bins(),
        scale,
        money,
      ),
    });
  }
  for (const [name, histogram] of report.scorecards) {
    const marks = (report.scorecardThresholds.get(name) ?? []).map((threshold) => ({
      value: threshold.value,
      label: `${threshold.incentive} ${threshold.relation} ${formatNumber(threshold.value * 100)}%`,
    }));
    charts.push({
      section: "scorecards",
      chart: histogramChart(
        `scorecard-${name}`,
        `Scorecard ${name}`,
        `${name} (score)`,
        histogram.bins(),
        10_000,
        percent,
        marks,
      ),
    });
  }
  for (const [name, sketch] of report.kpis) {
    if (sketch.count === 0) continue;
    const label = program.kpis.find((kpi) => kpi.name === name)?.label ?? name;
    const percentiles = PERCENTILES.map(([p, at]) => ({ p, value: sketch.quantile(at)! }));
    charts.push({
      section: "kpis",
      chart: percentileChart(`kpi-${name}`, `KPI ${label}`, name, percentiles, formatNumber),
    });
  }

  const sections: Record<string, string> = {
    tiers: "Partners per tier and subtier",
    money: "Money",
    scorecards: "Scorecards",
    kpis: "KPIs (percentiles, to within 0.5%)",
  };
  for (const [section, heading] of Object.entries(sections)) {
    const inSection = charts.filter((entry) => entry.section === section);
    if (inSection.length === 0) continue;
    parts.push(`<section id="${section}"><h2>${escapeHtml(heading)}</h2>`);
    for (const { chart } of inSection) parts.push(await figure(chart));
    parts.push("</section>");
  }

  parts.push(`<section id="near-misses"><h2>Near misses</h2>`);
  parts.push(
    "<p>For each tier and subtier, the partners closest to reaching it: the smallest relative shortfall " +
      "(what is still missing over what is needed) of the requirement furthest from met. Partners with a " +
      "requirement that has no numeric shortfall, or only a confidential one, are not ranked.</p>",
  );
  const listed = new Map<number, PartnerLine>();
  for (const [owner, near] of report.nearMisses) {
    parts.push(`<h3>${escapeHtml(owner)}</h3>`);
    if (near.items.length === 0) {
      parts.push(`<p class="none">No partner is within reach by numbers alone.</p>`);
      continue;
    }
    parts.push(
      table(
        ["Partner", "Tier", "Distance", "Requirement holding it back", "Shortfall", "Unmet here"],
        near.items.map((miss: NearMiss) => {
          listed.set(miss.partner.row, miss.partner);
          return [
            partnerName(miss.partner),
            miss.partner.tier ?? NO_TIER,
            `${formatNumber(Math.round(miss.distance * 10_000) / 100)}%`,
            miss.requirement,
            shortfallText(miss.shortfall),
            String(miss.unmet),
          ];
        }),
        "near-miss",
        owner,
      ),
    );
  }
  parts.push(`<h3>Partners within 5% and 10% of each threshold</h3>`);
  parts.push(
    table(
      ["Tier or subtier", "Requirement", "Unmet", "Within 5%", "Within 10%"],
      thresholdsInProgramOrder(report).map((counts) => [
        counts.owner,
        counts.requirement,
        String(counts.unmet),
        String(counts.within5),
        String(counts.within10),
      ]),
      "thresholds",
    ),
  );
  parts.push("</section>");

  parts.push(`<section id="partners"><h2>Partners</h2>`);
  parts.push(
    `<p>The top ${report.top.items.length} by total, then the near misses above (${report.rows - report.invalid} valid partners in all).</p>`,
  );
  const rows = [...report.top.items];
  const seen = new Set(rows.map((line) => line.row));
  for (const [row, line] of [...listed].sort((a, b) => a[0] - b[0])) if (!seen.has(row)) rows.push(line);
  parts.push(
    table(
      ["Partner", "Tier", "Subtiers", `Total (${currency})`, "Unmet"],
      rows.map((line) => [
        partnerName(line),
        line.tier ?? NO_TIER,
        line.subtiers.join(", ") || "—",
        line.total,
        String(line.unmet),
      ]),
      "partner-table",
    ),
  );
  parts.push("</section>");

  return htmlPage({ title, style: PAGE_STYLE, body: parts, dataImages: true });
}

async function figure(chart: Chart): Promise<string> {
  const svg = await renderChart(chart);
  return [
    `<figure class="chart" id="chart-${escapeHtml(chart.id)}" data-chart="${escapeHtml(chart.id)}">`,
    `<div class="svg" role="img" aria-label="${escapeHtml(chart.description)}">${svg}</div>`,
    `<figcaption>${escapeHtml(chart.title)}</figcaption>`,
    `<details><summary>The numbers</summary>${table(chart.table[0]!, chart.table.slice(1), "chart-data")}</details>`,
    "</figure>",
  ].join("\n");
}

export function table(head: string[], rows: string[][], className: string, owner?: string): string {
  const ownerAttribute = owner === undefined ? "" : ` data-owner="${escapeHtml(owner)}"`;
  return [
    `<table class="${className}"${ownerAttribute}>`,
    `<thead><tr>${head.map((cell) => `<th scope="col">${escapeHtml(cell)}</th>`).join("")}</tr></thead>`,
    "<tbody>",
    ...rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`),
    "</tbody>",
    "</table>",
  ].join("\n");
}

/** Tiers, then subtiers, as declared; each one's requirements in order. */
function thresholdsInProgramOrder(report: ReportAccumulator): ThresholdCounts[] {
  const order = new Map<string, number>();
  const owners = [...report.program.tiers, ...report.program.subtiers];
  for (const owner of owners) {
    for (const requirement of owner.requirements) {
      const key = `${owner.name}\u0000${requirement.label}`;
      if (!order.has(key)) order.set(key, order.size);
    }
  }
  const rank = (counts: ThresholdCounts) => order.get(`${counts.owner}\u0000${counts.requirement}`) ?? order.size;
  return [...report.thresholds.values()].sort((a, b) => rank(a) - rank(b));
}

function partnerName(line: PartnerLine): string {
  return line.partner === null ? `row ${line.row}` : String(line.partner);
}

/** "revenue 940000.00 of 1000000.00: 60000.00 short (revenue +60000.00)". */
export function shortfallText(shortfall: ShortfallOutput): string {
  return [shortfall, ...(shortfall.also ?? [])]
    .map((part) => {
      const rising = Number(part.needs) >= Number(part.has) || part.has === "[redacted]";
      let text = `${part.value} ${part.has} of ${part.needs}: ${part.short} ${rising ? "short" : "over"}`;
      if (part.inputs.length > 0) {
        const changes = part.inputs.map((input) => {
          const change = String(input.change);
          return `${input.input} ${change.startsWith("-") ? change : `+${change}`}`;
        });
        text += ` (or ${changes.join(" or ")})`;
      }
      return text;
    })
    .join("; and ");
}

/** A number as people read it: no exponent for ordinary magnitudes, at most 6 significant decimals. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1e15 || (value !== 0 && Math.abs(value) < 1e-6)) return value.toPrecision(6);
  return String(Number(value.toPrecision(12)));
}

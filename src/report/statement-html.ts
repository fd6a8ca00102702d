// One partner's statement: the `ppl explain` story laid out for the partner
// to read — tier and benefits, each requirement of the next tier and of the
// subtiers within reach with its shortfall, scorecard lines, each
// incentive's formula with numbers, the total. Confidential values are
// redacted as everywhere. Self-contained HTML with print styles.
import { namesUsed } from "../compile/expression-tree.js";
import { Evaluation } from "../runtime/evaluator/evaluation.js";
import { parseExact } from "../number/exact-text.js";
import { formatFixed, fromInteger, mul, type Num } from "../number/rational.js";
import { formulaWithValues } from "../runtime/explain.js";
import type { CompiledProgram, PartnerEvaluation, RequirementResult } from "../runtime/partner.js";
import { REDACTED } from "../runtime/result-types.js";
import { requirementShortfall, shortfallWords } from "../runtime/shortfall.js";
import { showValue, type Value } from "../runtime/values.js";
import { escapeHtml, htmlPage, PAGE_STYLE } from "./page-style.js";

// What only a statement shows: requirement lists with their marks, and formulas.
const STATEMENT_STYLE = `
ul.requirements { list-style: none; padding-left: 0; }
ul.requirements > li { margin: 0.3rem 0; }
ul.shortfall { margin: 0.2rem 0 0.4rem 1.5rem; color: #444; }
.mark { font-weight: 600; }
.values { color: #555; }
pre { background: #f7f7f9; padding: 0.5rem; white-space: pre-wrap; font-size: 0.85rem; }
`;

export function statementHtml(
  program: CompiledProgram,
  evaluation: PartnerEvaluation,
  partner: string,
  options: { date?: string } = {},
): string {
  const currency = program.program.currency;
  const show = (name: string): string =>
    evaluation.isConfidential(name) ? REDACTED : showValue(evaluation.scope.ref(name));
  const money = (x: Num) => formatFixed(x, program.program.minorUnits, program.program.rounding);
  const out: string[] = [];
  const title = `${program.program.name}: statement for ${partner}`;

  out.push(`<header><h1>${escapeHtml(program.program.name)}</h1>`);
  out.push(`<p class="partner">Statement for <strong>${escapeHtml(partner)}</strong>`);
  if (program.program.version !== undefined) out.push(` · ${escapeHtml(program.program.version)}`);
  if (options.date !== undefined) out.push(` · ${escapeHtml(options.date)}`);
  out.push("</p></header>");

  const tier = evaluation.tier;
  out.push(`<section id="tier"><h2>Your tier: ${escapeHtml(tier?.name ?? "none yet")}</h2>`);
  if (evaluation.benefits.length > 0) {
    out.push("<h3>Benefits</h3><ul>");
    for (const benefit of evaluation.benefits) out.push(`<li>${escapeHtml(benefit)}</li>`);
    out.push("</ul>");
  }
  if (evaluation.subtiers.length > 0) {
    out.push(`<p>Subtiers held: ${evaluation.subtiers.map((name) => escapeHtml(name)).join(", ")}</p>`);
  }
  out.push("</section>");

  const requirementList = (results: RequirementResult[]) => {
    out.push('<ul class="requirements">');
    for (const result of results) {
      const values = [...result.values.keys()].map((name) => `${name} = ${show(name)}`).join(", ");
      out.push(
        `<li class="${result.holds ? "ok" : "fail"}"><span class="mark">${result.holds ? "✓ met" : "✗ not yet"}</span> ` +
          `${escapeHtml(result.requirement.label)}${values ? ` <span class="values">(${escapeHtml(values)})</span>` : ""}`,
      );
      if (!result.holds && evaluation instanceof Evaluation) {
        const shortfall = requirementShortfall(evaluation.plan, evaluation.state, result.requirement.expr);
        if (shortfall !== undefined) {
          out.push('<ul class="shortfall">');
          for (const words of shortfallWords(evaluation.plan, shortfall)) out.push(`<li>${escapeHtml(words)}</li>`);
          out.push("</ul>");
        }
      }
      out.push("</li>");
    }
    out.push("</ul>");
  };

  const next = program.tiers.find((t) => t.rank === (tier?.rank ?? 0) + 1);
  if (next !== undefined) {
    const result = evaluation.tierResults.find((t) => t.tier.name === next.name);
    out.push(`<section id="next-tier"><h2>To reach ${escapeHtml(next.name)}</h2>`);
    requirementList(result?.requirements ?? []);
    out.push("</section>");
  }
  const withinReach = evaluation.subtierResults.filter((s) => s.eligible && !s.reached);
  if (withinReach.length > 0) {
    out.push(`<section id="subtiers"><h2>Subtiers within reach</h2>`);
    for (const subtier of withinReach) {
      out.push(`<h3>${escapeHtml(subtier.subtier.name)}</h3>`);
      requirementList(subtier.requirements);
    }
    out.push("</section>");
  }

  if (program.scorecards.length > 0) {
    out.push(`<section id="scorecards"><h2>Scorecards</h2>`);
    for (const spec of program.scorecards) {
      const result = evaluation.scorecards.get(spec.name);
      if (result === undefined) continue;
      if (spec.confidential) {
        out.push(`<h3>${escapeHtml(spec.name)} = ${REDACTED}</h3>`);
        continue;
      }
      out.push(`<h3>${escapeHtml(spec.name)} = ${escapeHtml(showValue(result.value))}</h3>`);
      out.push(
        '<table class="scorecard"><thead><tr><th scope="col">Line</th><th scope="col">Value</th><th scope="col">Threshold</th><th scope="col">Target</th><th scope="col">Score</th><th scope="col">Weight</th><th scope="col">Weighted</th></tr></thead><tbody>',
      );
      for (const line of result.lines) {
        const pct = (s: string) => showValue(mul(parseExact(s), fromInteger(100))) + "%";
        const cells = [
          line.line.value,
          show(line.line.value),
          showValue(parseExact(line.line.threshold)),
          showValue(parseExact(line.line.target)),
          `${showValue(line.score)}${line.capped ? ` (capped at ${pct(line.line.max)})` : ""}`,
          pct(line.line.weight),
          showValue(line.weighted),
        ];
        out.push(`<tr>${cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`);
      }
      out.push("</tbody></table>");
    }
    out.push("</section>");
  }

  if (program.incentives.length > 0) {
    out.push(`<section id="incentives"><h2>Incentives</h2>`);
    for (const spec of program.incentives) {
      const result = evaluation.incentives.get(spec.name);
      if (result === undefined) continue;
      const label = spec.label === spec.name ? spec.name : `${spec.label} (${spec.name})`;
      out.push(`<div class="incentive"><h3>${escapeHtml(label)}: ${escapeHtml(money(result.paid))} ${currency}</h3>`);
      const lines: string[] = [];
      if (spec.when !== undefined) {
        lines.push(
          `when ${formulaWithValues(spec.when, show, evaluation.scope)} → ${result.outcome === "not_eligible" ? "does not hold" : "holds"}`,
        );
      }
      if (result.outcome !== "not_eligible") {
        lines.push(`amount = ${formulaWithValues(spec.amount, show, evaluation.scope)}`);
        // As in explain: the exact amount before the cap would let a reader solve for a confidential factor.
        const secret = namesUsed(spec.amount).some((name) => evaluation.isConfidential(name));
        if (result.outcome === "paid" && !secret) lines.push(`       = ${showValue(result.amount as Value)}`);
      }
      lines.push(result.reason);
      out.push(`<pre>${escapeHtml(lines.join("\n"))}</pre></div>`);
    }
    out.push("</section>");
  }
  out.push(
    `<section id="total"><h2>Total: <span class="total">${escapeHtml(money(evaluation.total))}</span> ${currency}</h2></section>`,
  );

  return htmlPage({ title, style: PAGE_STYLE + STATEMENT_STYLE, body: out });
}

const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * File names for partner keys, safe on every file system (letters, digits,
 * `.`, `_`, `-`; no reserved device names) and distinct even where case is
 * not: a key that needs changing, or that clashes, gets a numbered suffix in
 * row order, so the same data gives the same names.
 */
export class StatementNames {
  private readonly used = new Set<string>();

  nameFor(key: string): string {
    let base = key
      .replace(/[^A-Za-z0-9._-]/g, "_")
      .replace(/^[.]+/, "_")
      .slice(0, 100);
    if (base === "" || RESERVED.test(base.split(".")[0]!)) base = `_${base}`;
    let name = base;
    for (let n = 2; this.used.has(name.toLowerCase()); n++) name = `${base}-${n}`;
    this.used.add(name.toLowerCase());
    return `${name}.html`;
  }
}

// One partner's story in words and numbers, for `ppl explain`: its tier and
// why, what the next tier and the subtiers still need, each scorecard line,
// each incentive's formula with the numbers it used. Confidential values are
// shown as [redacted].
import type { ExprTree } from "../compile/artifact-types.js";
import { namesUsed as referencedNames } from "../compile/expression-tree.js";
import { parseExact } from "../number/exact-text.js";
import { formatFixed, fromInteger, mul, type Num } from "../number/rational.js";
import type { CompiledProgram, PartnerEvaluation, RequirementResult } from "./partner.js";
import { REDACTED } from "./result-types.js";
import { isMissing, isNum, showValue, type Value } from "./values.js";
import { Evaluation } from "./evaluator/evaluation.js";
import { requirementShortfall, shortfallWords } from "./shortfall.js";

const HUNDRED = fromInteger(100);

const BINARY: Record<string, string> = {
  add: "+",
  sub: "-",
  mul: "×",
  div: "÷",
  eq: "=",
  ne: "!=",
  lt: "<",
  le: "<=",
  gt: ">",
  ge: ">=",
  and: "and",
  or: "or",
  otherwise: "otherwise",
  in: "in",
  notIn: "not in",
};

// Binding strength of each operator, for printing only the parentheses needed.
const PRECEDENCE: Record<string, number> = {
  if: 0,
  otherwise: 1,
  or: 2,
  and: 3,
  not: 4,
  eq: 5,
  ne: 5,
  lt: 5,
  le: 5,
  gt: 5,
  ge: 5,
  in: 5,
  notIn: 5,
  between: 5,
  isMissing: 5,
  isNotMissing: 5,
  add: 6,
  sub: 6,
  mul: 7,
  div: 7,
  neg: 8,
};

/** Prints a tree with every name replaced by the value it had. */
export function formulaWithValues(
  tree: ExprTree,
  show: (name: string) => string,
  scope: PartnerEvaluation["scope"],
): string {
  return printTree(tree, show, {
    tier: () => (isMissing(scope.tier()) ? "(no tier)" : showValue(scope.tier())),
    subtiers: () => showValue(scope.subtiers()),
    total: () => showValue(scope.total()),
  });
}

/** Prints a tree in the notation of explanations, names as names (to describe a program, not a partner). */
export function formulaText(tree: ExprTree): string {
  return printTree(tree, (name) => name, { tier: () => "tier", subtiers: () => "subtiers", total: () => "total" });
}

function printTree(
  tree: ExprTree,
  show: (name: string) => string,
  special: Record<"tier" | "subtiers" | "total", () => string>,
): string {
  const level = (t: ExprTree) => PRECEDENCE[t.op === "arith" ? t.ops[0]! : t.op] ?? 9;
  // A child binding more loosely than its parent (or as loosely, on the right) needs parentheses.
  const child = (t: ExprTree, parent: number, right = false): string => {
    const text = p(t);
    return level(t) < parent || (right && level(t) === parent) ? `(${text})` : text;
  };
  const p = (t: ExprTree): string => {
    switch (t.op) {
      case "num":
        return showValue(parseExact(t.value));
      case "str":
        return JSON.stringify(t.value);
      case "bool":
        return String(t.value);
      case "list":
        return `[${t.items.map(p).join(", ")}]`;
      case "ref":
        return show(t.name);
      case "tierName":
        return t.name;
      case "tier":
        return special.tier();
      case "subtiers":
        return special.subtiers();
      case "total":
        return special.total();
      case "neg":
        return `-${child(t.arg, 8)}`;
      case "not":
        return `not ${child(t.arg, 4)}`;
      case "isMissing":
        return `${child(t.arg, 6)} is missing`;
      case "isNotMissing":
        return `${child(t.arg, 6)} is not missing`;
      case "between":
        return `${child(t.args[0], 6)} between ${child(t.args[1], 6)} and ${child(t.args[2], 6)}`;
      case "if":
        return `if ${p(t.args[0])} then ${p(t.args[1])} else ${p(t.args[2])}`;
      case "call":
        return `${t.fn}(${t.args.map(p).join(", ")})`;
      case "arith": {
        const own = level(t);
        return t.ops.reduce(
          (text, op, i) => `${text} ${BINARY[op]} ${child(t.args[i + 1]!, own, true)}`,
          child(t.args[0]!, own),
        );
      }
      default: {
        const own = level(t);
        return `${child(t.args[0], own)} ${BINARY[t.op]} ${child(t.args[1], own, true)}`;
      }
    }
  };
  return p(tree);
}

export function explainPartner(
  program: CompiledProgram,
  evaluation: PartnerEvaluation,
  partner: string,
  row: number,
): string {
  const show = (name: string): string =>
    evaluation.isConfidential(name) ? REDACTED : showValue(evaluation.scope.ref(name));
  const money = (x: Num) => formatFixed(x, program.program.minorUnits, program.program.rounding);
  const out: string[] = [];
  const requirementLine = (r: RequirementResult) => {
    const values = [...r.values.keys()].map((name) => `${name} = ${show(name)}`).join(", ");
    const line = `    ${r.holds ? "✓" : "✗"} ${r.requirement.label}${values ? `  (${values})` : ""}`;
    if (r.holds || !(evaluation instanceof Evaluation)) return line;
    const shortfall = requirementShortfall(evaluation.plan, evaluation.state, r.requirement.expr);
    if (shortfall === undefined) return line;
    return [line, ...shortfallWords(evaluation.plan, shortfall).map((words) => `        → ${words}`)].join("\n");
  };

  out.push(`Partner ${partner} (row ${row}) in ${program.program.name}`);
  out.push("");
  const tier = evaluation.tier;
  if (tier) {
    out.push(`Tier: ${tier.name} — every requirement of ${tier.name} holds:`);
    const result = evaluation.tierResults.find((t) => t.tier.name === tier.name);
    for (const r of result?.requirements ?? []) out.push(requirementLine(r));
  } else {
    out.push("Tier: none — no tier has all of its requirements met.");
  }
  const next = program.tiers.find((t) => t.rank === (tier?.rank ?? 0) + 1);
  if (next) {
    const result = evaluation.tierResults.find((t) => t.tier.name === next.name);
    out.push("", `Next tier: ${next.name} — ${tier ? "to move up" : "to reach a tier"}, these must hold:`);
    for (const r of result?.requirements ?? []) out.push(requirementLine(r));
  } else if (tier) {
    out.push("", `${tier.name} is the highest tier.`);
  }
  for (const s of evaluation.subtierResults) {
    if (!s.eligible) {
      out.push("", `Subtier ${s.subtier.name}: needs tier ${s.subtier.parent} or above first.`);
      continue;
    }
    out.push("", `Subtier ${s.subtier.name}: ${s.reached ? "reached" : "not reached"}`);
    for (const r of s.requirements) out.push(requirementLine(r));
  }
  out.push("", "Benefits:");
  out.push(...(evaluation.benefits.length ? evaluation.benefits.map((b) => `  - ${b}`) : ["  (none)"]));

  if (program.kpis.length) {
    out.push("", "KPIs:");
    for (const k of program.kpis) {
      const label = k.label === k.name ? k.name : `${k.label} (${k.name})`;
      out.push(`  ${label} = ${show(k.name)}`);
    }
  }
  for (const spec of program.scorecards) {
    const result = evaluation.scorecards.get(spec.name);
    if (!result) continue;
    if (spec.confidential) {
      out.push("", `Scorecard ${spec.name} = ${REDACTED} (it uses confidential data)`);
      continue;
    }
    out.push("", `Scorecard ${spec.name} = ${showValue(result.value)}`);
    for (const line of result.lines) {
      const pct = (s: string) => showValue(mul(parseExact(s), HUNDRED)) + "%";
      const value = isNum(line.value) || isMissing(line.value) ? show(line.line.value) : showValue(line.value);
      out.push(
        `  ${line.line.value} = ${value}: threshold ${showValue(parseExact(line.line.threshold))}, target ${showValue(parseExact(line.line.target))}` +
          ` → score ${showValue(line.score)}${line.capped ? ` (capped at ${pct(line.line.max)})` : ""}` +
          ` × weight ${pct(line.line.weight)} = ${showValue(line.weighted)}`,
      );
    }
  }
  if (program.incentives.length) out.push("", "Incentives:");
  for (const spec of program.incentives) {
    const result = evaluation.incentives.get(spec.name);
    if (!result) continue;
    const label = spec.label === spec.name ? spec.name : `${spec.label} (${spec.name})`;
    out.push(`  ${label}: pays ${money(result.paid)} ${program.program.currency}`);
    if (spec.when) {
      out.push(
        `    when ${formulaWithValues(spec.when, show, evaluation.scope)} → ${result.outcome === "not_eligible" ? "does not hold" : "holds"}`,
      );
    }
    if (result.outcome === "not_eligible") continue;
    out.push(`    amount = ${formulaWithValues(spec.amount, show, evaluation.scope)}`);
    if (result.outcome === "missing_amount") {
      // The reason is a whole sentence ("the amount is missing because …, so 0 is paid").
      out.push(`    ${result.reason}`);
      continue;
    }
    // The exact amount before the cap would let a reader solve for a confidential factor.
    const amountIsSecret = referencedNames(spec.amount).some((name) => evaluation.isConfidential(name));
    if (!amountIsSecret) out.push(`           = ${showValue(result.amount as Value)}`);
    if (result.capped && spec.cap) out.push(`    capped at ${showValue(parseExact(spec.cap))}`);
    if (result.floored) out.push("    floored at 0");
    out.push(`    rounded to ${money(result.paid)}`);
  }
  out.push("", `Total: ${money(evaluation.total)} ${program.program.currency}`);
  return out.join("\n") + "\n";
}

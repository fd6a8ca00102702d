// Stage "ranges": from the inputs' declared types, `min`, `max` and
// `optional`, the values every expression can take — an interval of exact
// rationals for numbers (src/check/intervals.ts), the possible names for text
// and tiers, the possible outcomes of conditions — kept apart from whether the
// value can be missing. Then it warns where the declared ranges prove that a
// condition never or always holds, a table row is never selected, a scorecard
// line's score never varies, an incentive's cap is never reached or its
// amount is never positive. Every claim is a proof over a superset of the
// values partners can have, so a warning is never wrong; when in doubt, none.
//
// Named values are analysed in dependency order (no recursion from one value
// into another). When some value uses `tier` or `subtiers`, twice: first with
// them unknown, to find which tiers and subtiers partners can reach from the
// requirements (which never use `tier`), then with what was found.

import type {
  Expr,
  IncentiveDecl,
  InputDecl,
  NumberLiteral,
  ScorecardDecl,
  ScorecardLine,
  TableDecl,
  TableRow,
} from "../ast/nodes.js";
import { functionSpec, isFunctionName, type FunctionName } from "../functions/catalogue.js";
import * as q from "../number/rational.js";
import type { Num } from "../number/rational.js";
import type { RelatedLocation } from "../diagnostics/diagnostic.js";
import type { CheckContext } from "./check-context.js";
import { arrayOf, declarationsOf, isExpr } from "./expression-tree.js";
import { printExpression } from "./expression-text.js";
import * as iv from "./intervals.js";
import type { Interval } from "./intervals.js";
import { formatPercent, formatRational, parseRational } from "./rational.js";
import { printTableRowHead } from "../syntax/print-expression.js";

/** What an expression can evaluate to, for some partner within the declared ranges. */
export interface Possible {
  /** It can be missing. */
  readonly missing: boolean;
  /** The numbers it can be (absent: never a number). */
  readonly num?: Interval;
  /** The true/false values it can be (absent: never a boolean). */
  readonly truth?: { readonly t: boolean; readonly f: boolean };
  /** The strings or tier names it can be ("any": any text; absent: never text or a tier). */
  readonly names?: ReadonlySet<string> | "any";
  /** It can be a value the analysis does not follow (a list). */
  readonly other?: boolean;
}

const NOTHING: Possible = { missing: false };
const UNKNOWN: Possible = {
  missing: true,
  num: iv.EVERY_NUMBER,
  truth: { t: true, f: true },
  names: "any",
  other: true,
};

function join(a: Possible, b: Possible): Possible {
  return {
    missing: a.missing || b.missing,
    num: a.num && b.num ? iv.hull(a.num, b.num) : (a.num ?? b.num),
    truth: a.truth && b.truth ? { t: a.truth.t || b.truth.t, f: a.truth.f || b.truth.f } : (a.truth ?? b.truth),
    names:
      a.names === "any" || b.names === "any"
        ? "any"
        : a.names && b.names
          ? new Set([...a.names, ...b.names])
          : (a.names ?? b.names),
    other: a.other || b.other,
  };
}

function present(p: Possible): boolean {
  return p.num !== undefined || p.truth !== undefined || p.names !== undefined || p.other === true;
}

/** The outcomes of `p` used as a condition: missing (and anything not a boolean) is false. */
interface Outcomes {
  t: boolean;
  f: boolean;
}

function outcomes(p: Possible): Outcomes {
  return {
    t: p.truth?.t === true || p.other === true,
    f: p.missing || p.truth?.f === true || p.other === true || p.num !== undefined || p.names !== undefined,
  };
}

function condition(o: Outcomes): Possible {
  return { missing: false, truth: o };
}

type ComparisonOp = "=" | "!=" | "<" | "<=" | ">" | ">=";
const COMPARISONS = new Set<string>(["=", "!=", "<", "<=", ">", ">="]);
const NEGATED: Record<ComparisonOp, ComparisonOp> = {
  "=": "!=",
  "!=": "=",
  "<": ">=",
  "<=": ">",
  ">": "<=",
  ">=": "<",
};

/** Some a in A and b in B with `a op b`. */
function numbersCan(op: ComparisonOp, a: Interval, b: Interval): boolean {
  switch (op) {
    case "<":
      return iv.someLess(a, b, true);
    case "<=":
      return iv.someLess(a, b, false);
    case ">":
      return iv.someLess(b, a, true);
    case ">=":
      return iv.someLess(b, a, false);
    case "=":
      return iv.overlaps(a, b);
    case "!=": {
      const x = iv.singleValue(a);
      const y = iv.singleValue(b);
      return x === undefined || y === undefined || q.compare(x, y) !== 0;
    }
  }
}

function holds(op: ComparisonOp, order: number): boolean {
  switch (op) {
    case "=":
      return order === 0;
    case "!=":
      return order !== 0;
    case "<":
      return order < 0;
    case "<=":
      return order <= 0;
    case ">":
      return order > 0;
    case ">=":
      return order >= 0;
  }
}

/** The outcomes of `a op b` over every pair of finite alternatives, compared by `order`. */
function pairOutcomes<T>(
  op: ComparisonOp,
  a: Iterable<T>,
  b: Iterable<T>,
  order: (x: T, y: T) => number | undefined,
): Outcomes {
  const result = { t: false, f: false };
  const right = [...b];
  for (const x of a) {
    for (const y of right) {
      const o = order(x, y);
      if (o === undefined) return { t: true, f: true };
      if (holds(op, o)) result.t = true;
      else result.f = true;
      if (result.t && result.f) return result;
    }
  }
  return result;
}

/** Formats a number for a message, as a percent when the value is one. */
type Show = (value: Num) => string;

const showNumber: Show = (value) => formatRational(q.reduced(value));
const showPercent: Show = (value) => formatPercent(q.reduced(value));

function describeInterval(num: Interval, show: Show): string {
  const single = iv.singleValue(num);
  if (single !== undefined) return `always ${show(single)}`;
  if (num.lo !== null && num.hi !== null) return `between ${show(num.lo)} and ${show(num.hi)}`;
  if (num.lo !== null) return `at least ${show(num.lo)}`;
  if (num.hi !== null) return `at most ${show(num.hi)}`;
  return "any number";
}

function listNames(names: ReadonlySet<string>, tiers: boolean): string {
  const all = [...names].sort().map((name) => (tiers ? name : JSON.stringify(name)));
  const shown = all.slice(0, 6).join(", ");
  return all.length > 6 ? `${shown}, …` : shown;
}

/** "is between 0 and 10, or missing" — what the analysis knows of a value. */
function describePossible(p: Possible, show: Show, tiers: boolean): string {
  const parts: string[] = [];
  if (p.num) parts.push(`is ${describeInterval(p.num, show)}`);
  if (p.names === "any") parts.push("is any text");
  else if (p.names)
    parts.push(
      p.names.size === 0 ? "is never a name" : `is always ${tiers ? "" : "one of "}${listNames(p.names, tiers)}`,
    );
  if (p.truth) parts.push(p.truth.t && p.truth.f ? "is true or false" : `is always ${p.truth.t}`);
  if (!present(p))
    return p.missing ? (tiers ? "is always missing (no tier)" : "is always missing") : "is never computed";
  const missing = p.missing ? (tiers ? ", or missing (no tier)" : ", or missing") : ", and never missing";
  return parts.join(" or ") + missing;
}

function unwrap(expr: Expr): Expr {
  let node = expr;
  while (node.kind === "paren" && isExpr(node.inner)) node = node.inner;
  return node;
}

function isLiteral(expr: Expr): boolean {
  const node = unwrap(expr);
  return (
    node.kind === "number" ||
    node.kind === "string" ||
    node.kind === "boolean" ||
    (node.kind === "unary" && node.op === "-" && isExpr(node.operand) && unwrap(node.operand).kind === "number")
  );
}

function literalValue(literal: NumberLiteral | undefined): Num | undefined {
  const value = parseRational(literal?.value);
  return value === undefined ? undefined : iv.fromRatio(value);
}

/** The values of a catalogue function of numbers, from the intervals of its arguments. */
type NumberRule = (args: readonly Interval[], ctx: CheckContext) => Possible;

const FUNCTION_RANGES: { readonly [F in FunctionName]: NumberRule | "list" } = {
  min: (args) => ({ missing: false, num: iv.least(args) }),
  max: (args) => ({ missing: false, num: iv.greatest(args) }),
  // Rounding is monotone, so the ends round to the ends; digits that are not one known integer could be anything.
  round: ([x, digits], ctx) => {
    const count = iv.singleValue(digits!);
    if (count === undefined || !q.isInteger(count)) return { missing: true, num: iv.EVERY_NUMBER };
    const places = q.integerValue(count);
    // Past 64 digits the value moves by less than 1 (and 10^places is not worth computing); far left, by anything.
    if (places > 64) return { missing: false, num: iv.add(x!, { lo: q.neg(q.ONE), hi: q.ONE }) };
    if (places < -64) return { missing: false, num: iv.EVERY_NUMBER };
    const spec = functionSpec("round");
    const roundEnd = (end: Num | null): Num | null =>
      end === null || spec.argument !== "number" ? end : (spec.evaluate([end, count], ctx.settings.rounding) ?? null);
    return { missing: false, num: { lo: roundEnd(x!.lo), hi: roundEnd(x!.hi) } };
  },
  abs: ([x]) => ({ missing: false, num: iv.abs(x!) }),
  // clamp(x, low, high) is min(max(x, low), high), as the catalogue evaluates it: monotone in every argument.
  clamp: ([x, low, high]) => ({ missing: false, num: iv.least([iv.greatest([x!, low!]), high!]) }),
  count: "list",
};

interface TierReach {
  /** Tiers a partner can be in. */
  possible: Set<string>;
  /** Some partner can have no tier. */
  missing: boolean;
  /** Why each impossible tier is: the requirement that never holds, or the higher tier always reached. */
  why: Map<string, RelatedLocation>;
}

class RangeAnalysis {
  readonly values = new Map<string, Possible>();
  private cache = new Map<Expr, Possible>();
  tier: Possible;
  /** Set during the last pass: report what the ranges prove. */
  reporting = false;

  constructor(readonly ctx: CheckContext) {
    this.tier = { missing: true, names: new Set(ctx.symbols.tiers.keys()) };
    this.subtierReach = { possible: new Set(ctx.symbols.subtiers.keys()), always: new Set() };
  }

  /** One pass over every named value, in dependency order. */
  pass(): void {
    this.cache = new Map();
    for (const symbol of this.ctx.symbols.values.values()) {
      if (symbol.kind === "input") this.values.set(symbol.name, inputRange(symbol.decl));
    }
    for (const name of this.ctx.dependencies.evaluationOrder) {
      const symbol = this.ctx.symbols.values.get(name);
      if (!symbol) continue;
      switch (symbol.kind) {
        case "kpi":
          this.values.set(name, isExpr(symbol.decl.expr) ? this.of(symbol.decl.expr) : UNKNOWN);
          break;
        case "scorecard":
          this.values.set(name, this.scorecard(symbol.decl));
          break;
        case "table":
          this.values.set(name, this.table(symbol.decl));
          break;
        case "incentive":
          this.values.set(name, this.incentive(symbol.decl));
          break;
        case "input":
          break;
      }
    }
  }

  of(expr: Expr): Possible {
    const known = this.cache.get(expr);
    if (known) return known;
    const result = this.compute(expr);
    this.cache.set(expr, result);
    return result;
  }

  private ofAll(exprs: readonly (Expr | undefined)[]): Possible[] | undefined {
    const result: Possible[] = [];
    for (const expr of exprs) {
      if (!isExpr(expr)) return undefined;
      result.push(this.of(expr));
    }
    return result;
  }

  private compute(expr: Expr): Possible {
    switch (expr.kind) {
      case "number": {
        const value = parseRational(expr.value);
        return value === undefined ? UNKNOWN : { missing: false, num: iv.literal(iv.fromRatio(value)) };
      }
      case "string":
        return { missing: false, names: new Set([expr.value]) };
      case "boolean":
        return { missing: false, truth: { t: expr.value, f: !expr.value } };
      case "name": {
        const target = this.ctx.references.get(expr);
        if (!target) return UNKNOWN;
        if (target.kind === "tier" || target.kind === "subtier")
          return { missing: false, names: new Set([target.name]) };
        return this.values.get(target.name) ?? UNKNOWN;
      }
      case "tier":
        return this.tier;
      case "subtiers":
        return { missing: false, other: true };
      case "total":
        return { missing: false, num: { lo: q.ZERO, hi: null } };
      case "list":
        return { missing: false, other: true };
      case "paren":
        return isExpr(expr.inner) ? this.of(expr.inner) : UNKNOWN;
      case "unary": {
        if (!isExpr(expr.operand)) return UNKNOWN;
        const operand = this.of(expr.operand);
        if (expr.op === "not") {
          const o = outcomes(operand);
          return condition({ t: o.f, f: o.t });
        }
        if (operand.other) return UNKNOWN;
        return { missing: operand.missing, num: operand.num && iv.neg(operand.num) };
      }
      case "binary":
        return this.binary(expr.op, expr.left, expr.right);
      case "between": {
        const parts = this.ofAll([expr.value, expr.low, expr.high]);
        if (!parts) return UNKNOWN;
        const [x, low, high] = parts as [Possible, Possible, Possible];
        if (x.other || low.other || high.other) return condition({ t: true, f: true });
        const missing = x.missing || low.missing || high.missing;
        if (!x.num || !low.num || !high.num) return condition({ t: false, f: missing || present(x) });
        return condition({
          t: iv.someBetween(x.num, low.num, high.num),
          f: missing || iv.someLess(x.num, low.num, true) || iv.someLess(high.num, x.num, true),
        });
      }
      case "in":
        return this.membership(expr.item, expr.list, expr.negated);
      case "isMissing": {
        if (!isExpr(expr.operand)) return UNKNOWN;
        const operand = this.of(expr.operand);
        const o = { t: operand.missing, f: present(operand) };
        return condition(expr.negated ? { t: o.f, f: o.t } : o);
      }
      case "if": {
        if (!isExpr(expr.condition) || !isExpr(expr.then) || !isExpr(expr.else)) return UNKNOWN;
        const o = outcomes(this.of(expr.condition));
        const then = this.of(expr.then);
        const otherwise = this.of(expr.else);
        if (o.t && o.f) return join(then, otherwise);
        return o.t ? then : o.f ? otherwise : NOTHING;
      }
      case "call":
        return this.call(expr.callee, arrayOf(expr.args));
      default:
        return UNKNOWN;
    }
  }

  private binary(op: string, leftExpr: Expr | undefined, rightExpr: Expr | undefined): Possible {
    const parts = this.ofAll([leftExpr, rightExpr]);
    if (!parts) return UNKNOWN;
    const [a, b] = parts as [Possible, Possible];
    switch (op) {
      case "and": {
        const x = outcomes(a);
        const y = outcomes(b);
        return condition({ t: x.t && y.t, f: x.f || y.f });
      }
      case "or": {
        const x = outcomes(a);
        const y = outcomes(b);
        return condition({ t: x.t || y.t, f: x.f && y.f });
      }
      case "otherwise":
        return a.missing ? join({ ...a, missing: false }, b) : a;
      case "+":
      case "-":
      case "*":
      case "/":
        return arithmetic(op, a, b);
      default:
        return COMPARISONS.has(op) ? condition(compare(op as ComparisonOp, a, b, this.rankOf)) : UNKNOWN;
    }
  }

  private readonly rankOf = (name: string): number | undefined => this.ctx.symbols.tiers.get(name)?.rank;

  private membership(itemExpr: Expr | undefined, listExpr: Expr | undefined, negated: boolean): Possible {
    if (!isExpr(itemExpr) || !isExpr(listExpr)) return UNKNOWN;
    const item = this.of(itemExpr);
    const list = this.of(listExpr);
    const literal = unwrap(listExpr);
    let member = present(item);
    let nonMember = present(item);
    if (literal.kind === "subtiers" && item.names !== undefined && item.names !== "any" && !item.other) {
      const names = [...item.names];
      member = names.some((name) => this.subtierReach.possible.has(name));
      nonMember =
        names.some((name) => !this.subtierReach.always.has(name)) || item.num !== undefined || item.truth !== undefined;
    } else if (literal.kind === "list" && !item.other) {
      const entries = this.ofAll(arrayOf(literal.items));
      if (entries) {
        const kept = { ...item, missing: false };
        member = entries.some((entry) => compare("=", kept, entry, this.rankOf).t);
        nonMember = canBeUnlisted(item, entries);
      }
    }
    const missing = item.missing || list.missing;
    return condition(negated ? { t: nonMember, f: member || missing } : { t: member, f: nonMember || missing });
  }

  private call(callee: FunctionName, argExprs: Expr[]): Possible {
    if (!isFunctionName(callee)) return UNKNOWN;
    const rule = FUNCTION_RANGES[callee];
    const spec = functionSpec(callee);
    if (argExprs.length < spec.arity[0] || argExprs.length > spec.arity[1]) return UNKNOWN;
    const args = this.ofAll(argExprs);
    if (!args) return UNKNOWN;
    if (rule === "list") return this.count(argExprs[0]!, args[0]!);
    const missing = args.some((arg) => arg.missing || arg.other || !arg.num);
    if (args.some((arg) => arg.other)) return { missing: true, num: iv.EVERY_NUMBER };
    if (args.some((arg) => !arg.num)) return { missing };
    const result = rule(
      args.map((arg) => arg.num!),
      this.ctx,
    );
    return { missing: missing || result.missing, num: result.num };
  }

  /** `count(list)`: the length of a written list, at most the values of a `list of` input or the subtiers. */
  private count(expr: Expr, list: Possible): Possible {
    const node = unwrap(expr);
    if (node.kind === "list") return { missing: false, num: iv.point(q.fromInteger(arrayOf(node.items).length)) };
    if (node.kind === "subtiers") {
      const { always, possible } = this.subtierReach;
      return { missing: false, num: { lo: q.fromInteger(always.size), hi: q.fromInteger(possible.size) } };
    }
    let most: number | undefined;
    if (node.kind === "name") {
      const target = this.ctx.references.get(node);
      if (target?.kind === "input" && target.decl.type?.kind === "listOf")
        most = arrayOf(target.decl.type.values).length;
    }
    return {
      missing: list.missing,
      num: { lo: q.ZERO, hi: most === undefined ? null : q.fromInteger(most) },
    };
  }

  // ---------------------------------------------------------- scorecards

  private scorecard(decl: ScorecardDecl): Possible {
    let total: Interval = iv.point(q.ZERO);
    for (const line of arrayOf(decl.lines)) {
      const score = this.lineScore(line);
      const weight = literalValue(line.weight);
      if (!score || weight === undefined) return { missing: false, num: iv.EVERY_NUMBER };
      total = iv.add(total, iv.mul(iv.point(weight), score.range));
    }
    return { missing: false, num: total };
  }

  /** The scores one line can give (spec 3.5), after its cap. */
  lineScore(line: ScorecardLine): { range: Interval; max: Num; value: Possible } | undefined {
    const threshold = literalValue(line.threshold);
    const target = literalValue(line.target);
    const max = line.max === undefined ? q.ONE : literalValue(line.max);
    const target_ = line.value && this.ctx.references.get(line.value);
    if (threshold === undefined || target === undefined || max === undefined || !target_) return undefined;
    const value = this.values.get(target_.name) ?? UNKNOWN;
    if (value.other) return undefined;
    const direction = q.compare(threshold, target);
    const num = value.num;
    // Values on the scoring side of the threshold, and the scores they give.
    let scoring: Interval | undefined;
    let scores: Interval | undefined;
    if (num && direction < 0) {
      scoring = iv.atLeast(num, threshold);
      if (scoring) {
        const span = iv.point(q.inverse(q.sub(target, threshold))!);
        scores = iv.mul(iv.sub(scoring, iv.point(threshold)), span);
      }
    } else if (num && direction > 0) {
      scoring = iv.atMost(num, threshold);
      if (scoring) {
        const span = iv.point(q.inverse(q.sub(threshold, target))!);
        scores = iv.mul(iv.sub(iv.point(threshold), scoring), span);
      }
    } else if (num) {
      scoring = iv.atLeast(num, target);
      if (scoring) scores = iv.point(q.ONE);
    }
    const capped = scores && iv.least([scores, iv.point(max)]);
    const zero =
      value.missing ||
      !num ||
      (direction < 0
        ? iv.someBelow(num, threshold)
        : direction > 0
          ? iv.someAbove(num, threshold)
          : iv.someBelow(num, target));
    const zeroRange = iv.least([iv.point(q.ZERO), iv.point(max)]);
    const range = capped ? (zero ? iv.hull(capped, zeroRange) : capped) : zeroRange;
    return { range, max, value };
  }

  // ---------------------------------------------------------- tables

  private table(decl: TableDecl): Possible {
    if (!isExpr(decl.key)) return UNKNOWN;
    const key = this.of(decl.key);
    const rows = arrayOf(decl.rows);
    let result: Possible = NOTHING;
    let unmatched: boolean;
    if (rows.some((row) => row.kind === "match" || row.kind === "otherwise")) {
      const keys = new Set(
        rows.flatMap((row) => (row.kind === "match" && typeof row.key?.value === "string" ? [row.key.value] : [])),
      );
      const hasOtherwise = rows.some((row) => row.kind === "otherwise");
      const unlisted = keyEscapesMatches(key, keys);
      for (const row of rows) {
        const reachable = row.kind === "match" ? matchReachable(key, row.key?.value) : unlisted;
        if (reachable) result = join(result, this.rowValue(row));
        else if (this.reporting) this.reportRow(decl, row, key);
      }
      unmatched = !hasOtherwise && unlisted;
    } else {
      const bands = rows.flatMap((row) => bandOf(row));
      for (const band of bands) {
        const reachable = key.num !== undefined && !key.other && bandReachable(key.num, band);
        if (reachable || key.other) result = join(result, this.rowValue(band.row));
        else if (this.reporting) this.reportRow(decl, band.row, key);
      }
      unmatched = key.missing || key.other === true || (key.num !== undefined && iv.escapesBands(key.num, bands));
    }
    return unmatched ? { ...result, missing: true } : result;
  }

  private rowValue(row: TableRow): Possible {
    return isExpr(row.value) ? this.of(row.value) : UNKNOWN;
  }

  private reportRow(decl: TableDecl, row: TableRow, key: Possible): void {
    const keyText = printExpression(decl.key);
    const tiers = unwrap(decl.key).kind === "tier";
    const reason = `\`${keyText}\` ${describePossible(key, this.showFor(decl.key), tiers)}`;
    const related: RelatedLocation[] = [];
    if (tiers && row.kind === "match") {
      const why = this.tierReach?.why.get(String(row.key?.value));
      if (why) related.push(why);
    }
    this.ctx.report(
      "PPL9103",
      headRange(row),
      { table: String(decl.name?.value), row: printTableRowHead(row), reason },
      { related },
    );
  }

  // ---------------------------------------------------------- incentives

  private incentive(decl: IncentiveDecl): Possible {
    const amount = isExpr(decl.amount) ? this.of(decl.amount) : UNKNOWN;
    if (isExpr(decl.when) && this.reporting) this.reportConditions(decl.when, "when");
    const cap = literalValue(decl.cap);
    if (this.reporting && !amount.other) this.reportIncentive(decl, amount, cap);
    let high: Num | null = amount.other || !amount.num ? (amount.other ? null : q.ZERO) : amount.num.hi;
    if (cap !== undefined && (high === null || q.compare(cap, high) < 0)) high = cap;
    if (high !== null) {
      high = q.sign(high) < 0 ? q.ZERO : q.round(high, this.ctx.settings.minorUnits, this.ctx.settings.rounding);
    }
    // Paid, after cap, floor at 0 and rounding (rounding is monotone); 0 when not eligible or missing.
    return { missing: false, num: { lo: q.ZERO, hi: high } };
  }

  private reportIncentive(decl: IncentiveDecl, amount: Possible, cap: Num | undefined): void {
    const amountText = printExpression(decl.amount);
    const reason = `\`${amountText}\` ${describePossible(amount, showNumber, false)}`;
    const positive = amount.num !== undefined && iv.someAbove(amount.num, q.ZERO);
    if (!positive || (cap !== undefined && q.sign(cap) <= 0)) {
      this.ctx.report("PPL9107", decl.amount.range, {
        incentive: String(decl.name?.value),
        reason: positive ? `its cap is ${showNumber(cap!)}` : reason,
      });
      return;
    }
    // Strictly below: an amount that can equal the cap reaches it (without being cut).
    if (cap !== undefined && decl.cap && !iv.someAtLeast(amount.num!, cap)) {
      this.ctx.report("PPL9106", decl.cap.range, {
        incentive: String(decl.name?.value),
        cap: String(decl.cap.text),
        reason,
      });
    }
  }

  // ---------------------------------------------------------- conditions

  /** Where a condition's parts are compared, through `and`, `or`, `not` and parentheses. */
  reportConditions(root: Expr, place: "requirement" | "when"): void {
    const pending: Expr[] = [root];
    while (pending.length > 0) {
      const expr = pending.pop()!;
      if (expr.kind === "paren" && isExpr(expr.inner)) {
        pending.push(expr.inner);
      } else if (expr.kind === "unary" && expr.op === "not" && isExpr(expr.operand)) {
        pending.push(expr.operand);
      } else if (expr.kind === "binary" && (expr.op === "and" || expr.op === "or")) {
        if (isExpr(expr.right)) pending.push(expr.right);
        if (isExpr(expr.left)) pending.push(expr.left);
      } else if (
        (expr.kind === "binary" && COMPARISONS.has(expr.op)) ||
        expr.kind === "between" ||
        expr.kind === "in" ||
        expr.kind === "isMissing"
      ) {
        this.reportComparison(expr, place);
      }
    }
  }

  private reportComparison(expr: Expr, place: "requirement" | "when"): void {
    const o = outcomes(this.of(expr));
    if (o.t === o.f) return;
    const operands = comparedParts(expr).filter((part) => !isLiteral(part));
    const reason =
      operands.length === 0
        ? "it compares constants"
        : operands
            .map((part) => {
              const tiers = unwrap(part).kind === "tier";
              return `\`${printExpression(part)}\` ${describePossible(this.of(part), this.showFor(part), tiers)}`;
            })
            .join("; ");
    this.ctx.report(o.t ? "PPL9102" : "PPL9101", expr.range, { expr: printExpression(expr), place, reason });
  }

  /** Numbers in a message as the value is written: percents as percents. */
  showFor(expr: Expr | undefined): Show {
    return expr && this.ctx.types.get(expr)?.kind === "percent" ? showPercent : showNumber;
  }

  // ---------------------------------------------------------- tiers

  tierReach: TierReach | undefined;
  /** Subtiers partners can hold, and those every partner holds (until findTiers: any, none). */
  subtierReach: { possible: Set<string>; always: Set<string> };

  /** Which tiers partners can reach: a tier with a requirement that never holds cannot be, nor can a tier below one every partner reaches. */
  findTiers(): void {
    const requirements = new Map<string, Expr[]>();
    const reach: TierReach = { possible: new Set(), missing: true, why: new Map() };
    const always = new Map<string, boolean>();
    for (const tier of this.ctx.symbols.tierOrder) {
      const own = arrayOf(tier.decl.items).flatMap((item) =>
        item.kind === "require" && isExpr(item.expr) ? [item.expr] : [],
      );
      const base = tier.decl.extends?.value;
      const parent = base === undefined ? undefined : this.ctx.symbols.tiers.get(base);
      const inherited = parent && parent.rank < tier.rank ? (requirements.get(parent.name) ?? []) : [];
      const all = [...inherited, ...own];
      requirements.set(tier.name, all);
      const failing = all.find((expr) => !outcomes(this.of(expr)).t);
      if (failing) {
        reach.why.set(tier.name, this.ctx.related(failing.range, `a requirement of ${tier.name} that can never hold`));
      } else {
        reach.possible.add(tier.name);
      }
      always.set(
        tier.name,
        all.every((expr) => !outcomes(this.of(expr)).f),
      );
    }
    // A partner gets the highest tier it meets: below a tier every partner meets, no tier and no lower tier is possible.
    const order = this.ctx.symbols.tierOrder;
    for (let i = order.length - 1; i >= 0; i--) {
      const top = order[i]!;
      if (!always.get(top.name) || !reach.possible.has(top.name)) continue;
      reach.missing = false;
      for (const lower of order.slice(0, i)) {
        if (reach.possible.delete(lower.name)) {
          reach.why.set(
            lower.name,
            this.ctx.related(top.decl.name.range, `every partner meets tier ${top.name}, which ranks higher`),
          );
        }
      }
      break;
    }
    this.tierReach = reach;
    this.tier = { missing: reach.missing, names: reach.possible };
    this.findSubtiers(reach);
  }

  /** A subtier is held by a partner whose tier ranks at or above its parent and who meets its own requirements. */
  private findSubtiers(reach: TierReach): void {
    const ranks = [...reach.possible].map((name) => this.ctx.symbols.tiers.get(name)!.rank);
    const possible = new Set<string>();
    const always = new Set<string>();
    for (const subtier of this.ctx.symbols.subtierOrder) {
      const parent = this.ctx.symbols.tiers.get(subtier.decl.parent?.value ?? "");
      if (!parent) continue;
      const own = arrayOf(subtier.decl.items).flatMap((item) =>
        item.kind === "require" && isExpr(item.expr) ? [item.expr] : [],
      );
      const results = own.map((expr) => outcomes(this.of(expr)));
      if (ranks.some((rank) => rank >= parent.rank) && results.every((o) => o.t)) possible.add(subtier.name);
      if (!reach.missing && ranks.every((rank) => rank >= parent.rank) && results.every((o) => !o.f)) {
        always.add(subtier.name);
      }
    }
    this.subtierReach = { possible, always };
  }
}

/** The entry is always exactly this one value. */
function alwaysExactly(entry: Possible): "name" | "number" | undefined {
  if (entry.missing || entry.other || entry.truth) return undefined;
  if (entry.names !== undefined && entry.names !== "any" && entry.names.size === 1 && !entry.num) return "name";
  if (entry.num && iv.singleValue(entry.num) !== undefined && !entry.names) return "number";
  return undefined;
}

/** Some value of `item` (not missing) equals none of the entries: unless each is some entry's only value. */
function canBeUnlisted(item: Possible, entries: readonly Possible[]): boolean {
  if (!present(item)) return false;
  if (item.truth || item.names === "any") return true;
  const names = new Set<string>();
  const numbers: Num[] = [];
  for (const entry of entries) {
    const exactly = alwaysExactly(entry);
    if (exactly === "name") names.add([...(entry.names as ReadonlySet<string>)][0]!);
    else if (exactly === "number") numbers.push(iv.singleValue(entry.num!)!);
  }
  if (item.names && [...item.names].some((name) => !names.has(name))) return true;
  if (item.num) {
    const single = iv.singleValue(item.num);
    if (single === undefined || !numbers.some((n) => q.compare(n, single) === 0)) return true;
  }
  return false;
}

function compare(op: ComparisonOp, a: Possible, b: Possible, rankOf: (name: string) => number | undefined): Outcomes {
  if (a.other || b.other) return { t: true, f: true };
  const result: Outcomes = { t: false, f: a.missing || b.missing };
  const add = (o: Outcomes): void => {
    result.t ||= o.t;
    result.f ||= o.f;
  };
  let matched = false;
  if (a.num && b.num) {
    matched = true;
    add({ t: numbersCan(op, a.num, b.num), f: numbersCan(NEGATED[op], a.num, b.num) });
  }
  if (a.names && b.names) {
    matched = true;
    if (a.names === "any" || b.names === "any") add({ t: true, f: true });
    else if (op === "=" || op === "!=") add(pairOutcomes(op, a.names, b.names, (x, y) => (x === y ? 0 : 1)));
    else
      add(
        pairOutcomes(op, a.names, b.names, (x, y) => {
          const rx = rankOf(x);
          const ry = rankOf(y);
          return rx === undefined || ry === undefined ? undefined : Math.sign(rx - ry);
        }),
      );
  }
  if (a.truth && b.truth) {
    matched = true;
    const values = (t: { t: boolean; f: boolean }): boolean[] => [...(t.t ? [true] : []), ...(t.f ? [false] : [])];
    add(
      op === "=" || op === "!="
        ? pairOutcomes(op, values(a.truth), values(b.truth), (x, y) => (x === y ? 0 : 1))
        : { t: false, f: true },
    );
  }
  // Values of different kinds never compare true; a type error otherwise, reported by the types stage.
  if (!matched && (present(a) || present(b))) result.f = true;
  else if (matched && ((present(a) && !sameKinds(a, b)) || (present(b) && !sameKinds(b, a)))) result.f = true;
  return result;
}

/** Every kind `a` can be, `b` can be too. */
function sameKinds(a: Possible, b: Possible): boolean {
  return (!a.num || !!b.num) && (!a.names || !!b.names) && (!a.truth || !!b.truth);
}

function arithmetic(op: "+" | "-" | "*" | "/", a: Possible, b: Possible): Possible {
  if (a.other || b.other) return { missing: true, num: iv.EVERY_NUMBER };
  const missing = a.missing || b.missing || !a.num || !b.num || !!a.names || !!b.names || !!a.truth || !!b.truth;
  if (!a.num || !b.num) return { missing };
  switch (op) {
    case "+":
      return { missing, num: iv.add(a.num, b.num) };
    case "-":
      return { missing, num: iv.sub(a.num, b.num) };
    case "*":
      return { missing, num: iv.mul(a.num, b.num) };
    case "/": {
      // A divisor that can be 0 makes the quotient missing for that partner; the other divisors bound it.
      const inverse = iv.inverse(b.num);
      const byZero = iv.containsZero(b.num);
      return inverse ? { missing: missing || byZero, num: iv.mul(a.num, inverse) } : { missing: true };
    }
  }
}

function boundOf(literal: NumberLiteral | undefined): Interval | undefined {
  const value = literalValue(literal);
  return value === undefined ? undefined : iv.literal(value);
}

function inputRange(decl: InputDecl): Possible {
  const missing = decl.optional === true;
  switch (decl.type?.kind) {
    case "number":
    case "integer":
    case "money":
    case "percent":
      return {
        missing,
        num: { lo: boundOf(decl.min)?.lo ?? null, hi: boundOf(decl.max)?.hi ?? null },
      };
    case "boolean":
      return { missing, truth: { t: true, f: true } };
    case "text":
      return { missing, names: "any" };
    case "oneOf":
      return { missing, names: new Set(arrayOf(decl.type.values).map((value) => value.value)) };
    case "listOf":
      return { missing, other: true };
    default:
      return UNKNOWN;
  }
}

/** The operands a comparison compares, for the message. */
function comparedParts(expr: Expr): Expr[] {
  switch (expr.kind) {
    case "binary":
      return [expr.left, expr.right].filter(isExpr);
    case "between":
      return [expr.value, expr.low, expr.high].filter(isExpr);
    case "in":
      return [expr.item].filter(isExpr);
    case "isMissing":
      return [expr.operand].filter(isExpr);
    default:
      return [];
  }
}

interface Band {
  row: TableRow;
  from: Num | null;
  to: Num | null;
}

function bandOf(row: TableRow): Band[] {
  switch (row.kind) {
    case "below": {
      const to = literalValue(row.bound);
      return to === undefined ? [] : [{ row, from: null, to }];
    }
    case "above": {
      const from = literalValue(row.bound);
      return from === undefined ? [] : [{ row, from, to: null }];
    }
    case "range": {
      const from = literalValue(row.from);
      const to = literalValue(row.to);
      return from === undefined || to === undefined ? [] : [{ row, from, to }];
    }
    default:
      return [];
  }
}

/** Some key in the interval falls in [from, to). */
function bandReachable(key: Interval, band: Band): boolean {
  return (band.from === null || iv.someAtLeast(key, band.from)) && (band.to === null || iv.someBelow(key, band.to));
}

function matchReachable(key: Possible, name: string | undefined): boolean {
  if (key.other || key.names === "any" || name === undefined) return true;
  return key.names?.has(name) === true;
}

/** The key can be missing, or a value no match row lists. */
function keyEscapesMatches(key: Possible, listed: ReadonlySet<string>): boolean {
  if (key.missing || key.other || key.num || key.truth || key.names === "any") return true;
  return [...(key.names ?? [])].some((name) => !listed.has(name));
}

/** The row's head, before its `:`. */
function headRange(row: TableRow) {
  if (!row.range?.start) return undefined;
  switch (row.kind) {
    case "below":
      return row.bound?.range ? { start: row.range.start, end: row.bound.range.end } : row.range;
    case "range":
      return row.from?.range && row.to?.range ? { start: row.from.range.start, end: row.to.range.end } : row.range;
    case "above":
      return row.range;
    case "otherwise": {
      const { start } = row.range;
      return { start, end: { line: start.line, column: start.column + 9, offset: start.offset + 9 } };
    }
    case "match":
      return row.key?.range ?? row.range;
  }
}

function reportScorecardLines(analysis: RangeAnalysis, decl: ScorecardDecl): void {
  for (const line of arrayOf(decl.lines)) {
    const score = analysis.lineScore(line);
    if (!score || q.sign(score.max) <= 0) continue;
    const { range, max, value } = score;
    const show = analysis.showFor(line.value);
    const reason = `\`${line.value.name}\` ${describePossible(value, show, false)}`;
    const common = {
      scorecard: String(decl.name?.value),
      value: line.value.name,
      threshold: String(line.threshold.text),
      target: String(line.target.text),
      reason,
    };
    if (range.hi !== null && q.isZero(range.hi)) {
      analysis.ctx.report("PPL9104", line.range, common);
    } else if (range.lo !== null && q.compare(range.lo, max) === 0) {
      analysis.ctx.report("PPL9105", line.range, { ...common, max: line.max?.text ?? "100%" });
    }
  }
}

export function checkRanges(ctx: CheckContext): void {
  // With errors the program is not what its author meant, and its types are partly unknown: no proofs from it.
  if (ctx.diagnostics.some((d) => d.severity === "error")) return;
  const analysis = new RangeAnalysis(ctx);
  // The second pass is needed only when some value uses `tier` or `subtiers`: then it sees which partners can reach.
  const usesTier = ctx.dependencies.usesTier.size > 0 || ctx.dependencies.usesSubtiers.size > 0;
  analysis.reporting = !usesTier;
  analysis.pass();
  if (usesTier) {
    analysis.findTiers();
    analysis.reporting = true;
    analysis.pass();
  }
  for (const decl of declarationsOf(ctx.program)) {
    if (decl.kind === "tier" || decl.kind === "subtier") {
      for (const item of arrayOf(decl.items)) {
        if (item.kind === "require" && isExpr(item.expr)) analysis.reportConditions(item.expr, "requirement");
      }
    } else if (decl.kind === "scorecard") {
      reportScorecardLines(analysis, decl);
    }
  }
}

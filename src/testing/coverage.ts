// Test coverage: what a program's test blocks and sign-off cases exercised.
// Every outcome is read from the one evaluator: its per-partner state (which
// requirements held, the tier, the subtiers, each table's row, each
// incentive's detail, each scorecard line's value) and, for `if` and
// `otherwise`, the branch trace of an instrumented plan. Source positions come
// from the AST the artifact was compiled from.
import type { BinaryExpr, Expr, IfExpr, Program, Requirement } from "../ast/nodes.js";
import type { Artifact } from "../compile/artifact.js";
import type { ExprTree, InputSpec, SourceLocation } from "../compile/artifact-types.js";
import { ExactSizeError } from "../number/exact-size.js";
import { createEvaluator, Evaluation, programPlanOf } from "../runtime/evaluator/index.js";
import { parseExact } from "../number/exact-text.js";
import { compare, div, fromInteger, ONE, ZERO } from "../number/rational.js";
import type { PartnerEvaluation } from "../runtime/partner.js";
import type { Value } from "../runtime/values.js";
import { printExpression, printTableRowHead } from "../syntax/print-expression.js";

export type CoverageKind =
  "requirement" | "tier" | "subtier" | "table-row" | "scorecard-line" | "incentive" | "if" | "otherwise";

/** One thing to cover, with how often each of its outcomes was seen. */
export interface CoverageItem {
  kind: CoverageKind;
  name: string;
  line: number;
  column: number;
  /** Every outcome was seen at least once. */
  covered: boolean;
  /** Outcome → the number of partners (test blocks and cases) that showed it. */
  outcomes: Record<string, number>;
}

export interface ProgramCoverage {
  file: string;
  /** Outcomes seen at least once. */
  covered: number;
  /** Outcomes that can occur. */
  total: number;
  /** covered / total as a percentage, floored (99.99 is 99; nothing to cover is 100). */
  percent: number;
  items: CoverageItem[];
}

/** An item while partners are observed: its outcomes, counted. */
interface Tally {
  kind: CoverageKind;
  name: string;
  line: number;
  column: number;
  outcomes: Map<string, number>;
}

type Position = { line: number; column: number };

function tally(kind: CoverageKind, name: string, at: Position, outcomes: readonly string[]): Tally {
  return { kind, name, line: at.line, column: at.column, outcomes: new Map(outcomes.map((o) => [o, 0])) };
}

function seen(item: Tally, outcome: string): void {
  const count = item.outcomes.get(outcome);
  // Outcomes that cannot occur are not in the item, and are not counted.
  if (count !== undefined) item.outcomes.set(outcome, count + 1);
}

function locationKey(location: Position): string {
  return `${location.line}:${location.column}`;
}

// ------------------------------------------------------- branches in expressions

type BranchNode = IfExpr | (BinaryExpr & { op: "otherwise" });

/** The `if` and `otherwise` nodes of an AST expression, in pre-order. */
function astBranches(expr: Expr, found: BranchNode[] = []): BranchNode[] {
  if (expr.kind === "if" || (expr.kind === "binary" && expr.op === "otherwise")) found.push(expr as BranchNode);
  switch (expr.kind) {
    case "list":
      expr.items.forEach((item) => astBranches(item, found));
      break;
    case "unary":
    case "isMissing":
      astBranches(expr.operand, found);
      break;
    case "binary":
      astBranches(expr.left, found);
      astBranches(expr.right, found);
      break;
    case "in":
      astBranches(expr.item, found);
      astBranches(expr.list, found);
      break;
    case "between":
      [expr.value, expr.low, expr.high].forEach((e) => astBranches(e, found));
      break;
    case "if":
      [expr.condition, expr.then, expr.else].forEach((e) => astBranches(e, found));
      break;
    case "call":
      expr.args.forEach((arg) => astBranches(arg, found));
      break;
    case "paren":
      astBranches(expr.inner, found);
      break;
    default:
      break;
  }
  return found;
}

/** The `if` and `otherwise` nodes of an expression tree, in the same pre-order as astBranches. */
function treeBranches(tree: ExprTree, found: ExprTree[] = []): ExprTree[] {
  if (tree.op === "if" || tree.op === "otherwise") found.push(tree);
  if (tree.op === "list") tree.items.forEach((item) => treeBranches(item, found));
  else if ("arg" in tree) treeBranches(tree.arg, found);
  else if ("args" in tree) tree.args.forEach((arg) => treeBranches(arg, found));
  return found;
}

// ------------------------------------------------ which outcomes can occur at all

/**
 * Whether a numeric value can be missing, judged from the program alone:
 * false only when it provably never is (no optional input, no division, no
 * table without `otherwise`...), so an outcome is left out only when it
 * cannot occur.
 */
class ValueShapes {
  private readonly inputs: Map<string, InputSpec>;
  private readonly trees = new Map<string, ExprTree>();
  private readonly tablesByName: Map<string, Artifact["tables"][number]>;
  private readonly scorecardNames: Set<string>;

  constructor(private readonly artifact: Artifact) {
    this.inputs = new Map(artifact.inputs.map((input) => [input.name, input]));
    for (const kpi of artifact.kpis) this.trees.set(kpi.name, kpi.expr);
    this.tablesByName = new Map(artifact.tables.map((table) => [table.name, table]));
    this.scorecardNames = new Set(artifact.scorecards.map((scorecard) => scorecard.name));
  }

  /** `tierKnown`: the partner is known to hold a tier here (an incentive whose `when` compares `tier`). */
  mayBeMissing(tree: ExprTree, tierKnown = false, visiting = new Set<string>()): boolean {
    const any = (trees: readonly ExprTree[]) => trees.some((t) => this.mayBeMissing(t, tierKnown, visiting));
    switch (tree.op) {
      case "num":
      case "str":
      case "bool":
      case "list":
      case "tierName":
      case "subtiers":
      case "total":
        return false;
      case "tier":
        return !tierKnown;
      case "ref":
        return this.refMayBeMissing(tree.name, tierKnown, visiting);
      case "neg":
        return this.mayBeMissing(tree.arg, tierKnown, visiting);
      case "not":
      case "isMissing":
      case "isNotMissing":
        return false;
      case "add":
      case "sub":
      case "mul":
        return any(tree.args);
      case "div":
        return any(tree.args) || !isNonZeroNumber(tree.args[1]);
      case "arith":
        return any(tree.args) || tree.ops.some((op, i) => op === "div" && !isNonZeroNumber(tree.args[i + 1]!));
      case "otherwise":
        return (
          this.mayBeMissing(tree.args[0], tierKnown, visiting) && this.mayBeMissing(tree.args[1], tierKnown, visiting)
        );
      case "if":
        return any([tree.args[1], tree.args[2]]);
      case "call":
        // round(x, digits) is missing for digits that are not a whole number.
        return any(tree.args) || (tree.fn === "round" && !isIntegerNumber(tree.args[1]));
      default:
        // Comparisons, `and`, `or`, `in`, `between`: booleans, never missing.
        return false;
    }
  }

  private refMayBeMissing(name: string, tierKnown: boolean, visiting: Set<string>): boolean {
    const input = this.inputs.get(name);
    if (input !== undefined) return input.optional;
    if (this.scorecardNames.has(name)) return false;
    if (visiting.has(name)) return true;
    visiting.add(name);
    try {
      const tree = this.trees.get(name);
      if (tree !== undefined) return this.mayBeMissing(tree, tierKnown, visiting);
      const table = this.tablesByName.get(name);
      if (table === undefined) return false; // an incentive: its rounded amount, never missing
      if (table.rows.some((row) => this.mayBeMissing(row.value, tierKnown, visiting))) return true;
      if (table.rows.some((row) => row.kind === "otherwise")) return false;
      if (this.mayBeMissing(table.key, tierKnown, visiting)) return true;
      const banded = table.rows.some((row) => row.kind === "below") && table.rows.some((row) => row.kind === "above");
      return !banded && !this.matchesEveryKey(table);
    } finally {
      visiting.delete(name);
    }
  }

  /** A match table with a row for every tier (keyed by `tier`) or every value of a `one of` input. */
  private matchesEveryKey(table: Artifact["tables"][number]): boolean {
    const keys = new Set(table.rows.flatMap((row) => (row.kind === "match" ? [row.key] : [])));
    const input = table.key.op === "ref" ? this.inputs.get(table.key.name) : undefined;
    const possible =
      table.key.op === "tier"
        ? this.artifact.tiers.map((tier) => tier.name)
        : input?.type === "oneOf"
          ? (input.values ?? [])
          : undefined;
    return possible !== undefined && possible.every((key) => keys.has(key));
  }

  /** Whether a numeric value can be negative: false only when the declared minimums prove it never is. */
  mayBeNegative(tree: ExprTree, visiting = new Set<string>()): boolean {
    const any = (trees: readonly ExprTree[]) => trees.some((t) => this.mayBeNegative(t, visiting));
    switch (tree.op) {
      case "num":
        return compare(parseExact(tree.value), ZERO) < 0;
      case "ref":
        return this.refMayBeNegative(tree.name, visiting);
      case "add":
      case "mul":
      case "div":
        return any(tree.args);
      case "arith":
        return tree.ops.includes("sub") || any(tree.args);
      case "otherwise":
        return any(tree.args);
      case "if":
        return any([tree.args[1], tree.args[2]]);
      case "call":
        switch (tree.fn) {
          case "abs":
          case "count":
            return false;
          case "max":
            return tree.args.every((arg) => this.mayBeNegative(arg, visiting));
          case "clamp":
            return any(tree.args.slice(1));
          case "round":
            return this.mayBeNegative(tree.args[0]!, visiting);
          default:
            return any(tree.args);
        }
      case "neg":
      case "sub":
        return true;
      default:
        // Not a number.
        return false;
    }
  }

  private refMayBeNegative(name: string, visiting: Set<string>): boolean {
    const input = this.inputs.get(name);
    if (input !== undefined) return input.min === undefined || compare(parseExact(input.min), ZERO) < 0;
    if (this.scorecardNames.has(name)) {
      const scorecard = this.artifact.scorecards.find((s) => s.name === name)!;
      return scorecard.lines.some(
        (line) => compare(parseExact(line.weight), ZERO) < 0 || compare(parseExact(line.max), ZERO) < 0,
      );
    }
    if (visiting.has(name)) return true;
    visiting.add(name);
    try {
      const tree = this.trees.get(name);
      if (tree !== undefined) return this.mayBeNegative(tree, visiting);
      const table = this.tablesByName.get(name);
      return table !== undefined && table.rows.some((row) => this.mayBeNegative(row.value, visiting));
    } finally {
      visiting.delete(name);
    }
  }
}

/** A `when` that can only hold for a partner with a tier: it compares `tier` (false when missing), in an `and`. */
function whenNeedsTier(tree: ExprTree | undefined): boolean {
  if (tree === undefined) return false;
  switch (tree.op) {
    case "and":
      return whenNeedsTier(tree.args[0]) || whenNeedsTier(tree.args[1]);
    case "eq":
    case "ne":
    case "lt":
    case "le":
    case "gt":
    case "ge":
      return tree.args.some((arg) => arg.op === "tier");
    case "isNotMissing":
      return tree.arg.op === "tier";
    default:
      return false;
  }
}

function isIntegerNumber(tree: ExprTree | undefined): boolean {
  return tree?.op === "num" && /^-?[0-9]+$/.test(tree.value);
}

function isNonZeroNumber(tree: ExprTree): boolean {
  return tree.op === "num" && compare(parseExact(tree.value), ZERO) !== 0;
}

/**
 * The zones a scorecard line's value can fall in, given its constants; a
 * higher-is-better line from a threshold of 0 or less over a value that is
 * never negative nor missing is never below it.
 */
function lineZones(threshold: string, target: string, max: string, neverBelowZero: boolean): string[] {
  const t = parseExact(threshold);
  const g = parseExact(target);
  const cap = parseExact(max);
  const zones = neverBelowZero && compare(t, ZERO) <= 0 && compare(t, g) < 0 ? [] : ["below"];
  if (compare(t, g) !== 0) {
    if (compare(cap, ZERO) > 0) zones.push("between");
    zones.push("capped");
  } else {
    // A step line scores 0 or 1: 1 is the cap when max is at most 100%, else it stays between.
    zones.push(compare(cap, ONE) <= 0 ? "capped" : "between");
  }
  return zones;
}

function startOf(node: { range: { start: Position } }): Position {
  return node.range.start;
}

/**
 * Observes the partners of a program's test blocks and cases through its own
 * instrumented evaluator (`evaluator`), then reports what they exercised.
 */
export class CoverageCollector {
  /** Evaluates like createEvaluator(artifact), and counts what each partner shows. */
  readonly evaluator: (record: Record<string, Value>) => PartnerEvaluation;
  private readonly items: Tally[] = [];
  private readonly requirementItems: { item: Tally; index: number }[] = [];
  private readonly tierItems: Tally[] = [];
  private readonly subtierItems: Tally[] = [];
  private readonly rowItems: Tally[][] = [];
  private readonly lineItems: Tally[][] = [];
  private readonly incentiveItems: Tally[] = [];
  /** Each traced `if`/`otherwise` tree node, to the items it counts for. */
  private readonly branchItems = new Map<ExprTree, Tally[]>();

  constructor(
    private readonly artifact: Artifact,
    ast: Program,
  ) {
    const evaluate = createEvaluator(artifact, { branchTrace: (node, branch) => this.traced(node, branch) });
    this.evaluator = (record) => {
      const evaluation = evaluate(record);
      this.observe(evaluation);
      return evaluation;
    };
    this.plan(ast);
  }

  private add(item: Tally): Tally {
    this.items.push(item);
    return item;
  }

  private traced(node: ExprTree, branch: 0 | 1): void {
    const items = this.branchItems.get(node);
    if (items === undefined) return; // an `expect` of a test, not the program
    for (const item of items)
      seen(item, item.kind === "if" ? (branch === 0 ? "then" : "else") : branch === 0 ? "value" : "fallback");
  }

  /** Maps the branches of a compiled tree to items at the AST expression it came from. */
  private branches(owner: string, expr: Expr | undefined, trees: readonly ExprTree[], made = new Map<Expr, Tally>()) {
    if (expr === undefined) return;
    const nodes = astBranches(expr);
    for (const tree of trees) {
      const compiled = treeBranches(tree);
      // The compiler keeps the order of `if` and `otherwise`; a mismatch is left uncounted rather than misplaced.
      if (compiled.length !== nodes.length) continue;
      compiled.forEach((node, i) => {
        const source = nodes[i]!;
        let item = made.get(source);
        if (item === undefined) {
          item =
            source.kind === "if"
              ? this.add(
                  tally("if", `${owner}: if ${printExpression(source.condition)}`, startOf(source), ["then", "else"]),
                )
              : this.add(
                  tally("otherwise", `${owner}: ${printExpression(source)}`, startOf(source), ["value", "fallback"]),
                );
          made.set(source, item);
        }
        const list = this.branchItems.get(node) ?? [];
        list.push(item);
        this.branchItems.set(node, list);
      });
    }
  }

  private plan(ast: Program): void {
    const { artifact } = this;
    const shapes = new ValueShapes(artifact);
    const firstDecl = <K extends Program["declarations"][number]["kind"]>(kind: K, name: string) =>
      ast.declarations.find((d) => d.kind === kind && "name" in d && d.name.value === name) as
        Extract<Program["declarations"][number], { kind: K }> | undefined;

    for (const kpi of artifact.kpis) this.branches(kpi.name, firstDecl("kpi", kpi.name)?.expr, [kpi.expr]);

    // Requirements: one item per requirement written, however many tiers inherit it.
    const requirementNodes = new Map<string, Requirement>();
    for (const decl of ast.declarations) {
      if (decl.kind !== "tier" && decl.kind !== "subtier") continue;
      for (const item of decl.items)
        if (item.kind === "require") requirementNodes.set(locationKey(startOf(item)), item);
    }
    // Requirement indexes depend on the program only, so the shared plan tells those of the instrumented one.
    const evaluatorPlan = programPlanOf(artifact);
    const requirementMade = new Map<string, Tally>();
    const branchMade = new Map<Expr, Tally>();
    const planRequirements = (
      owner: { name: string; source: SourceLocation },
      specs: Artifact["tiers"][number]["requirements"],
      indexes: readonly number[],
      kind: "tier" | "subtier",
    ) => {
      const item = this.add(tally(kind, owner.name, owner.source, ["reached", "not_reached"]));
      (kind === "tier" ? this.tierItems : this.subtierItems).push(item);
      specs.forEach((spec, k) => {
        const key = locationKey(spec.source);
        let requirement = requirementMade.get(key);
        if (requirement === undefined) {
          requirement = this.add(
            tally("requirement", `${spec.declaredIn}: ${spec.label}`, spec.source, ["holds", "fails"]),
          );
          requirementMade.set(key, requirement);
          this.requirementItems.push({ item: requirement, index: indexes[k]! });
        }
        this.branches(spec.declaredIn, requirementNodes.get(key)?.expr, [spec.expr], branchMade);
      });
    };
    artifact.tiers.forEach((tier, t) =>
      planRequirements(
        tier,
        tier.requirements,
        evaluatorPlan.tierRequirements[t]!.map((r) => r.index),
        "tier",
      ),
    );
    artifact.subtiers.forEach((subtier, i) =>
      planRequirements(
        subtier,
        subtier.requirements,
        evaluatorPlan.subtierRequirements[i]!.map((r) => r.index),
        "subtier",
      ),
    );

    for (const scorecard of artifact.scorecards) {
      const decl = firstDecl("scorecard", scorecard.name);
      this.lineItems.push(
        scorecard.lines.map((line, i) =>
          this.add(
            tally(
              "scorecard-line",
              `${scorecard.name}: ${line.value}`,
              decl?.lines[i] === undefined ? scorecard.source : startOf(decl.lines[i]),
              lineZones(
                line.threshold,
                line.target,
                line.max,
                !shapes.mayBeNegative({ op: "ref", name: line.value }) &&
                  !shapes.mayBeMissing({ op: "ref", name: line.value }),
              ),
            ),
          ),
        ),
      );
    }

    for (const table of artifact.tables) {
      const decl = firstDecl("table", table.name);
      this.branches(table.name, decl?.key, [table.key]);
      this.rowItems.push(
        table.rows.map((row, i) => {
          const rowDecl = decl?.rows[i];
          this.branches(table.name, rowDecl?.value, [row.value]);
          const text = rowDecl === undefined ? row.kind : printTableRowHead(rowDecl);
          return this.add(
            tally("table-row", `${table.name}: ${text}`, rowDecl ? startOf(rowDecl) : table.source, ["hit"]),
          );
        }),
      );
    }

    for (const incentive of artifact.incentives) {
      const decl = firstDecl("incentive", incentive.name);
      const outcomes = [
        ...(incentive.when === undefined ? [] : ["when_true", "when_false"]),
        ...(incentive.cap === undefined ? [] : ["capped"]),
        ...(shapes.mayBeNegative(incentive.amount) ? ["floored"] : []),
        ...(shapes.mayBeMissing(incentive.amount, whenNeedsTier(incentive.when)) ? ["missing_amount"] : []),
      ];
      this.incentiveItems.push(this.add(tally("incentive", incentive.name, incentive.source, outcomes)));
      if (incentive.when !== undefined) this.branches(incentive.name, decl?.when, [incentive.when]);
      this.branches(incentive.name, decl?.amount, [incentive.amount]);
    }
  }

  /** Counts what one partner's evaluation showed. */
  observe(evaluation: unknown): void {
    if (!(evaluation instanceof Evaluation)) return;
    const { plan, state } = evaluation;
    try {
      // Every requirement, as `ppl explain` shows them, not only those the tier search needed.
      for (const { item, index } of this.requirementItems) {
        seen(item, plan.requirementHolds(state, index) ? "holds" : "fails");
      }
    } catch (error) {
      if (!(error instanceof ExactSizeError)) throw error;
    }
    const tierIndex = plan.tierIndexOf(state);
    this.tierItems.forEach((item, t) => seen(item, t === tierIndex ? "reached" : "not_reached"));
    const reached = plan.reachedOf(state);
    this.subtierItems.forEach((item, i) => seen(item, reached[i] === 1 ? "reached" : "not_reached"));
    this.rowItems.forEach((rows, t) => {
      const row = state.tables[t]?.rowIndex;
      if (row !== undefined) seen(rows[row]!, "hit");
    });
    this.lineItems.forEach((lines, c) => {
      plan
        .scorecardPlan(c)
        .lines.forEach((line, i) => seen(lines[i]!, plan.lineZone(line, plan.valueOf(state, line.slot))));
    });
    this.incentiveItems.forEach((item, i) => {
      const detail = state.incentives[i];
      if (detail === undefined) return;
      seen(item, detail.outcome === "not_eligible" ? "when_false" : "when_true");
      if (detail.capped) seen(item, "capped");
      if (detail.floored) seen(item, "floored");
      if (detail.outcome === "missing_amount") seen(item, "missing_amount");
    });
  }

  report(file: string): ProgramCoverage {
    const items = [...this.items]
      .sort(
        (a, b) =>
          a.line - b.line || a.column - b.column || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name),
      )
      .map((item): CoverageItem => {
        const outcomes = Object.fromEntries(item.outcomes);
        return {
          kind: item.kind,
          name: item.name,
          line: item.line,
          column: item.column,
          covered: [...item.outcomes.values()].every((count) => count > 0),
          outcomes,
        };
      });
    let covered = 0;
    let total = 0;
    for (const item of items) {
      for (const count of Object.values(item.outcomes)) {
        total++;
        if (count > 0) covered++;
      }
    }
    return { file, covered, total, percent: flooredPercent(covered, total), items };
  }
}

/** covered / total in percent, floored: 9999 of 10000 is 99, never 100. Nothing to cover is 100. */
export function flooredPercent(covered: number, total: number): number {
  return total === 0 ? 100 : Math.floor((covered * 100) / total);
}

/** Whether covered / total is below a threshold given as a decimal percent ("90", "99.99"), compared exactly. */
export function belowThreshold(coverage: Pick<ProgramCoverage, "covered" | "total">, threshold: string): boolean {
  if (coverage.total === 0) return false;
  // total > 0 here, so the quotient exists.
  const share = div(fromInteger(coverage.covered * 100), fromInteger(coverage.total))!;
  return compare(share, parseExact(threshold)) < 0;
}

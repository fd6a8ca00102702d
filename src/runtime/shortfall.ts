// How far a partner is from meeting a requirement: for each failing
// comparison of a numeric value with something that does not depend on it
// (`revenue >= 1M`, `x between a and b`, each inside `and`/`or` too), what
// the value is, what it must reach and by how much it is short; and, where
// the value is linear (or a ratio a·x+b / c·x+d) in one input with the
// others held fixed, the change in that input alone that closes the gap.
// The solve is symbolic over the expression tree with exact rationals, and
// every input change is then checked by evaluating the partner again with
// that input changed, so nothing here is guessed. It reads the one
// evaluator's plan and state; `run`, `explain`, `test` and the report use it.

import type { ExprTree, InputSpec } from "../compile/artifact-types.js";
import { constantNum, type Compiled } from "./evaluator/expression.js";
import type { PartnerState, ProgramPlan } from "./evaluator/program.js";
import { isNum } from "./evaluator/values.js";
import { writtenNumber } from "./output-number.js";
import { REDACTED } from "./result-types.js";
import { MISSING } from "./values.js";
import * as q from "../number/rational.js";
import { ONE, ZERO, type Num } from "../number/rational.js";

/** How a value is written: money strings, whole numbers, or JSON numbers like KPIs. */
export type ValueKind = "money" | "integer" | "number";

export type ShortfallNumber = number | string;

export interface InputChange {
  input: string;
  has: ShortfallNumber;
  needs: ShortfallNumber;
  change: ShortfallNumber;
}

/** One unmet comparison, as `unmet[].shortfall` writes it. */
export interface ShortfallOutput {
  value: string;
  has: ShortfallNumber;
  needs: ShortfallNumber;
  short: ShortfallNumber;
  inputs: InputChange[];
  /** Other comparisons of the same requirement (`a and b`) that must also change. */
  also?: ShortfallOutput[];
}

/** A shortfall with its exact figures, for words and for ranking near misses. */
export interface Shortfall {
  value: string;
  kind: ValueKind;
  /** The relation the value must reach: at least, more than, at most, less than, exactly. */
  relation: "ge" | "gt" | "le" | "lt" | "eq";
  has: Num;
  needs: Num;
  /** Always positive: how much the value must rise (ge, gt) or fall (le, lt), or differs (eq). */
  short: Num;
  /** `short` relative to `needs` (to `has` when `needs` is 0), for ranking. */
  relative: Num;
  hasRedacted: boolean;
  needsRedacted: boolean;
  /** `short` reveals both sides: redacted when either is confidential. */
  shortRedacted: boolean;
  inputs: { input: string; kind: ValueKind; has: Num; needs: Num }[];
}

/** The shortfalls of one failing requirement: all of them must be closed together. */
export interface RequirementShortfall {
  /** Closest first within an `or`; in the order written within an `and`. */
  parts: Shortfall[];
  /** False when a failing part (a boolean, a text match) has no numeric shortfall. */
  complete: boolean;
  /** The largest relative shortfall of the parts (Infinity when incomplete), for ranking. */
  distance: number;
}

type Relation = "ge" | "gt" | "le" | "lt" | "eq";

/** An input a comparison's value may be solved for, with what the solve reads of it, prepared once. */
interface SolvableInput {
  spec: InputSpec;
  kind: ValueKind;
  read: Compiled<PartnerState>;
  /** The compared value as a linear form in this input (see linearForm). */
  form: FormOf | "constant";
  min: Num | undefined;
  max: Num | undefined;
}

interface ComparisonShape {
  kind: "comparison";
  tree: ExprTree;
  /** The compiled tree, value and bounds, so a partner's shortfall looks nothing up. */
  holds: Compiled<PartnerState>;
  value: ExprTree;
  valueOf: Compiled<PartnerState>;
  boundsOf: Compiled<PartnerState>[];
  valueName: string;
  valueKind: ValueKind;
  /** One bound, or the two of `between`. */
  relation: Relation | "between";
  bounds: ExprTree[];
  valueConfidential: boolean;
  boundConfidential: boolean;
  /** Non-confidential numeric inputs the value depends on (not the value itself when it is an input). */
  inputs: SolvableInput[];
}

type Shape =
  | ComparisonShape
  | { kind: "and" | "or"; tree: ExprTree; holds: Compiled<PartnerState>; parts: Shape[] }
  | { kind: "other"; tree: ExprTree; holds: Compiled<PartnerState> };

const FLIPPED: Record<"ge" | "gt" | "le" | "lt" | "eq", Relation> = {
  ge: "le",
  gt: "lt",
  le: "ge",
  lt: "gt",
  eq: "eq",
};
// Names that stand for values of the whole evaluation in the dependency sets.
const TIER_DEPENDENCY = "\u0000tier";

/** What one program's requirements and expectations are made of, worked out once per plan. */
class ShortfallPlanner {
  private readonly shapes = new WeakMap<ExprTree, Shape>();
  private readonly dependencies = new Map<string, ReadonlySet<string>>();
  private readonly treeDependencies = new WeakMap<ExprTree, ReadonlySet<string>>();
  private readonly kinds = new Map<string, ValueKind | undefined>();
  private readonly inputs = new Map<string, InputSpec>();
  private readonly kpis: Map<string, ExprTree>;
  readonly unit: Num;

  constructor(readonly plan: ProgramPlan) {
    for (const input of plan.spec.inputs) this.inputs.set(input.name, input);
    this.kpis = new Map(plan.spec.kpis.map((kpi) => [kpi.name, kpi.expr]));
    this.unit = q.div(ONE, q.fromInteger(10 ** plan.minorUnits))!;
  }

  shapeOf(tree: ExprTree): Shape {
    let shape = this.shapes.get(tree);
    if (shape === undefined) {
      shape = this.buildShape(tree);
      this.shapes.set(tree, shape);
    }
    return shape;
  }

  private buildShape(tree: ExprTree): Shape {
    switch (tree.op) {
      case "and":
      case "or": {
        // `a and b and c` nests; flatten so that parts read in the order written.
        const parts: Shape[] = [];
        const collect = (node: ExprTree) => {
          if (node.op === tree.op) node.args.forEach(collect);
          else parts.push(this.shapeOf(node));
        };
        collect(tree);
        return { kind: tree.op, tree, holds: this.plan.compiled(tree), parts };
      }
      case "ge":
      case "gt":
      case "le":
      case "lt":
      case "eq": {
        const [left, right] = tree.args;
        const leftInputs = this.dependenciesOfTree(left);
        const rightInputs = this.dependenciesOfTree(right);
        // The value is the side that depends on the partner's data; the other side must not share any of it.
        if (leftInputs.size > 0 && disjoint(leftInputs, rightInputs)) {
          return this.comparison(tree, left, tree.op, [right]);
        }
        if (leftInputs.size === 0 && rightInputs.size > 0)
          return this.comparison(tree, right, FLIPPED[tree.op], [left]);
        return this.other(tree);
      }
      case "between": {
        const [value, low, high] = tree.args;
        const valueInputs = this.dependenciesOfTree(value);
        const boundInputs = new Set([...this.dependenciesOfTree(low), ...this.dependenciesOfTree(high)]);
        if (valueInputs.size > 0 && disjoint(valueInputs, boundInputs)) {
          return this.comparison(tree, value, "between", [low, high]);
        }
        return this.other(tree);
      }
      default:
        return this.other(tree);
    }
  }

  private other(tree: ExprTree): Shape {
    return { kind: "other", tree, holds: this.plan.compiled(tree) };
  }

  private comparison(tree: ExprTree, value: ExprTree, relation: Relation | "between", bounds: ExprTree[]): Shape {
    const valueKind = this.kindOfTree(value);
    if (valueKind === undefined || bounds.some((bound) => this.kindOfTree(bound) === undefined)) {
      return this.other(tree);
    }
    const valueConfidential = this.usesConfidential(value);
    const boundConfidential = bounds.some((bound) => this.usesConfidential(bound));
    // A solution in any input would reveal a confidential value; an input compared directly needs no solve.
    const directInput = value.op === "ref" && this.inputs.has(value.name);
    const inputs = valueConfidential || boundConfidential || directInput ? [] : this.solvableInputs(value);
    return {
      kind: "comparison",
      tree,
      holds: this.plan.compiled(tree),
      value,
      valueOf: this.plan.compiled(value),
      boundsOf: bounds.map((bound) => this.plan.compiled(bound)),
      valueName: valueText(value),
      valueKind,
      relation,
      bounds,
      valueConfidential,
      boundConfidential,
      inputs,
    };
  }

  private solvableInputs(value: ExprTree): SolvableInput[] {
    const names = this.dependenciesOfTree(value);
    return this.plan.spec.inputs
      .filter(
        (input) =>
          names.has(input.name) &&
          !input.confidential &&
          (input.type === "money" || input.type === "integer" || input.type === "number" || input.type === "percent"),
      )
      .map((input) => ({
        spec: input,
        kind: input.type === "money" ? "money" : input.type === "integer" ? "integer" : "number",
        read: this.plan.accessor(input.name),
        form: linearForm(this, value, input.name),
        min: input.min === undefined ? undefined : constantNum(input.min),
        max: input.max === undefined ? undefined : constantNum(input.max),
      }));
  }

  private usesConfidential(tree: ExprTree): boolean {
    let found = false;
    visitRefs(tree, (name) => {
      if (this.plan.confidential.has(name)) found = true;
    });
    return found;
  }

  /** The inputs (and the tier, for `tier`, `subtiers`, `total`) a tree depends on, through every value. */
  dependenciesOfTree(tree: ExprTree): ReadonlySet<string> {
    // Asked for every node of a solve, on every partner: the trees are the plan's own, so each is worked out once.
    const known = this.treeDependencies.get(tree);
    if (known !== undefined) return known;
    const names = new Set<string>();
    visitRefs(tree, (name) => {
      for (const dependency of this.dependenciesOf(name)) names.add(dependency);
    });
    if (usesEvaluation(tree)) names.add(TIER_DEPENDENCY);
    this.treeDependencies.set(tree, names);
    return names;
  }

  dependenciesOf(name: string): ReadonlySet<string> {
    const known = this.dependencies.get(name);
    if (known !== undefined) return known;
    // Iterative over the values a name uses, so long chains of KPIs cannot overflow the stack.
    const result = new Set<string>();
    this.dependencies.set(name, result);
    const seen = new Set<string>([name]);
    const pending = [name];
    while (pending.length > 0) {
      const current = pending.pop()!;
      if (this.inputs.has(current)) {
        result.add(current);
        continue;
      }
      for (const tree of this.treesOf(current)) {
        if (usesEvaluation(tree)) result.add(TIER_DEPENDENCY);
        visitRefs(tree, (used) => {
          if (!seen.has(used)) {
            seen.add(used);
            pending.push(used);
          }
        });
      }
    }
    return result;
  }

  /** The expression trees that define a derived value. */
  private treesOf(name: string): ExprTree[] {
    const spec = this.plan.spec;
    const kpi = this.kpis.get(name);
    if (kpi !== undefined) return [kpi];
    const scorecard = spec.scorecards.find((s) => s.name === name);
    if (scorecard !== undefined) return scorecard.lines.map((line) => ({ op: "ref", name: line.value }));
    const table = spec.tables.find((t) => t.name === name);
    if (table !== undefined) return [table.key, ...table.rows.map((row) => row.value)];
    const incentive = spec.incentives.find((i) => i.name === name);
    if (incentive !== undefined)
      return incentive.when === undefined ? [incentive.amount] : [incentive.when, incentive.amount];
    return [];
  }

  /** Money, integer or number for a numeric tree (spec 4's result types); undefined when not numeric. */
  kindOfTree(tree: ExprTree): ValueKind | undefined {
    switch (tree.op) {
      case "num":
        return q.isInteger(constantNum(tree.value)) ? "integer" : "number";
      case "ref":
        return this.kindOfName(tree.name);
      case "total":
        return "money";
      case "neg":
        return this.kindOfTree(tree.arg);
      case "add":
      case "sub":
      case "mul":
      case "div":
        return this.arithmeticKind(tree.op, this.kindOfTree(tree.args[0]), this.kindOfTree(tree.args[1]));
      case "arith":
        return tree.ops.reduce<ValueKind | undefined>(
          (kind, op, i) => this.arithmeticKind(op, kind, this.kindOfTree(tree.args[i + 1]!)),
          this.kindOfTree(tree.args[0]!),
        );
      case "otherwise":
      case "if": {
        const branches = tree.op === "if" ? [tree.args[1], tree.args[2]] : tree.args;
        const kinds = branches.map((branch) => this.kindOfTree(branch));
        if (kinds.some((kind) => kind === undefined)) return undefined;
        if (kinds.includes("money")) return "money";
        return kinds.every((kind) => kind === "integer") ? "integer" : "number";
      }
      case "call": {
        if (tree.fn === "count") return "integer";
        const kinds = tree.args.map((arg) => this.kindOfTree(arg));
        if (kinds.some((kind) => kind === undefined)) return undefined;
        if (tree.fn === "round") return kinds[0] === "money" ? "money" : "number";
        if (kinds[0] === "money") return "money";
        return kinds.every((kind) => kind === "integer") ? "integer" : "number";
      }
      default:
        return undefined;
    }
  }

  private arithmeticKind(op: string, a: ValueKind | undefined, b: ValueKind | undefined): ValueKind | undefined {
    if (a === undefined || b === undefined) return undefined;
    if (op === "div") return a === "money" && b !== "money" ? "money" : "number";
    if (a === "money" || b === "money") return "money";
    return a === "integer" && b === "integer" ? "integer" : "number";
  }

  private kindOfName(name: string): ValueKind | undefined {
    if (this.kinds.has(name)) return this.kinds.get(name);
    this.kinds.set(name, undefined); // a cycle (a broken artifact) is not numeric
    const spec = this.plan.spec;
    let kind: ValueKind | undefined;
    const input = this.inputs.get(name);
    if (input !== undefined) {
      kind =
        input.type === "money"
          ? "money"
          : input.type === "integer"
            ? "integer"
            : input.type === "number" || input.type === "percent"
              ? "number"
              : undefined;
    } else if (this.kpis.has(name)) {
      const declared = spec.kpis.find((kpi) => kpi.name === name)!.type;
      kind = declared === "money" ? "money" : declared === "number" ? this.kindOfTree(this.kpis.get(name)!) : undefined;
      if (declared === "number" && kind === "money") kind = "number";
    } else if (spec.scorecards.some((s) => s.name === name)) {
      kind = "number";
    } else if (spec.incentives.some((i) => i.name === name)) {
      kind = "money";
    } else {
      const table = spec.tables.find((t) => t.name === name);
      kind =
        table === undefined
          ? undefined
          : table.type === "money"
            ? "money"
            : table.type === "number"
              ? "number"
              : undefined;
    }
    this.kinds.set(name, kind);
    return kind;
  }

  isKpi(name: string): boolean {
    return this.kpis.has(name);
  }

  kpiTree(name: string): ExprTree | undefined {
    return this.kpis.get(name);
  }
}

const planners = new WeakMap<ProgramPlan, ShortfallPlanner>();

function plannerOf(plan: ProgramPlan): ShortfallPlanner {
  let planner = planners.get(plan);
  if (planner === undefined) {
    planner = new ShortfallPlanner(plan);
    planners.set(plan, planner);
  }
  return planner;
}

// ------------------------------------------------------------ per partner

/**
 * The shortfall of a boolean expression (a requirement or a test's
 * `expect`) that does not hold for this partner; undefined when it holds or
 * when no failing part compares a numeric value with an independent bound.
 */
export function requirementShortfall(
  plan: ProgramPlan,
  state: PartnerState,
  tree: ExprTree,
): RequirementShortfall | undefined {
  const planner = plannerOf(plan);
  const result = shortfallOfShape(planner, state, planner.shapeOf(tree));
  if (result === "holds" || result.parts.length === 0) return undefined;
  return result;
}

function shortfallOfShape(
  planner: ShortfallPlanner,
  state: PartnerState,
  shape: Shape,
): RequirementShortfall | "holds" {
  if (shape.holds(state) === true) return "holds";
  if (shape.kind === "other") return { parts: [], complete: false, distance: Infinity };
  if (shape.kind === "comparison") {
    const shortfall = comparisonShortfall(planner, state, shape);
    return shortfall === undefined
      ? { parts: [], complete: false, distance: Infinity }
      : { parts: [shortfall], complete: true, distance: relativeDistance(shortfall) };
  }
  // Plain loops (flatMap is slow in V8): this runs for every unmet entry of every row.
  const results: RequirementShortfall[] = [];
  for (const part of shape.parts) {
    const result = shortfallOfShape(planner, state, part);
    if (result !== "holds") results.push(result);
  }
  if (shape.kind === "and") {
    const parts: Shortfall[] = [];
    let complete = true;
    for (const result of results) {
      for (const part of result.parts) parts.push(part);
      if (!result.complete) complete = false;
    }
    let distance = -Infinity;
    if (complete) for (const part of parts) distance = Math.max(distance, relativeDistance(part));
    return { parts, complete, distance: complete ? distance : Infinity };
  }
  // `or`: closing the nearest alternative is enough.
  let best: RequirementShortfall | undefined;
  for (const result of results) {
    if (result.parts.length === 0) continue;
    if (best === undefined || result.distance < best.distance || (!best.complete && result.complete)) best = result;
  }
  return best ?? { parts: [], complete: false, distance: Infinity };
}

function relativeDistance(shortfall: Shortfall): number {
  // A confidential shortfall is never ranked: its place among others would hint at the value.
  return shortfall.shortRedacted ? Infinity : q.toNearestNumber(shortfall.relative);
}

function comparisonShortfall(
  planner: ShortfallPlanner,
  state: PartnerState,
  shape: ComparisonShape,
): Shortfall | undefined {
  const has = shape.valueOf(state);
  if (!isNum(has)) return undefined;
  // Both bounds evaluated before either is checked, as the requirement itself does.
  const first = shape.boundsOf[0]!(state);
  const second = shape.boundsOf.length > 1 ? shape.boundsOf[1]!(state) : undefined;
  if (!isNum(first) || (second !== undefined && !isNum(second))) return undefined;
  let relation: Relation;
  let bound: Num;
  if (shape.relation === "between") {
    const low = first;
    const high = second as Num;
    if (q.compare(low, high) > 0) return undefined;
    if (q.compare(has, low) < 0) [relation, bound] = ["ge", low];
    else if (q.compare(has, high) > 0) [relation, bound] = ["le", high];
    else return undefined;
  } else {
    relation = shape.relation;
    bound = first;
  }
  const needs = closestMeeting(relation, bound, shape.valueKind, planner.unit, planner.plan.minorUnits);
  if (needs === undefined) return undefined;
  const rising = relation === "ge" || relation === "gt" || (relation === "eq" && q.compare(needs, has) > 0);
  let short = rising ? q.sub(needs, has) : q.sub(has, needs);
  if (q.sign(short) <= 0) return undefined;
  // Rounded up so that closing it is enough.
  if (shape.valueKind === "money") short = ceilTo(short, planner.plan.minorUnits);
  else if (shape.valueKind === "integer") short = ceilTo(short, 0);
  const scale = q.isZero(needs) ? abs(has) : abs(needs);
  const relative = q.div(short, scale) ?? short;
  const inputs: Shortfall["inputs"] = [];
  for (const input of shape.inputs) {
    const change = solveForInput(planner, state, shape, input, relation, needs, rising);
    if (change !== undefined) inputs.push(change);
  }
  return {
    value: shape.valueName,
    kind: shape.valueKind,
    relation,
    has,
    needs,
    short,
    relative,
    hasRedacted: shape.valueConfidential,
    needsRedacted: shape.boundConfidential,
    shortRedacted: shape.valueConfidential || shape.boundConfidential,
    inputs,
  };
}

/** The value nearest the bound that meets the relation: the next whole number or minor unit for strict ones. */
function closestMeeting(
  relation: Relation,
  bound: Num,
  kind: ValueKind,
  unit: Num,
  unitDigits: number,
): Num | undefined {
  const step = kind === "money" ? unit : kind === "integer" ? ONE : undefined;
  if (step === undefined) return bound; // for `>`/`<` on numbers the bound itself, to be passed
  const digits = kind === "money" ? unitDigits : 0;
  switch (relation) {
    case "ge":
      return ceilTo(bound, digits);
    case "le":
      return floorTo(bound, digits);
    case "gt":
      return q.add(floorTo(bound, digits), step);
    case "lt":
      return q.sub(ceilTo(bound, digits), step);
    case "eq":
      return q.compare(floorTo(bound, digits), bound) === 0 ? bound : undefined;
  }
}

/** A change in one input, with every other input held fixed, that makes the value meet `needs`. */
function solveForInput(
  planner: ShortfallPlanner,
  state: PartnerState,
  shape: ComparisonShape,
  input: SolvableInput,
  relation: Relation,
  needs: Num,
  rising: boolean,
): Shortfall["inputs"][number] | undefined {
  const current = input.read(state);
  if (!isNum(current)) return undefined;
  const name = input.spec.name;
  if (input.form === "constant") return undefined;
  const form = input.form(state);
  if (form === undefined) return undefined;
  // (a·x + b) / (c·x + d) = needs  ⇔  x·(a − needs·c) = needs·d − b
  const slope = q.sub(form.a, q.mul(needs, form.c));
  const solution = q.div(q.sub(q.mul(needs, form.d), form.b), slope);
  if (solution === undefined) return undefined;
  const kind = input.kind;
  const upwards = q.compare(solution, current) > 0;
  const digits = kind === "money" ? planner.plan.minorUnits : 0;
  let target = solution;
  if (kind !== "number") target = upwards ? ceilTo(solution, digits) : floorTo(solution, digits);
  if (q.compare(target, current) === 0) return undefined;
  if (input.min !== undefined && q.compare(target, input.min) < 0) return undefined;
  if (input.max !== undefined && q.compare(target, input.max) > 0) return undefined;
  // The proof: the partner evaluated again with only this input changed meets the relation.
  const changed = planner.plan.withInput(state, name, target);
  const value = shape.valueOf(changed);
  if (!isNum(value) || !meets(relation, value, needs, rising)) return undefined;
  return { input: name, kind, has: current, needs: target };
}

function meets(relation: Relation, value: Num, needs: Num, rising: boolean): boolean {
  const order = q.compare(value, needs);
  if (relation === "eq") return order === 0;
  // `needs` already is the nearest value meeting the relation (or the bound of a strict one on numbers).
  return rising ? order >= 0 : order <= 0;
}

/** (a·x + b) / (c·x + d) in the input x, with every other value as the partner has it. */
interface LinearForm {
  a: Num;
  b: Num;
  c: Num;
  d: Num;
}

/** A tree's linear form in one input for a partner; undefined where it has none. */
type FormOf = (state: PartnerState) => LinearForm | undefined;

const NO_FORM: FormOf = () => undefined;

/**
 * The tree as a function of one input, when it is built only from + − × ÷
 * (and `otherwise` whose left side is that function and is not missing),
 * with at most one side of each × depending on the input: affine, or a ratio
 * of affine functions. Anything else (min, max, if, tables, scorecards,
 * rounding) that depends on the input is refused. Which nodes depend on the
 * input does not depend on the partner, so the walk is compiled once per
 * comparison and input; "constant" when the tree does not use the input.
 */
function linearForm(planner: ShortfallPlanner, tree: ExprTree, input: string): FormOf | "constant" {
  if (!planner.dependenciesOfTree(tree).has(input)) return "constant";
  // KPIs being compiled, so that a cycle (a broken artifact) is refused rather than endless.
  const open = new Set<string>();
  const compile = (node: ExprTree): FormOf => {
    if (!planner.dependenciesOfTree(node).has(input)) {
      const constant = planner.plan.compiled(node);
      return (state) => {
        const value = constant(state);
        return isNum(value) ? { a: ZERO, b: value, c: ZERO, d: ONE } : undefined;
      };
    }
    switch (node.op) {
      case "ref": {
        if (node.name === input) return () => ({ a: ONE, b: ZERO, c: ZERO, d: ONE });
        const kpi = planner.kpiTree(node.name);
        if (kpi === undefined || open.has(node.name)) return NO_FORM;
        open.add(node.name);
        const form = compile(kpi);
        open.delete(node.name);
        return form;
      }
      case "neg": {
        const arg = compile(node.arg);
        return (state) => {
          const f = arg(state);
          return f && { ...f, a: q.neg(f.a), b: q.neg(f.b) };
        };
      }
      case "add":
      case "sub":
      case "mul":
      case "div": {
        const op = node.op;
        const leftOf = compile(node.args[0]);
        const rightOf = compile(node.args[1]);
        return (state) => {
          const left = leftOf(state);
          const right = left && rightOf(state);
          return right && combine(op, left!, right);
        };
      }
      case "arith": {
        const ops = node.ops;
        const parts = node.args.map(compile);
        return (state) => {
          let f = parts[0]!(state);
          for (let i = 0; f !== undefined && i < ops.length; i++) {
            const next = parts[i + 1]!(state);
            f = next && combine(ops[i]!, f, next);
          }
          return f;
        };
      }
      case "otherwise": {
        // Where the left side is a ratio of affine functions, only a zero denominator makes it
        // missing; the change found is checked by evaluating again, so that case is caught.
        const left = planner.plan.compiled(node.args[0]);
        const form = compile(node.args[0]);
        return (state) => (left(state) === MISSING ? undefined : form(state));
      }
      default:
        return NO_FORM;
    }
  };
  return compile(tree);
}

function isConstantForm(f: LinearForm): boolean {
  return q.isZero(f.a) && q.isZero(f.c);
}

/** The constant value of a form with a = c = 0. */
function constantOf(f: LinearForm): Num | undefined {
  return q.div(f.b, f.d);
}

function combine(op: "add" | "sub" | "mul" | "div", x: LinearForm, y: LinearForm): LinearForm | undefined {
  switch (op) {
    case "add":
    case "sub": {
      const sign = op === "add" ? ONE : q.neg(ONE);
      // Over a common denominator: only when the denominators are proportional (c₁d₂ = c₂d₁).
      if (q.compare(q.mul(x.c, y.d), q.mul(y.c, x.d)) !== 0) return undefined;
      // x = (a₁x+b₁)/D₁, y = (a₂x+b₂)/D₂ with D₂ = k·D₁: sum = (k(a₁x+b₁) ± (a₂x+b₂)) / D₂.
      const k = q.isZero(x.d) ? q.div(y.c, x.c) : q.div(y.d, x.d);
      if (k === undefined) return undefined;
      return {
        a: q.add(q.mul(k, x.a), q.mul(sign, y.a)),
        b: q.add(q.mul(k, x.b), q.mul(sign, y.b)),
        c: y.c,
        d: y.d,
      };
    }
    case "mul": {
      const [k, f] = isConstantForm(x) ? [constantOf(x), y] : isConstantForm(y) ? [constantOf(y), x] : [undefined, x];
      if (k === undefined) return undefined;
      return { a: q.mul(k, f.a), b: q.mul(k, f.b), c: f.c, d: f.d };
    }
    case "div": {
      if (isConstantForm(y)) {
        const k = constantOf(y);
        if (k === undefined || q.isZero(k)) return undefined;
        return { a: x.a, b: x.b, c: q.mul(x.c, k), d: q.mul(x.d, k) };
      }
      // x / y = (a₁x+b₁)(c₂x+d₂) / ((c₁x+d₁)(a₂x+b₂)): a ratio of affine functions when x and y are affine.
      if (!q.isZero(x.c) || !q.isZero(y.c)) {
        if (isConstantForm(x) && q.isZero(y.c) === false) {
          const k = constantOf(x);
          if (k === undefined) return undefined;
          return { a: q.mul(k, y.c), b: q.mul(k, y.d), c: y.a, d: y.b };
        }
        return undefined;
      }
      return { a: q.mul(x.a, y.d), b: q.mul(x.b, y.d), c: q.mul(y.a, x.d), d: q.mul(y.b, x.d) };
    }
  }
}

// ------------------------------------------------------------ output

/** The shortfall as `unmet[].shortfall` writes it (money, whole numbers, JSON numbers; redacted). */
export function shortfallOutput(plan: ProgramPlan, result: RequirementShortfall): ShortfallOutput {
  // Written once per unmet entry of every row: plain loops, no rest or spread of arrays.
  const { parts } = result;
  const first = partOutput(plan, parts[0]!);
  if (parts.length === 1) return first;
  const also: ShortfallOutput[] = [];
  for (let i = 1; i < parts.length; i++) also.push(partOutput(plan, parts[i]!));
  return { ...first, also };
}

function partOutput(plan: ProgramPlan, part: Shortfall): ShortfallOutput {
  const inputs: InputChange[] = [];
  for (const input of part.inputs) {
    inputs.push({
      input: input.input,
      has: writeNumber(input.has, input.kind, plan),
      needs: writeNumber(input.needs, input.kind, plan),
      change: writeNumber(q.sub(input.needs, input.has), input.kind, plan),
    });
  }
  return {
    value: part.value,
    has: part.hasRedacted ? REDACTED : writeNumber(part.has, part.kind, plan),
    needs: part.needsRedacted ? REDACTED : writeNumber(part.needs, part.kind, plan),
    short: part.shortRedacted ? REDACTED : writeNumber(part.short, part.kind, plan),
    inputs,
  };
}

function writeNumber(value: Num, kind: ValueKind, plan: ProgramPlan): ShortfallNumber {
  if (kind === "money") return q.formatFixed(value, plan.minorUnits, plan.rounding);
  return writtenNumber(value);
}

/** The unmet entry's `shortfall`, or undefined when none applies (what `ppl run` writes). */
export function unmetShortfall(plan: ProgramPlan, state: PartnerState, tree: ExprTree): ShortfallOutput | undefined {
  const result = requirementShortfall(plan, state, tree);
  return result === undefined ? undefined : shortfallOutput(plan, result);
}

const RELATION_WORDS: Record<Relation, string> = {
  ge: "needs",
  gt: "needs more than",
  le: "must be at most",
  lt: "must be less than",
  eq: "must be exactly",
};

/** In words: "revenue 940,000.00 needs 1,000,000.00: 60,000.00 short (or revenue +60,000.00)". */
export function shortfallWords(plan: ProgramPlan, result: RequirementShortfall): string[] {
  return result.parts.map((part, index) => {
    const out = partOutput(plan, part);
    const show = (value: ShortfallNumber) => grouped(String(value));
    // On money and whole numbers `needs` already is the nearest value past a strict bound.
    const discrete = part.kind !== "number";
    const relation =
      RELATION_WORDS[
        discrete && part.relation === "gt" ? "ge" : discrete && part.relation === "lt" ? "le" : part.relation
      ];
    const direction =
      part.relation === "eq" ? "off" : part.relation === "ge" || part.relation === "gt" ? "short" : "over";
    let text = `${out.value} is ${show(out.has)}, ${relation} ${show(out.needs)}: ${show(out.short)} ${direction}`;
    if (out.inputs.length > 0) {
      const changes = out.inputs.map((input) => {
        const change = String(input.change);
        const signed = change.startsWith("-") ? change : `+${change}`;
        return `${input.input} ${grouped(signed)} (from ${show(input.has)} to ${show(input.needs)})`;
      });
      text += `; closed by changing ${changes.length > 1 ? "one of " : ""}${changes.join(" or ")}`;
    }
    return index === 0 ? text : `and ${text}`;
  });
}

/** Thousands separators for words only (JSON keeps plain decimals). */
function grouped(text: string): string {
  const match = /^([+-]?)(\d+)(\.\d+)?$/.exec(text);
  if (match === null) return text;
  return `${match[1]}${match[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${match[3] ?? ""}`;
}

// ------------------------------------------------------------ helpers on trees and numbers

function visitRefs(tree: ExprTree, visit: (name: string) => void): void {
  const pending: ExprTree[] = [tree];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.op === "ref") visit(node.name);
    else if (node.op === "list") pending.push(...node.items);
    else if ("arg" in node) pending.push(node.arg);
    else if ("args" in node) pending.push(...node.args);
  }
}

function usesEvaluation(tree: ExprTree): boolean {
  const pending: ExprTree[] = [tree];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.op === "tier" || node.op === "subtiers" || node.op === "total") return true;
    if (node.op === "list") pending.push(...node.items);
    else if ("arg" in node) pending.push(node.arg);
    else if ("args" in node) pending.push(...node.args);
  }
  return false;
}

function disjoint(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const name of a) if (b.has(name)) return false;
  return true;
}

const OPERATOR_TEXT: Record<string, string> = { add: "+", sub: "-", mul: "*", div: "/" };

/** The compared value's name: the name itself, or the arithmetic written out. */
function valueText(tree: ExprTree): string {
  const text = (node: ExprTree, nested: boolean): string => {
    switch (node.op) {
      case "ref":
        return node.name;
      case "num":
        return q.toNearestNumber(constantNum(node.value)).toString();
      case "total":
        return "total";
      case "neg":
        return `-${text(node.arg, true)}`;
      case "add":
      case "sub":
      case "mul":
      case "div": {
        const inner = `${text(node.args[0], true)} ${OPERATOR_TEXT[node.op]} ${text(node.args[1], true)}`;
        return nested ? `(${inner})` : inner;
      }
      case "arith": {
        const inner = node.ops.reduce(
          (acc, op, i) => `${acc} ${OPERATOR_TEXT[op]} ${text(node.args[i + 1]!, true)}`,
          text(node.args[0]!, true),
        );
        return nested ? `(${inner})` : inner;
      }
      case "call":
        return `${node.fn}(${node.args.map((arg) => text(arg, false)).join(", ")})`;
      default:
        return "the value";
    }
  };
  return text(tree, false);
}

// 10^-digits for the digits money and whole numbers use, made once.
const STEPS = Array.from({ length: 16 }, (_, digits) => q.div(ONE, q.fromInteger(10 ** digits))!);

function stepOf(digits: number): Num {
  return STEPS[digits] ?? q.div(ONE, q.fromInteger(10 ** digits))!;
}

/** The smallest multiple of 10^-digits at or above x. */
function ceilTo(x: Num, digits: number): Num {
  const rounded = q.round(x, digits, "half_up");
  return q.compare(rounded, x) < 0 ? q.add(rounded, stepOf(digits)) : rounded;
}

/** The largest multiple of 10^-digits at or below x. */
function floorTo(x: Num, digits: number): Num {
  const rounded = q.round(x, digits, "half_up");
  return q.compare(rounded, x) > 0 ? q.sub(rounded, stepOf(digits)) : rounded;
}

function abs(x: Num): Num {
  return q.sign(x) < 0 ? q.neg(x) : x;
}

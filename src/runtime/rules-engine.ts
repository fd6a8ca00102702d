// The json-rules-engine back end: the artifact's rules run on a real Engine,
// with the "ppl:" operators and facts registered here. Tiers, subtiers and
// incentive eligibility are settled by the rules (and their priorities);
// derived values are facts computed by the one evaluator (src/runtime/evaluator),
// and every decision of the rules is checked against the evaluator's, so
// both give the same evaluation and write the same bytes.
import { inspect } from "node:util";
import { Engine, type Almanac, type Event, type RuleProperties, type RuleResult } from "json-rules-engine";
import type { Artifact } from "../compile/artifact.js";
import type { ExprTree, TierSpec } from "../compile/artifact-types.js";
import { namesUsed } from "../compile/expression-tree.js";
import {
  ALWAYS_FACT,
  EXPR_FACT,
  OPERATORS,
  PARTNER_FACT,
  SUBTIERS_FACT,
  TIER_FACT,
  TIER_RANK_FACT,
  TOTAL_FACT,
  valueFact,
  type ValueKind,
} from "../compile/fact-names.js";
import { incentiveRuleName, requirementConditionName, subtierRuleName, tierRuleName } from "../compile/rules.js";
import { parseJsonNumberText } from "../number/exact-text.js";
import { Evaluation, outputValue } from "./evaluator/evaluation.js";
import { constantNum, type Compiled } from "./evaluator/expression.js";
import { programPlanOf } from "./evaluator/index.js";
import { PartnerState, type ProgramPlan } from "./evaluator/program.js";
import * as q from "../number/rational.js";
import type { Num } from "../number/rational.js";
import { compareValues, isNum, valuesEqual, type Comparison } from "./evaluator/values.js";
import type { PartnerEvaluation } from "./partner.js";
import { REDACTED } from "./result-types.js";
import { MISSING, showValue, tierValue, type Value } from "./values.js";

/** What the engine's almanac offers beyond its typings (json-rules-engine 7 documents both). */
interface AlmanacRecords {
  getEvents(outcome: "success" | "failure"): Event[];
  getResults(): RuleResult[];
}

/**
 * A value as it travels through json-rules-engine: JSON.stringify gives what
 * `ppl run` would write (no BigInt reaches it), and a confidential value
 * prints as "[redacted]" in logs (DEBUG=json-rules-engine) and results.
 */
export class EngineValue {
  constructor(
    readonly value: Value,
    readonly confidential: boolean,
  ) {}

  toJSON(): unknown {
    return this.confidential ? REDACTED : outputValue(this.value);
  }

  toString(): string {
    return this.confidential ? REDACTED : showValue(this.value);
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** A fact value as PPL sees it; facts from outside PPL are taken as plain JSON-like data. */
function unwrap(fact: unknown): Value {
  if (fact instanceof EngineValue) return fact.value;
  if (fact === undefined || fact === null) return MISSING;
  if (typeof fact === "string" || typeof fact === "boolean") return fact;
  // The shortest round-trip text of a JS number is what its writer most likely meant.
  if (typeof fact === "number") {
    return parseJsonNumberText(String(fact)) ?? MISSING;
  }
  if (Array.isArray(fact)) return fact.map(unwrap);
  if (q.isNum(fact)) return fact;
  return MISSING;
}

/** A condition's literal, read as the kind of value it is compared with (the compiler made the kinds agree). */
function literalLike(json: unknown, like: Value): Value | undefined {
  if (typeof json === "boolean") return json;
  if (typeof json !== "string") return undefined;
  if (!isNum(like)) return json;
  let value = literals.get(json);
  if (value === undefined) {
    try {
      value = constantNum(json);
    } catch {
      return undefined;
    }
    if (literals.size >= LITERAL_CACHE_LIMIT) literals.clear();
    literals.set(json, value);
  }
  return value;
}

// Condition literals repeat for every partner; parse each once.
const literals = new Map<string, Num>();
const LITERAL_CACHE_LIMIT = 10_000;

function listMember(list: Value, json: unknown): boolean {
  if (!Array.isArray(list)) return false;
  const items = list as readonly Value[];
  const item = literalLike(json, items[0] ?? "");
  return item !== undefined && items.some((member) => valuesEqual(member, item));
}

function inLiteralList(value: Value, json: unknown): boolean {
  if (!Array.isArray(json)) return false;
  return json.some((item) => {
    const literal = literalLike(item, value);
    return literal !== undefined && valuesEqual(value, literal);
  });
}

function comparison(op: Comparison) {
  return (fact: unknown, json: unknown): boolean => {
    const value = unwrap(fact);
    if (value === MISSING) return false;
    const literal = literalLike(json, value);
    return literal !== undefined && compareValues(op, value, literal);
  };
}

/**
 * The "ppl:" operators. Every one is false when its fact is missing (PPL's
 * rule; json-rules-engine's notEqual, notIn and `not` decorator say true),
 * and compares exactly (json-rules-engine's own use JavaScript numbers).
 */
const OPERATOR_DEFINITIONS: readonly [string, (fact: unknown, json: unknown) => boolean][] = [
  [OPERATORS.eq, comparison("eq")],
  [OPERATORS.ne, comparison("ne")],
  [OPERATORS.lt, comparison("lt")],
  [OPERATORS.le, comparison("le")],
  [OPERATORS.gt, comparison("gt")],
  [OPERATORS.ge, comparison("ge")],
  [
    OPERATORS.in,
    (fact, json) => {
      const value = unwrap(fact);
      return value !== MISSING && inLiteralList(value, json);
    },
  ],
  [
    OPERATORS.notIn,
    (fact, json) => {
      const value = unwrap(fact);
      return value !== MISSING && Array.isArray(json) && !inLiteralList(value, json);
    },
  ],
  [OPERATORS.contains, (fact, json) => listMember(unwrap(fact), json)],
  [
    OPERATORS.notContains,
    (fact, json) => {
      const list = unwrap(fact);
      return Array.isArray(list) && !listMember(list, json);
    },
  ],
  [
    OPERATORS.between,
    (fact, json) => {
      const value = unwrap(fact);
      if (value === MISSING || !Array.isArray(json) || json.length !== 2) return false;
      const low = literalLike(json[0], value);
      const high = literalLike(json[1], value);
      return (
        low !== undefined && high !== undefined && compareValues("ge", value, low) && compareValues("le", value, high)
      );
    },
  ],
  [OPERATORS.isMissing, (fact) => unwrap(fact) === MISSING],
  [OPERATORS.isNotMissing, (fact) => unwrap(fact) !== MISSING],
  [OPERATORS.true, (fact) => unwrap(fact) === true],
];

/** What one artifact's runs share: the compiled program plus its rules by name. */
class ArtifactIndex {
  readonly plan: ProgramPlan;
  readonly tierRuleNames: Set<string>;
  readonly subtierRuleNames: Set<string>;
  // The engine clones rule conditions on every run, so their trees are known by their text.
  private readonly expressions = new Map<string, { compiled: Compiled<PartnerState>; confidential: boolean }>();

  constructor(readonly artifact: Artifact) {
    this.plan = programPlanOf(artifact);
    this.tierRuleNames = new Set(artifact.tiers.map((tier) => tierRuleName(tier.name)));
    this.subtierRuleNames = new Set(artifact.subtiers.map((subtier) => subtierRuleName(subtier.name)));
  }

  get confidential(): Set<string> {
    return this.plan.confidential;
  }

  expression(tree: ExprTree): { compiled: Compiled<PartnerState>; confidential: boolean } {
    const key = JSON.stringify(tree);
    let known = this.expressions.get(key);
    if (known === undefined) {
      known = {
        compiled: this.plan.compiled(tree),
        confidential: namesUsed(tree).some((name) => this.confidential.has(name)),
      };
      this.expressions.set(key, known);
    }
    return known;
  }
}

const indexes = new WeakMap<Artifact, ArtifactIndex>();

function indexOf(artifact: Artifact): ArtifactIndex {
  let index = indexes.get(artifact);
  if (index === undefined) {
    index = new ArtifactIndex(artifact);
    indexes.set(artifact, index);
  }
  return index;
}

/**
 * One partner's evaluation inside one engine run (the "ppl:partner" fact):
 * the evaluator's state for the partner, and the tier and subtiers as read
 * from the events of the rules that settled them.
 */
export class PartnerRun {
  readonly state: PartnerState;
  private almanac: (Almanac & AlmanacRecords) | undefined;
  private settledTier: { tier: TierSpec | undefined } | undefined;
  private settledSubtiers: string[] | undefined;

  constructor(
    readonly artifactIndex: ArtifactIndex,
    record: Readonly<Record<string, Value>>,
  ) {
    this.state = new PartnerState(record, artifactIndex.plan);
  }

  attach(almanac: Almanac): void {
    this.almanac ??= almanac as Almanac & AlmanacRecords;
  }

  // The record holds confidential values: never print it.
  toJSON(): string {
    return "[ppl partner]";
  }

  toString(): string {
    return "[ppl partner]";
  }

  [inspect.custom](): string {
    return this.toString();
  }

  /** An input's or derived value's value, computed by the evaluator. */
  value(name: string): Value {
    const plan = this.artifactIndex.plan;
    const slot = plan.slots.get(name);
    if (slot === undefined) throw new Error(`the artifact refers to an undeclared name "${name}"`);
    return plan.valueOf(this.state, slot);
  }

  /** The same, as a Scope reads it. */
  ref(name: string): Value {
    return this.value(name);
  }

  total(): Value {
    return this.artifactIndex.plan.totalOf(this.state);
  }

  private records(what: string, ruleNames: ReadonlySet<string>): AlmanacRecords {
    const almanac = this.almanac;
    const settled = almanac?.getResults().filter((result) => ruleNames.has(result.name)).length;
    if (almanac === undefined || settled !== ruleNames.size) {
      throw new Error(`${what} was read before its rules ran: give rules that read it a priority below theirs`);
    }
    return almanac;
  }

  /** The tier the tier rules settled. */
  tierSpec(): TierSpec | undefined {
    if (this.settledTier === undefined) {
      const events = this.records("the partner's tier", this.artifactIndex.tierRuleNames).getEvents("success");
      const ranks = events.filter((event) => event.type === "tier").map((event) => Number(event.params?.rank));
      const rank = Math.max(0, ...ranks);
      this.settledTier = { tier: this.artifactIndex.artifact.tiers.find((tier) => tier.rank === rank) };
    }
    return this.settledTier.tier;
  }

  tier(): Value {
    const tier = this.tierSpec();
    return tier === undefined ? MISSING : tierValue(tier.name, tier.rank);
  }

  /** The subtiers the subtier rules settled, in declaration order. */
  subtiers(): string[] {
    if (this.settledSubtiers === undefined) {
      const events = this.records("the partner's subtiers", this.artifactIndex.subtierRuleNames).getEvents("success");
      const reached = new Set(
        events.filter((event) => event.type === "subtier").map((event) => String(event.params?.name)),
      );
      this.settledSubtiers = this.artifactIndex.artifact.subtiers
        .map((subtier) => subtier.name)
        .filter((name) => reached.has(name));
    }
    return this.settledSubtiers;
  }
}

async function partnerRunOf(almanac: Almanac): Promise<PartnerRun> {
  const run = await almanac.factValue<unknown>(PARTNER_FACT);
  if (!(run instanceof PartnerRun)) {
    throw new Error(
      `run the engine with the facts of partnerFacts(artifact, record): "${PARTNER_FACT}" is not a PPL partner`,
    );
  }
  run.attach(almanac);
  return run;
}

/** A dynamic fact over the partner run; its value is wrapped, confidential where PPL says so. */
function partnerFact(compute: (run: PartnerRun, params: Record<string, unknown>) => EngineValue) {
  return async (params: Record<string, unknown>, almanac: Almanac): Promise<EngineValue> =>
    compute(await partnerRunOf(almanac), params);
}

/** The "ppl:" operators on an engine (see src/compile/fact-names.ts). */
export function addPplOperators(engine: Engine): void {
  for (const [name, evaluateOperator] of OPERATOR_DEFINITIONS) engine.addOperator(name, evaluateOperator);
}

/**
 * Registers one artifact on an engine: the "ppl:" operators, a fact for every
 * input, derived value, `tier`, `subtiers` and `total`, and the artifact's
 * rules. Run it with `engine.run(partnerFacts(artifact, record))`, one run at
 * a time; rules of your own that read PPL facts need a priority below 10.
 */
export function registerArtifact(engine: Engine, artifact: Artifact): void {
  addPplOperators(engine);
  const index = indexOf(artifact);
  const valueFacts: [ValueKind, string][] = [
    ...artifact.inputs.map((spec): [ValueKind, string] => ["input", spec.name]),
    ...artifact.kpis.map((spec): [ValueKind, string] => ["kpi", spec.name]),
    ...artifact.scorecards.map((spec): [ValueKind, string] => ["scorecard", spec.name]),
    ...artifact.tables.map((spec): [ValueKind, string] => ["table", spec.name]),
    ...artifact.incentives.map((spec): [ValueKind, string] => ["incentive", spec.name]),
  ];
  for (const [kind, name] of valueFacts) {
    const confidential = index.confidential.has(name);
    engine.addFact(
      valueFact(kind, name),
      partnerFact((run) => new EngineValue(run.value(name), confidential)),
    );
  }
  engine.addFact(
    TIER_FACT,
    partnerFact((run) => new EngineValue(run.tier(), false)),
  );
  engine.addFact(
    TIER_RANK_FACT,
    partnerFact((run) => {
      const tier = run.tierSpec();
      return new EngineValue(tier === undefined ? MISSING : q.fromInteger(tier.rank), false);
    }),
  );
  engine.addFact(
    SUBTIERS_FACT,
    partnerFact((run) => new EngineValue(run.subtiers(), false)),
  );
  engine.addFact(
    TOTAL_FACT,
    partnerFact((run) => new EngineValue(run.total(), false)),
  );
  engine.addFact(
    EXPR_FACT,
    partnerFact((run, params) => {
      const { compiled, confidential } = index.expression(params.expr as ExprTree);
      return new EngineValue(compiled(run.state), confidential);
    }),
  );
  engine.addFact(
    ALWAYS_FACT,
    partnerFact(() => new EngineValue(true, false)),
  );
  for (const rule of artifact.rules) engine.addRule(rule as unknown as RuleProperties);
}

/** The runtime facts of one engine run for one partner (a typed record, as evaluatePartner takes). */
export function partnerFacts(artifact: Artifact, record: Readonly<Record<string, Value>>): Record<string, PartnerRun> {
  return { [PARTNER_FACT]: new PartnerRun(indexOf(artifact), record) };
}

type ConditionNode = {
  name?: string;
  result?: boolean;
  all?: ConditionNode[];
  any?: ConditionNode[];
  not?: ConditionNode;
};

/** The outcome of every named condition the engine evaluated in a rule (short-circuited ones have none). */
function conditionOutcomes(result: RuleResult): Map<string, boolean> {
  const outcomes = new Map<string, boolean>();
  const visit = (node: ConditionNode | undefined): void => {
    if (node === undefined) return;
    if (node.name !== undefined && node.result !== undefined) outcomes.set(node.name, node.result);
    node.all?.forEach(visit);
    node.any?.forEach(visit);
    visit(node.not);
  };
  visit(result.conditions as ConditionNode | undefined);
  return outcomes;
}

/**
 * Reads a finished engine run. The tier, subtiers, requirement outcomes and
 * incentive eligibility the rules decided must be the evaluator's (else the
 * run is an internal error); the evaluation is then the evaluator's, which
 * every back end writes the same way.
 */
export function readEvaluation(
  artifact: Artifact,
  facts: Record<string, PartnerRun>,
  outcome: { almanac: Almanac; results: RuleResult[]; failureResults: RuleResult[] },
): PartnerEvaluation {
  const run = facts[PARTNER_FACT];
  if (run === undefined) throw new Error("readEvaluation needs the facts the engine ran with");
  if (run.artifactIndex.artifact !== artifact) throw new Error("readEvaluation needs the artifact the facts are for");
  run.attach(outcome.almanac);
  const ruleResults = new Map([...outcome.results, ...outcome.failureResults].map((result) => [result.name, result]));
  const ruleResult = (name: string): RuleResult => {
    const result = ruleResults.get(name);
    if (result === undefined) throw new Error(`the engine did not run the rule "${name}"`);
    return result;
  };
  const agree = (what: string, rules: unknown, evaluator: unknown): void => {
    if (JSON.stringify(rules) !== JSON.stringify(evaluator)) {
      throw new Error(`the rules and the evaluator disagree on ${what}`);
    }
  };
  const requirementsAgree = (ruleName: string, holds: readonly boolean[]): void => {
    const outcomes = conditionOutcomes(ruleResult(ruleName));
    holds.forEach((held, index) => {
      const name = requirementConditionName(ruleName, index + 1);
      const decided = outcomes.get(name);
      if (decided !== undefined) agree(`"${name}"`, decided, held);
    });
  };

  const evaluation = new Evaluation(run.artifactIndex.plan, run.state);
  for (const result of evaluation.tierResults) {
    const name = tierRuleName(result.tier.name);
    agree(`rule "${name}"`, ruleResult(name).result, result.holds);
    requirementsAgree(
      name,
      result.requirements.map((requirement) => requirement.holds),
    );
  }
  agree("the tier", run.tierSpec()?.name, evaluation.tier?.name);
  for (const result of evaluation.subtierResults) {
    const name = subtierRuleName(result.subtier.name);
    agree(`rule "${name}"`, ruleResult(name).result, result.reached);
    const eligible = conditionOutcomes(ruleResult(name)).get(`${name}/parent`);
    if (eligible !== undefined) agree(`"${name}/parent"`, eligible, result.eligible);
    requirementsAgree(
      name,
      result.requirements.map((requirement) => requirement.holds),
    );
  }
  agree("the subtiers", run.subtiers(), evaluation.subtiers);
  for (const result of evaluation.incentives.values()) {
    const name = incentiveRuleName(result.name);
    agree(`rule "${name}"`, ruleResult(name).result, result.outcome !== "not_eligible");
  }
  return evaluation;
}

export interface RulesEngineEvaluator {
  /** Evaluates one typed record; calls are queued, so runs on the engine never overlap. */
  evaluate(record: Readonly<Record<string, Value>>): Promise<PartnerEvaluation>;
}

/** An evaluator that runs the artifact's rules on its own json-rules-engine Engine. */
export function createRulesEngineEvaluator(artifact: Artifact): RulesEngineEvaluator {
  const newEngine = (): Engine => {
    const engine = new Engine();
    registerArtifact(engine, artifact);
    return engine;
  };
  let engine = newEngine();
  let queue: Promise<unknown> = Promise.resolve();

  const runOnce = async (record: Readonly<Record<string, Value>>): Promise<PartnerEvaluation> => {
    const facts = partnerFacts(artifact, record);
    try {
      const outcome = await engine.run(facts);
      return readEvaluation(artifact, facts, outcome);
    } catch (error) {
      // A rejected run may still be finishing lower priorities in the background; never reuse its engine.
      engine = newEngine();
      throw error;
    }
  };

  return {
    evaluate(record) {
      const next = queue.then(() => runOnce(record));
      queue = next.catch(() => undefined);
      return next;
    },
  };
}

// The json-rules-engine back end: the artifact's rules run on a real Engine,
// with the "ppl:" operators and facts registered here. Tiers, subtiers and
// incentive eligibility are settled by the rules (and their priorities);
// derived values are facts that evaluate expression trees exactly. The
// result has the shape evaluatePartner returns, so both back ends write the
// same bytes.
import { inspect } from "node:util";
import { Engine, type Almanac, type Event, type RuleProperties, type RuleResult } from "json-rules-engine";
import type { Artifact } from "../compile/artifact.js";
import type { ExprTree, TierSpec } from "../compile/artifact-types.js";
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
import { compareValues, evaluate, referencedNames, valuesEqual } from "./evaluate.js";
import * as exact from "./exact.js";
import type { Exact } from "./exact.js";
import {
  DerivedValues,
  inDeclarationOrder,
  outputValue,
  programIndex,
  unmetRequirements,
  type ProgramIndex,
  type PartnerEvaluation,
  type RequirementResult,
  type SubtierResult,
  type TierResult,
} from "./partner.js";
import { REDACTED } from "./result-types.js";
import { MISSING, asBoolean, isExact, isList, isMissing, showValue, tierValue, type Value } from "./values.js";

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
  if (typeof fact === "number") return exact.parseJsonNumberText(String(fact)) ?? MISSING;
  if (Array.isArray(fact)) return fact.map(unwrap);
  if (typeof fact === "object" && isExact(fact as Value)) return fact as Exact;
  return MISSING;
}

/** A condition's literal, read as the kind of value it is compared with (the compiler made the kinds agree). */
function literalLike(json: unknown, like: Value): Value | undefined {
  if (typeof json === "boolean") return json;
  if (typeof json !== "string") return undefined;
  if (!isExact(like)) return json;
  try {
    return exact.exactConstant(json);
  } catch {
    return undefined;
  }
}

function listMember(list: Value, json: unknown): boolean {
  if (!isList(list)) return false;
  const item = literalLike(json, list[0] ?? "");
  return item !== undefined && list.some((member) => valuesEqual(member, item));
}

function inLiteralList(value: Value, json: unknown): boolean {
  if (!Array.isArray(json)) return false;
  return json.some((item) => {
    const literal = literalLike(item, value);
    return literal !== undefined && valuesEqual(value, literal);
  });
}

type Comparison = "eq" | "ne" | "lt" | "le" | "gt" | "ge";

function comparison(op: Comparison) {
  return (fact: unknown, json: unknown): boolean => {
    const value = unwrap(fact);
    if (isMissing(value)) return false;
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
      return !isMissing(value) && inLiteralList(value, json);
    },
  ],
  [
    OPERATORS.notIn,
    (fact, json) => {
      const value = unwrap(fact);
      return !isMissing(value) && Array.isArray(json) && !inLiteralList(value, json);
    },
  ],
  [OPERATORS.contains, (fact, json) => listMember(unwrap(fact), json)],
  [
    OPERATORS.notContains,
    (fact, json) => {
      const list = unwrap(fact);
      return isList(list) && !listMember(list, json);
    },
  ],
  [
    OPERATORS.between,
    (fact, json) => {
      const value = unwrap(fact);
      if (isMissing(value) || !Array.isArray(json) || json.length !== 2) return false;
      const low = literalLike(json[0], value);
      const high = literalLike(json[1], value);
      return low !== undefined && high !== undefined && compareValues("ge", value, low) && compareValues("le", value, high);
    },
  ],
  [OPERATORS.isMissing, (fact) => isMissing(unwrap(fact))],
  [OPERATORS.isNotMissing, (fact) => !isMissing(unwrap(fact))],
  [OPERATORS.true, (fact) => asBoolean(unwrap(fact))],
];

/** What one artifact's runs share: the program index plus its rules by name. */
class ArtifactIndex {
  readonly program: ProgramIndex;
  readonly tierRuleNames: Set<string>;
  readonly subtierRuleNames: Set<string>;

  constructor(readonly artifact: Artifact) {
    this.program = programIndex(artifact);
    this.tierRuleNames = new Set(artifact.tiers.map((tier) => tierRuleName(tier.name)));
    this.subtierRuleNames = new Set(artifact.subtiers.map((subtier) => subtierRuleName(subtier.name)));
  }

  get confidential(): Set<string> {
    return this.program.confidential;
  }

  usesConfidential(tree: ExprTree): boolean {
    return referencedNames(tree).some((name) => this.confidential.has(name));
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
 * memoizes derived values and reads the tier and subtiers from the events of
 * the rules that settled them.
 */
export class PartnerRun extends DerivedValues {
  private almanac: (Almanac & AlmanacRecords) | undefined;
  private settledTier: { tier: TierSpec | undefined } | undefined;
  private settledSubtiers: string[] | undefined;

  constructor(
    readonly artifactIndex: ArtifactIndex,
    record: Readonly<Record<string, Value>>,
  ) {
    super(artifactIndex.artifact, artifactIndex.program, record);
  }

  attach(almanac: Almanac): void {
    this.almanac ??= almanac as Almanac & AlmanacRecords;
  }

  // The record holds confidential values: never print it.
  toJSON(): string {
    return "[ppl partner]";
  }

  override toString(): string {
    return "[ppl partner]";
  }

  [inspect.custom](): string {
    return this.toString();
  }

  private records(what: string, ruleNames: ReadonlySet<string>): AlmanacRecords {
    const almanac = this.almanac;
    const settled = almanac?.getResults().filter((result) => ruleNames.has(result.name)).length;
    if (almanac === undefined || settled !== ruleNames.size) {
      throw new Error(`${what} was read before its rules ran: give rules that read it a priority below theirs`);
    }
    return almanac;
  }

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

  subtiers(): Value {
    if (this.settledSubtiers === undefined) {
      const events = this.records("the partner's subtiers", this.artifactIndex.subtierRuleNames).getEvents("success");
      const reached = new Set(events.filter((event) => event.type === "subtier").map((event) => String(event.params?.name)));
      this.settledSubtiers = this.artifactIndex.artifact.subtiers.map((subtier) => subtier.name).filter((name) => reached.has(name));
    }
    return this.settledSubtiers;
  }

  total(): Value {
    let sum = exact.ZERO;
    for (const incentive of this.artifactIndex.artifact.incentives) {
      const paid = this.ref(incentive.name);
      if (isExact(paid)) sum = exact.add(sum, paid);
    }
    return sum;
  }
}

async function partnerRunOf(almanac: Almanac): Promise<PartnerRun> {
  const run = await almanac.factValue<unknown>(PARTNER_FACT);
  if (!(run instanceof PartnerRun)) {
    throw new Error(`run the engine with the facts of partnerFacts(artifact, record): "${PARTNER_FACT}" is not a PPL partner`);
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
    engine.addFact(valueFact(kind, name), partnerFact((run) => new EngineValue(run.ref(name), confidential)));
  }
  engine.addFact(TIER_FACT, partnerFact((run) => new EngineValue(run.tier(), false)));
  engine.addFact(
    TIER_RANK_FACT,
    partnerFact((run) => {
      const tier = run.tierSpec();
      return new EngineValue(tier === undefined ? MISSING : exact.fromInteger(tier.rank), false);
    }),
  );
  engine.addFact(SUBTIERS_FACT, partnerFact((run) => new EngineValue(run.subtiers(), false)));
  engine.addFact(TOTAL_FACT, partnerFact((run) => new EngineValue(run.total(), false)));
  engine.addFact(
    EXPR_FACT,
    partnerFact((run, params) => {
      const tree = params.expr as ExprTree;
      return new EngineValue(evaluate(tree, run), index.usesConfidential(tree));
    }),
  );
  engine.addFact(ALWAYS_FACT, partnerFact(() => new EngineValue(true, false)));
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

/** Every named condition's outcome in a rule result (a condition short-circuited away counts as failed). */
function conditionOutcomes(result: RuleResult | undefined): Map<string, boolean> {
  const outcomes = new Map<string, boolean>();
  const visit = (node: ConditionNode | undefined): void => {
    if (node === undefined) return;
    if (node.name !== undefined) outcomes.set(node.name, node.result === true);
    node.all?.forEach(visit);
    node.any?.forEach(visit);
    visit(node.not);
  };
  visit(result?.conditions as ConditionNode | undefined);
  return outcomes;
}

/**
 * Reads a finished engine run into the evaluation evaluatePartner gives:
 * tier, subtiers and incentive eligibility from the rules' results; values
 * from the partner run.
 */
export function readEvaluation(
  artifact: Artifact,
  facts: Record<string, PartnerRun>,
  outcome: { almanac: Almanac; results: RuleResult[]; failureResults: RuleResult[] },
): PartnerEvaluation {
  const run = facts[PARTNER_FACT];
  if (run === undefined) throw new Error("readEvaluation needs the facts the engine ran with");
  run.attach(outcome.almanac);
  const ruleResults = new Map([...outcome.results, ...outcome.failureResults].map((result) => [result.name, result]));
  const ruleHolds = (name: string): boolean => {
    const result = ruleResults.get(name);
    if (result === undefined) throw new Error(`the engine did not run the rule "${name}"`);
    return result.result === true;
  };
  const requirementResults = (ruleName: string, requirements: TierSpec["requirements"]): RequirementResult[] => {
    const outcomes = conditionOutcomes(ruleResults.get(ruleName));
    return requirements.map((requirement, index) => ({
      requirement,
      holds: outcomes.get(requirementConditionName(ruleName, index + 1)) === true,
      values: new Map(requirement.names.map((name) => [name, run.ref(name)])),
    }));
  };

  const tierResults = artifact.tiers.map((tier): TierResult => {
    const name = tierRuleName(tier.name);
    return { tier, requirements: requirementResults(name, tier.requirements), holds: ruleHolds(name) };
  });
  const tier = run.tierSpec();
  const subtierResults = artifact.subtiers.map((subtier): SubtierResult => {
    const name = subtierRuleName(subtier.name);
    const requirements = requirementResults(name, subtier.requirements);
    const eligible = conditionOutcomes(ruleResults.get(name)).get(`${name}/parent`) === true;
    const reached = ruleHolds(name);
    return { subtier, eligible, requirements, holds: requirements.every((result) => result.holds), reached };
  });
  const reached = subtierResults.filter((result) => result.reached);
  const benefits = [...new Set([...(tier?.benefits ?? []), ...reached.flatMap((result) => result.subtier.benefits)])];

  for (const spec of artifact.kpis) run.ref(spec.name);
  for (const spec of artifact.scorecards) run.ref(spec.name);
  for (const spec of artifact.tables) run.ref(spec.name);
  for (const spec of artifact.incentives) {
    const eligible = ruleHolds(incentiveRuleName(spec.name));
    const known = run.incentives.get(spec.name);
    if (known === undefined) {
      run.pay(spec, { op: "bool", value: eligible });
    } else if ((known.outcome !== "not_eligible") !== eligible) {
      throw new Error(`incentive "${spec.name}": its rule and its \`when\` expression disagree`);
    }
  }
  const total = run.total() as Exact;

  return {
    tier,
    tierResults,
    subtiers: reached.map((result) => result.subtier.name),
    subtierResults,
    benefits,
    kpis: new Map(artifact.kpis.map((spec) => [spec.name, run.kpis.get(spec.name) ?? MISSING])),
    scorecards: inDeclarationOrder(artifact.scorecards, run.scorecards),
    tables: inDeclarationOrder(artifact.tables, run.tables),
    incentives: inDeclarationOrder(artifact.incentives, run.incentives),
    total,
    unmet: unmetRequirements(tier, tierResults, subtierResults),
    scope: run,
    evaluate: (tree) => evaluate(tree, run),
    isConfidential: (name) => run.artifactIndex.confidential.has(name),
  };
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


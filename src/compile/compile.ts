// AST → artifact (spec section 6). Runs only on programs the checker passed,
// so a name that does not resolve here is an internal error, not a diagnostic.
import { createHash } from "node:crypto";
import type {
  Expr,
  GivenField,
  IncentiveDecl,
  InputDecl,
  KpiDecl,
  Program,
  Requirement,
  ScorecardDecl,
  SubtierDecl,
  TableDecl,
  TableRow,
  TestDecl,
  TierDecl,
} from "../ast/nodes.js";
import { minorUnits } from "../check/currencies.js";
import { dependencyOrder } from "../check/dependency-order.js";
import { functionSpec } from "../functions/catalogue.js";
import { printExpression } from "../syntax/print-expression.js";
import { ARTIFACT_FORMAT, type Artifact } from "./artifact.js";
import { artifactDigest } from "./artifact-integrity.js";
import { validateArtifact } from "./artifact-schema.js";
import type {
  ExprTree,
  IncentiveSpec,
  InputSpec,
  KpiSpec,
  ProgramInfo,
  ScorecardSpec,
  SubtierSpec,
  TableRowSpec,
  TableSpec,
  TestSpec,
  TierSpec,
  ValueType,
} from "./artifact-types.js";
import { namesUsed, nameTableOf, normalizedExact, toExprTree, type NameTable } from "./expression-tree.js";
import type { ValueKind } from "./fact-names.js";
import { inputSchema, exactStringToDecimalText } from "./input-schema.js";
import { compileRules, sourceLocation, type RequirementSource, type RuleSources } from "./rules.js";

const DEFAULT_CURRENCY = "USD";
const DEFAULT_ROUNDING = "half_up";

type ValueDecl = InputDecl | KpiDecl | ScorecardDecl | TableDecl | IncentiveDecl;

/** The program's declarations by kind, in source order, first of each name only. */
interface Declarations {
  values: Map<string, ValueDecl>;
  inputs: InputDecl[];
  kpis: KpiDecl[];
  scorecards: ScorecardDecl[];
  tables: TableDecl[];
  incentives: IncentiveDecl[];
  tiers: TierDecl[];
  subtiers: SubtierDecl[];
  tests: TestDecl[];
}

function declarationsOf(program: Program): Declarations {
  const found: Declarations = {
    values: new Map(),
    inputs: [],
    kpis: [],
    scorecards: [],
    tables: [],
    incentives: [],
    tiers: [],
    subtiers: [],
    tests: [],
  };
  const tierNames = new Set<string>();
  for (const decl of program.declarations) {
    if (decl.kind === "test") {
      found.tests.push(decl);
    } else if (decl.kind === "tier" || decl.kind === "subtier") {
      if (tierNames.has(decl.name.value)) continue;
      tierNames.add(decl.name.value);
      if (decl.kind === "tier") found.tiers.push(decl);
      else found.subtiers.push(decl);
    } else {
      if (found.values.has(decl.name.value)) continue;
      found.values.set(decl.name.value, decl);
      switch (decl.kind) {
        case "input":
          found.inputs.push(decl);
          break;
        case "kpi":
          found.kpis.push(decl);
          break;
        case "scorecard":
          found.scorecards.push(decl);
          break;
        case "table":
          found.tables.push(decl);
          break;
        case "incentive":
          found.incentives.push(decl);
          break;
      }
    }
  }
  return found;
}

/** The names a derived value's formula refers to (its dependencies), excluding `tier`/`subtiers`. */
function dependenciesOf(decl: ValueDecl, names: NameTable): string[] {
  const trees: ExprTree[] = [];
  switch (decl.kind) {
    case "input":
      return [];
    case "kpi":
      trees.push(toExprTree(decl.expr, names));
      break;
    case "scorecard":
      return decl.lines.map((line) => line.value.name);
    case "table":
      trees.push(toExprTree(decl.key, names), ...decl.rows.map((row) => toExprTree(row.value, names)));
      break;
    case "incentive":
      trees.push(toExprTree(decl.amount, names));
      if (decl.when !== undefined) trees.push(toExprTree(decl.when, names));
      break;
  }
  return [...new Set(trees.flatMap(namesUsed))];
}

class Compiler {
  private readonly decls: Declarations;
  private readonly names: NameTable;
  private readonly confidential = new Map<string, boolean>();
  private readonly types = new Map<string, ValueType>();

  constructor(
    private readonly program: Program,
    private readonly source: string,
  ) {
    this.decls = declarationsOf(program);
    this.names = nameTableOf(program);
  }

  private location(range: Parameters<typeof sourceLocation>[1]) {
    return sourceLocation(this.program.file, range);
  }

  private tree(expr: Expr): ExprTree {
    return toExprTree(expr, this.names);
  }

  /**
   * Works out every value's confidentiality and type, each after the values it
   * uses, so the memoized lookups below never recurse along a chain of KPIs.
   */
  private settleValues(): void {
    const order = dependencyOrder(this.decls.values.keys(), (name) => {
      const decl = this.decls.values.get(name);
      return decl === undefined ? [] : dependenciesOf(decl, this.names);
    });
    for (const name of order) {
      this.isConfidential(name);
      this.typeOfName(name);
    }
  }

  /** Uses a confidential input directly or through other values (cycles were rejected by the checker). */
  private isConfidential(name: string, visiting = new Set<string>()): boolean {
    const known = this.confidential.get(name);
    if (known !== undefined) return known;
    const decl = this.decls.values.get(name);
    if (decl === undefined) throw new Error(`cannot compile a reference to the undeclared name "${name}"`);
    if (visiting.has(name)) return false;
    visiting.add(name);
    const result =
      decl.kind === "input"
        ? decl.confidential
        : dependenciesOf(decl, this.names).some((dependency) => this.isConfidential(dependency, visiting));
    visiting.delete(name);
    this.confidential.set(name, result);
    return result;
  }

  // ------------------------------------------------------------------ types

  private typeOfName(name: string, visiting = new Set<string>()): ValueType {
    const known = this.types.get(name);
    if (known !== undefined) return known;
    const decl = this.decls.values.get(name);
    if (decl === undefined || visiting.has(name)) return "number";
    visiting.add(name);
    let type: ValueType;
    switch (decl.kind) {
      case "input":
        type = inputValueType(decl);
        break;
      case "kpi":
        type = this.typeOf(this.tree(decl.expr), visiting);
        break;
      case "scorecard":
        type = "number";
        break;
      case "table": {
        const rowTypes = decl.rows.map((row) => this.typeOf(this.tree(row.value), visiting));
        type = rowTypes.includes("money") ? "money" : (rowTypes[0] ?? "number");
        break;
      }
      case "incentive":
        type = "money";
        break;
    }
    visiting.delete(name);
    this.types.set(name, type);
    return type;
  }

  /** The value type of a tree, by the result-type rules of spec section 4. */
  private typeOf(tree: ExprTree, visiting: Set<string>): ValueType {
    const typeOf = (node: ExprTree): ValueType => this.typeOf(node, visiting);
    switch (tree.op) {
      case "num":
        return "number";
      case "str":
        return "text";
      case "bool":
      case "not":
      case "isMissing":
      case "isNotMissing":
      case "eq":
      case "ne":
      case "lt":
      case "le":
      case "gt":
      case "ge":
      case "and":
      case "or":
      case "in":
      case "notIn":
      case "between":
        return "boolean";
      case "list":
      case "subtiers":
        return "list";
      case "ref":
        return this.typeOfName(tree.name, visiting);
      case "tierName":
      case "tier":
        return "tier";
      case "total":
        return "money";
      case "neg":
        return typeOf(tree.arg);
      case "add":
      case "sub":
      case "mul": {
        const [left, right] = tree.args.map(typeOf);
        return left === "money" || right === "money" ? "money" : "number";
      }
      case "div": {
        const [left, right] = tree.args.map(typeOf);
        return left === "money" && right !== "money" ? "money" : "number";
      }
      case "arith":
        // The same rules as the binary nodes, folded left to right.
        return tree.ops.reduce<ValueType>((left, op, i) => {
          const right = typeOf(tree.args[i + 1]!);
          if (op === "div") return left === "money" && right !== "money" ? "money" : "number";
          return left === "money" || right === "money" ? "money" : "number";
        }, typeOf(tree.args[0]!));
      case "otherwise":
        return typeOf(tree.args[0]);
      case "if":
        return typeOf(tree.args[1]);
      case "call":
        if (functionSpec(tree.fn).result === "integer") return "number";
        return tree.args.some((arg) => typeOf(arg) === "money") ? "money" : "number";
    }
  }

  // ------------------------------------------------------------ declarations

  private inputSpec(decl: InputDecl): InputSpec {
    const spec: InputSpec = {
      name: decl.name.value,
      type: decl.type.kind,
      optional: decl.optional,
      key: decl.key,
      confidential: decl.confidential,
    };
    if (decl.type.kind === "oneOf" || decl.type.kind === "listOf") spec.values = decl.type.values.map((value) => value.value);
    if (decl.min !== undefined) spec.min = normalizedExact(decl.min.value);
    if (decl.max !== undefined) spec.max = normalizedExact(decl.max.value);
    return spec;
  }

  private kpiSpec(decl: KpiDecl): KpiSpec {
    const name = decl.name.value;
    return {
      name,
      label: decl.label?.value ?? name,
      expr: this.tree(decl.expr),
      type: this.typeOfName(name),
      confidential: this.isConfidential(name),
      source: this.location(decl.range),
    };
  }

  private scorecardSpec(decl: ScorecardDecl): ScorecardSpec {
    return {
      name: decl.name.value,
      lines: decl.lines.map((line) => ({
        value: line.value.name,
        weight: normalizedExact(line.weight.value),
        threshold: normalizedExact(line.threshold.value),
        target: normalizedExact(line.target.value),
        max: line.max === undefined ? "1" : normalizedExact(line.max.value),
      })),
      confidential: this.isConfidential(decl.name.value),
      source: this.location(decl.range),
    };
  }

  private tableRow(row: TableRow): TableRowSpec {
    const value = this.tree(row.value);
    switch (row.kind) {
      case "below":
        return { kind: "below", bound: normalizedExact(row.bound.value), value };
      case "range":
        return { kind: "range", from: normalizedExact(row.from.value), to: normalizedExact(row.to.value), value };
      case "above":
        return { kind: "above", bound: normalizedExact(row.bound.value), value };
      case "match":
        return { kind: "match", key: row.key.value, value };
      case "otherwise":
        return { kind: "otherwise", value };
    }
  }

  private tableSpec(decl: TableDecl): TableSpec {
    const name = decl.name.value;
    return {
      name,
      key: this.tree(decl.key),
      rows: decl.rows.map((row) => this.tableRow(row)),
      type: this.typeOfName(name),
      confidential: this.isConfidential(name),
      source: this.location(decl.range),
    };
  }

  private requirement(requirement: Requirement, declaredIn: string): RequirementSource {
    const expr = this.tree(requirement.expr);
    return {
      requirement,
      spec: {
        label: requirement.label?.value ?? printExpression(requirement.expr),
        expr,
        names: namesUsed(expr),
        declaredIn,
        source: this.location(requirement.range),
      },
    };
  }

  /** The tiers `tier` extends, lowest (the root) first, then `tier` itself. */
  private tierChain(tier: TierDecl): TierDecl[] {
    const chain: TierDecl[] = [];
    const seen = new Set<string>();
    let current: TierDecl | undefined = tier;
    while (current !== undefined && !seen.has(current.name.value)) {
      seen.add(current.name.value);
      chain.unshift(current);
      const parent: string | undefined = current.extends?.value;
      current = parent === undefined ? undefined : this.decls.tiers.find((decl) => decl.name.value === parent);
    }
    return chain;
  }

  private tierSources(): RuleSources["tiers"] {
    return this.decls.tiers.map((decl, index) => {
      const chain = this.tierChain(decl);
      const requirements = chain.flatMap((member) =>
        member.items.filter(isRequirement).map((item) => this.requirement(item, member.name.value)),
      );
      const benefits = [
        ...new Set(chain.flatMap((member) => member.items.filter(isBenefit).map((item) => item.text.value))),
      ];
      const spec: TierSpec = {
        name: decl.name.value,
        rank: index + 1,
        ...(decl.extends === undefined ? {} : { extends: decl.extends.value }),
        requirements: requirements.map((requirement) => requirement.spec),
        benefits,
        source: this.location(decl.range),
      };
      return { decl, spec, requirements };
    });
  }

  private subtierSources(): RuleSources["subtiers"] {
    return this.decls.subtiers.map((decl) => {
      const requirements = decl.items.filter(isRequirement).map((item) => this.requirement(item, decl.name.value));
      const parentRank = this.names.tierRanks.get(decl.parent.value);
      if (parentRank === undefined) throw new Error(`subtier "${decl.name.value}" has an undeclared parent tier`);
      const spec: SubtierSpec = {
        name: decl.name.value,
        parent: decl.parent.value,
        requirements: requirements.map((requirement) => requirement.spec),
        benefits: [...new Set(decl.items.filter(isBenefit).map((item) => item.text.value))],
        source: this.location(decl.range),
      };
      return { decl, spec, parentRank, requirements };
    });
  }

  private incentiveSpec(decl: IncentiveDecl): IncentiveSpec {
    const name = decl.name.value;
    return {
      name,
      label: decl.label?.value ?? name,
      ...(decl.when === undefined ? {} : { when: this.tree(decl.when) }),
      amount: this.tree(decl.amount),
      ...(decl.cap === undefined ? {} : { cap: normalizedExact(decl.cap.value) }),
      source: this.location(decl.range),
    };
  }

  private testSpec(decl: TestDecl): TestSpec {
    return {
      description: decl.description.value,
      given: Object.fromEntries(decl.given.map((field) => [field.field.value, givenValue(field)])),
      expects: decl.expects.map((expectation) => {
        const expr = this.tree(expectation.expr);
        return {
          text: printExpression(expectation.expr),
          expr,
          names: namesUsed(expr),
          source: this.location(expectation.range),
        };
      }),
      source: this.location(decl.range),
    };
  }

  private programInfo(): ProgramInfo {
    const header = this.program.header;
    const currency = header?.currency?.value ?? DEFAULT_CURRENCY;
    const digits = minorUnits(currency);
    if (digits === undefined) throw new Error(`cannot compile a program in the unknown currency "${currency}"`);
    const rounding = header?.rounding?.value ?? DEFAULT_ROUNDING;
    if (rounding !== "half_up" && rounding !== "half_even") throw new Error(`unknown rounding mode "${rounding}"`);
    return {
      name: header?.name.value ?? this.program.file,
      ...(header?.version === undefined ? {} : { version: header.version.value }),
      currency,
      minorUnits: digits,
      rounding,
    };
  }

  compile(): Artifact {
    this.settleValues();
    const program = this.programInfo();
    const inputs = this.decls.inputs.map((decl) => this.inputSpec(decl));
    const tiers = this.tierSources();
    const subtiers = this.subtierSources();
    const incentives = this.decls.incentives.map((decl) => ({ decl, spec: this.incentiveSpec(decl) }));
    const valueKinds = new Map<string, ValueKind>(
      [...this.decls.values].map(([name, decl]) => [name, decl.kind]),
    );
    const { rules, sourceMap } = compileRules({
      file: this.program.file,
      names: this.names,
      valueKinds,
      tiers,
      subtiers,
      incentives,
    });
    const artifact: Artifact = {
      format: ARTIFACT_FORMAT,
      program,
      sourceFile: this.program.file,
      sourceHash: `sha256:${createHash("sha256").update(this.source, "utf8").digest("hex")}`,
      digest: "",
      inputSchema: inputSchema(inputs, program.name),
      inputs,
      kpis: this.decls.kpis.map((decl) => this.kpiSpec(decl)),
      scorecards: this.decls.scorecards.map((decl) => this.scorecardSpec(decl)),
      tables: this.decls.tables.map((decl) => this.tableSpec(decl)),
      tiers: tiers.map((tier) => tier.spec),
      subtiers: subtiers.map((subtier) => subtier.spec),
      incentives: incentives.map((incentive) => incentive.spec),
      tests: this.decls.tests.map((decl) => this.testSpec(decl)),
      rules,
      sourceMap: Object.fromEntries(Object.entries(sourceMap)),
    };
    artifact.digest = artifactDigest(artifact);
    return artifact;
  }
}

function isRequirement(item: TierDecl["items"][number]): item is Requirement {
  return item.kind === "require";
}

function isBenefit(item: TierDecl["items"][number]): item is Extract<TierDecl["items"][number], { kind: "benefit" }> {
  return item.kind === "benefit";
}

function inputValueType(decl: InputDecl): ValueType {
  switch (decl.type.kind) {
    case "money":
      return "money";
    case "number":
    case "integer":
    case "percent":
      return "number";
    case "boolean":
      return "boolean";
    case "text":
    case "oneOf":
      return "text";
    case "listOf":
      return "list";
  }
}

/**
 * A `given` value in the shape of a raw JSON field (src/io/raw-record.ts), so
 * the test runner types and checks it exactly like partner data: numbers keep
 * their exact decimal text.
 */
export type GivenValue =
  | { kind: "number"; text: string }
  | { kind: "string"; value: string }
  | { kind: "boolean"; value: boolean }
  | { kind: "array"; items: GivenValue[] };

function givenValue(field: GivenField): GivenValue {
  const literal = (expr: Expr): GivenValue => {
    switch (expr.kind) {
      case "number":
        return { kind: "number", text: exactStringToDecimalText(normalizedExact(expr.value)) };
      case "string":
        return { kind: "string", value: expr.value };
      case "boolean":
        return { kind: "boolean", value: expr.value };
      case "list":
        return { kind: "array", items: expr.items.map(literal) };
      case "paren":
        return literal(expr.inner);
      case "unary":
        if (expr.op === "-" && expr.operand.kind === "number") {
          const text = exactStringToDecimalText(normalizedExact(expr.operand.value));
          return { kind: "number", text: text === "0" ? text : `-${text}` };
        }
        break;
      default:
        break;
    }
    throw new Error(`a given value must be a literal, not ${printExpression(expr)}`);
  };
  return literal(field.value);
}

/** The artifact of a program the checker passed; the same source gives the same artifact. */
export function compileProgram(program: Program, source: string): Artifact {
  const artifact = new Compiler(program, source).compile();
  // The compiler checks what it writes against the published schema: a failure here is a compiler bug.
  const validation = validateArtifact(JSON.parse(JSON.stringify(artifact)));
  if (!validation.ok) throw new Error(`the compiler wrote an invalid artifact:\n${validation.errors.join("\n")}`);
  return artifact;
}

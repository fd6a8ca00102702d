// Stage "types": infers a type for every expression and named value, and
// checks that operators, functions, conditions, amounts, table keys and
// scorecard values get values of the kind they need (spec section 4).
import type { BinaryExpr, CallExpr, Expr, InExpr, InputDecl, StringLiteral, TableDecl } from "../ast/nodes.js";
import { functionSpec, isFunctionName } from "../functions/catalogue.js";
import type { CheckContext } from "./check-context.js";
import { derivedUses } from "./cycles.js";
import { dependencyOrder } from "./dependency-order.js";
import { arrayOf, declarationsOf, expressionSites, isExpr, type ExpressionRole } from "./expression-tree.js";
import { printExpression } from "./expression-text.js";
import type { MessageArgs } from "../diagnostics/codes.js";
import { suggest } from "../diagnostics/diagnostic.js";
import { closestName, stringLiteral } from "../diagnostics/suggestions.js";
import {
  BOOLEAN,
  describeType,
  INTEGER,
  isNumeric,
  isTextual,
  MONEY,
  NUMBER,
  PERCENT,
  TEXT,
  TIER,
  UNKNOWN,
  type NumericKind,
  type ValueType,
} from "./value-types.js";

const ORDERING = new Set(["<", "<=", ">", ">="]);
const EQUALITY = new Set(["=", "!="]);
const ARITHMETIC = new Set(["+", "-", "*", "/"]);

/** Strips parentheses: `((x))` → `x`. */
function unwrap(expr: Expr | undefined): Expr | undefined {
  let node = expr;
  while (node?.kind === "paren") node = node.inner;
  return node;
}

function quote(expr: Expr | undefined): string {
  return `\`${printExpression(expr)}\``;
}

/** Drops the "bare literal" mark once a value has a name of its own. */
function named(type: ValueType): ValueType {
  return isNumeric(type) && type.literal ? { kind: type.kind } : type;
}

/** The values of a `one of` / `list of`, skipping holes. */
export function stringValues(values: readonly StringLiteral[] | undefined): string[] {
  return arrayOf(values)
    .map((v) => v.value)
    .filter((v): v is string => typeof v === "string");
}

function inputType(decl: InputDecl): ValueType {
  const type = decl.type;
  switch (type?.kind) {
    case "text":
      return TEXT;
    case "boolean":
      return BOOLEAN;
    case "number":
    case "integer":
    case "money":
    case "percent":
      return { kind: type.kind };
    case "oneOf":
      return { kind: "set", values: stringValues(type.values), source: decl.name.value };
    case "listOf":
      return {
        kind: "list",
        item: { kind: "set", values: stringValues(type.values), source: decl.name.value },
      };
    default:
      return UNKNOWN;
  }
}

type TypeClass = "numeric" | "boolean" | "textual" | "list" | "tier" | "unknown";

function typeClass(type: ValueType): TypeClass {
  if (isNumeric(type)) return "numeric";
  if (isTextual(type)) return "textual";
  return type.kind as TypeClass;
}

function sameClass(a: ValueType, b: ValueType): boolean {
  if (a.kind === "unknown" || b.kind === "unknown") return true;
  if (a.kind === "list" && b.kind === "list") return sameClass(a.item, b.item);
  return typeClass(a) === typeClass(b);
}

/** Infers types; one instance per checked program. */
export class ExpressionTyper {
  private readonly inProgress = new Set<string>();

  constructor(private readonly ctx: CheckContext) {}

  private get subtierSet(): ValueType {
    return { kind: "set", values: this.ctx.symbols.subtierOrder.map((s) => s.name), source: "subtiers" };
  }

  /**
   * Types every derived value, each after the values it uses, so that no
   * value's type recurses into another's: a chain of any length stays one
   * level deep. A use that closes a cycle reads as unknown (the cycle is
   * reported by the cycles stage).
   */
  typeAllValues(uses: ReadonlyMap<string, readonly string[]>): void {
    const order = dependencyOrder(uses.keys(), (name) => uses.get(name) ?? []);
    for (const name of order) this.inProgress.add(name);
    for (const name of order) {
      this.inProgress.delete(name);
      this.valueType(name);
    }
  }

  /** The type of a named value; unknown while it is being computed (a cycle, reported by the cycles stage). */
  valueType(name: string): ValueType {
    const known = this.ctx.valueTypes.get(name);
    if (known) return known;
    const symbol = this.ctx.symbols.values.get(name);
    if (!symbol || this.inProgress.has(name)) return UNKNOWN;
    this.inProgress.add(name);
    let type: ValueType;
    switch (symbol.kind) {
      case "input":
        type = inputType(symbol.decl);
        break;
      case "kpi":
        type = isExpr(symbol.decl.expr) ? named(this.typeOf(symbol.decl.expr)) : UNKNOWN;
        break;
      case "scorecard":
        type = PERCENT;
        break;
      case "table":
        type = named(this.tableValueType(symbol.decl));
        break;
      case "incentive":
        type = MONEY;
        break;
    }
    this.inProgress.delete(name);
    this.ctx.valueTypes.set(name, type);
    return type;
  }

  private tableValueType(decl: TableDecl): ValueType {
    const rows = arrayOf(decl.rows).filter((row) => isExpr(row.value));
    return this.unify(
      rows.map((row) => row.value),
      { place: "table rows", table: String(decl.name?.value) },
    );
  }

  typeOf(expr: Expr | undefined): ValueType {
    if (!isExpr(expr)) return UNKNOWN;
    const known = this.ctx.types.get(expr);
    if (known) return known;
    // Marked first so a malformed self-referencing tree cannot recurse forever.
    this.ctx.types.set(expr, UNKNOWN);
    const type = this.infer(expr);
    this.ctx.types.set(expr, type);
    return type;
  }

  private infer(expr: Expr): ValueType {
    switch (expr.kind) {
      case "number":
        return { kind: expr.suffix === "%" ? "percent" : "number", literal: true };
      case "string":
        return TEXT;
      case "boolean":
        return BOOLEAN;
      case "name": {
        const target = this.ctx.references.get(expr);
        if (!target) return UNKNOWN;
        if (target.kind === "tier") return TIER;
        if (target.kind === "subtier") return this.subtierSet;
        return this.valueType(target.name);
      }
      case "tier":
        return TIER;
      case "subtiers":
        return { kind: "list", item: this.subtierSet };
      case "total":
        return MONEY;
      case "list": {
        const item = this.unify(arrayOf(expr.items), { place: "list items" });
        return { kind: "list", item: named(item) };
      }
      case "paren":
        return this.typeOf(expr.inner);
      case "unary":
        return this.unary(expr.op, expr.operand);
      case "binary":
        return this.binary(expr);
      case "in":
        return this.inList(expr);
      case "between": {
        for (const part of [expr.value, expr.low, expr.high]) {
          const type = this.typeOf(part);
          if (type.kind !== "unknown" && !isNumeric(type)) {
            this.ctx.report("PPL3016", part?.range, { operand: quote(part), type: describeType(type) });
          }
        }
        return BOOLEAN;
      }
      case "isMissing":
        this.typeOf(expr.operand);
        return BOOLEAN;
      case "if":
        this.requireBoolean(expr.condition, "the condition of `if`");
        return this.unify([expr.then, expr.else], { place: "if branches" });
      case "call":
        return this.call(expr);
      default:
        return UNKNOWN;
    }
  }

  /** Reports a condition that is not true/false. */
  requireBoolean(expr: Expr | undefined, what: string): void {
    const type = this.typeOf(expr);
    if (type.kind === "unknown" || type.kind === "boolean" || !expr) return;
    this.ctx.report("PPL3004", expr.range, { what, expr: quote(expr), type: describeType(type) });
  }

  private unary(op: "-" | "not", operand: Expr | undefined): ValueType {
    if (op === "not") {
      this.requireBoolean(operand, "the operand of `not`");
      return BOOLEAN;
    }
    const type = this.typeOf(operand);
    if (type.kind === "unknown") return UNKNOWN;
    if (!isNumeric(type)) {
      this.ctx.report("PPL3001", operand?.range, { op: "unary -", operand: quote(operand), type: describeType(type) });
      return UNKNOWN;
    }
    return type;
  }

  private binary(expr: BinaryExpr): ValueType {
    if (expr.op === "and" || expr.op === "or") {
      this.requireBoolean(expr.left, `each side of \`${expr.op}\``);
      this.requireBoolean(expr.right, `each side of \`${expr.op}\``);
      return BOOLEAN;
    }
    if (expr.op === "otherwise") {
      return this.unify([expr.left, expr.right], { place: "otherwise" });
    }
    if (ARITHMETIC.has(expr.op)) return this.arithmetic(expr);
    this.comparison(expr);
    return BOOLEAN;
  }

  private arithmetic(expr: BinaryExpr): ValueType {
    const left = this.typeOf(expr.left);
    const right = this.typeOf(expr.right);
    let ok = true;
    for (const [side, type] of [
      [expr.left, left],
      [expr.right, right],
    ] as const) {
      if (type.kind !== "unknown" && !isNumeric(type)) {
        ok = false;
        this.ctx.report("PPL3001", side?.range, { op: expr.op, operand: quote(side), type: describeType(type) });
      }
    }
    if (!ok || !isNumeric(left) || !isNumeric(right)) return UNKNOWN;
    if (left.literal && right.literal) return { kind: "number", literal: true };
    const money = (t: ValueType): boolean => t.kind === "money";
    switch (expr.op) {
      case "+":
      case "-":
        // A bare literal takes the other side's kind: `revenue - 10k` is money.
        if ((money(left) && (money(right) || right.literal)) || (money(right) && left.literal)) return MONEY;
        return NUMBER;
      case "*":
        if (money(left) && money(right)) {
          this.ctx.report("PPL3002", expr.range, { expr: quote(expr) });
          return UNKNOWN;
        }
        return money(left) || money(right) ? MONEY : NUMBER;
      case "/":
        if (money(left) && !money(right)) return MONEY;
        return NUMBER;
      default:
        return UNKNOWN;
    }
  }

  private comparison(expr: BinaryExpr): void {
    const left = this.typeOf(expr.left);
    const right = this.typeOf(expr.right);
    if (left.kind === "unknown" || right.kind === "unknown") return;
    const ordering = ORDERING.has(expr.op);
    if (left.kind === "tier" || right.kind === "tier") {
      const [other, otherExpr] = left.kind === "tier" ? [right, expr.right] : [left, expr.left];
      if (other.kind === "tier") return;
      const literal = unwrap(otherExpr);
      if (literal?.kind === "string") {
        this.checkTierString(literal);
        return;
      }
      this.mismatch(
        expr,
        left,
        right,
        "compare `tier` with a tier name, such as `tier >= " + (this.ctx.symbols.tierOrder[0]?.name ?? "Member") + "`",
      );
      return;
    }
    if (!sameClass(left, right)) {
      this.mismatch(expr, left, right, "compare values of the same kind");
      return;
    }
    if (left.kind === "list") {
      this.ctx.report("PPL3017", expr.range, { op: expr.op, list: printExpression(expr.left) });
      return;
    }
    if (ordering && (left.kind === "boolean" || isTextual(left))) {
      this.ctx.report("PPL3018", expr.range, { op: expr.op, what: left.kind === "boolean" ? "boolean" : "text" });
      return;
    }
    if (EQUALITY.has(expr.op)) {
      this.checkStringAgainst(expr.left, right);
      this.checkStringAgainst(expr.right, left);
    }
  }

  private mismatch(expr: BinaryExpr, left: ValueType, right: ValueType, advice: string): void {
    this.ctx.report("PPL3003", expr.range, {
      left: quote(expr.left),
      leftType: describeType(left),
      right: quote(expr.right),
      rightType: describeType(right),
      advice,
    });
  }

  /** A string literal compared with a value from a fixed set must be one of the set's values. */
  private checkStringAgainst(expr: Expr | undefined, other: ValueType): void {
    const literal = unwrap(expr);
    if (literal?.kind !== "string" || other.kind !== "set") return;
    this.checkInSet(literal, other);
  }

  checkInSet(literal: StringLiteral, set: Extract<ValueType, { kind: "set" }>): void {
    if (typeof literal.value !== "string" || set.values.includes(literal.value)) return;
    const suggestion = closestName(literal.value, set.values);
    this.ctx.report(
      "PPL3007",
      literal.range,
      { value: literal.value, values: set.values, source: set.source },
      {
        suggestion: suggest(
          suggestion,
          literal.range,
          suggestion === undefined ? undefined : stringLiteral(suggestion),
        ),
      },
    );
  }

  checkTierString(literal: StringLiteral): void {
    if (typeof literal.value !== "string" || this.ctx.symbols.tiers.has(literal.value)) return;
    const suggestion = closestName(literal.value, this.ctx.symbols.tiers.keys());
    this.ctx.report(
      "PPL2015",
      literal.range,
      {
        name: JSON.stringify(literal.value),
        tiers: [...this.ctx.symbols.tiers.keys()].join(", ") || "none is declared yet",
      },
      {
        suggestion: suggest(
          suggestion,
          literal.range,
          suggestion === undefined ? undefined : stringLiteral(suggestion),
        ),
      },
    );
  }

  private inList(expr: InExpr): ValueType {
    const item = this.typeOf(expr.item);
    const list = this.typeOf(expr.list);
    const keyword = expr.negated ? "not in" : "in";
    if (list.kind === "unknown") return BOOLEAN;
    if (list.kind !== "list") {
      this.ctx.report("PPL3006", expr.list?.range, { keyword, list: quote(expr.list), type: describeType(list) });
      return BOOLEAN;
    }
    if (item.kind === "unknown" || list.item.kind === "unknown") {
      this.checkListedStrings(expr, item);
      return BOOLEAN;
    }
    if (item.kind === "tier") {
      const listExpr = unwrap(expr.list);
      if (listExpr?.kind === "list") {
        for (const entry of arrayOf(listExpr.items)) {
          const literal = unwrap(entry);
          if (literal?.kind === "string") this.checkTierString(literal);
        }
        if (list.item.kind === "tier" || isTextual(list.item)) return BOOLEAN;
      } else if (list.item.kind === "tier") {
        return BOOLEAN;
      }
    }
    if (!sameClass(item, list.item)) {
      this.ctx.report("PPL3015", expr.range, {
        item: quote(expr.item),
        itemType: describeType(item),
        list: quote(expr.list),
        listType: describeType(list),
        keyword,
      });
      return BOOLEAN;
    }
    if (list.item.kind === "set") this.checkStringAgainst(expr.item, list.item);
    this.checkListedStrings(expr, item);
    return BOOLEAN;
  }

  /** `region in ["AMS", "EMAE"]`: each listed string must be one of the set's values. */
  private checkListedStrings(expr: InExpr, item: ValueType): void {
    const listExpr = unwrap(expr.list);
    if (item.kind !== "set" || listExpr?.kind !== "list") return;
    for (const entry of arrayOf(listExpr.items)) {
      const literal = unwrap(entry);
      if (literal?.kind === "string") this.checkInSet(literal, item);
    }
  }

  private call(expr: CallExpr): ValueType {
    const args = arrayOf(expr.args);
    const types = args.map((arg) => this.typeOf(arg));
    if (!isFunctionName(expr.callee)) return UNKNOWN;
    const spec = functionSpec(expr.callee);
    const [least, most] = spec.arity;
    const usage = spec.usage;
    if (args.length < least || args.length > most) {
      this.ctx.report("PPL3008", expr.range, { callee: expr.callee, least, most, given: args.length, usage });
    }
    if (spec.argument === "list") {
      const type = types[0];
      if (type && type.kind !== "unknown" && type.kind !== "list") {
        this.argumentError(expr, args[0], type, "a list (a `list of` input, `subtiers` or `[...]`)");
      }
      return INTEGER;
    }
    let ok = true;
    args.forEach((arg, i) => {
      const type = types[i];
      if (type.kind !== "unknown" && !isNumeric(type)) {
        ok = false;
        this.argumentError(expr, arg, type, "a number");
      }
    });
    if (expr.callee === "round" && args[1]) {
      const digits = unwrap(args[1]);
      if (digits?.kind === "number" && (!/^\d+$/.test(digits.value) || digits.suffix === "%")) {
        this.ctx.report("PPL3019", args[1].range, { digits: digits.text });
      }
    }
    if (!ok || args.length === 0) return UNKNOWN;
    if (spec.result === "common") return this.unify(args, { place: "arguments" });
    return named(types[0]);
  }

  private argumentError(expr: CallExpr, arg: Expr, type: ValueType, wanted: string): void {
    this.ctx.report("PPL3009", arg.range, { callee: expr.callee, wanted, arg: quote(arg), type: describeType(type) });
  }

  /**
   * The common type of alternatives (if branches, table rows, list items, min/max
   * arguments). Reports the first alternative of another kind (PPL3014) as one of `alternatives`.
   */
  unify(exprs: (Expr | undefined)[], alternatives: Omit<MessageArgs<"PPL3014">, "first" | "other">): ValueType {
    const entries = exprs
      .filter(isExpr)
      .map((expr) => ({ expr, type: this.typeOf(expr) }))
      .filter((entry) => entry.type.kind !== "unknown");
    if (entries.length === 0) return UNKNOWN;
    const first = entries[0].type;
    for (const entry of entries.slice(1)) {
      if (!sameClass(first, entry.type)) {
        this.ctx.report("PPL3014", entry.expr.range, {
          ...alternatives,
          first: describeType(first),
          other: describeType(entry.type),
        });
        return first;
      }
    }
    if (isNumeric(first)) {
      const numeric = entries.map((e) => e.type).filter(isNumeric);
      const declared = numeric.filter((t) => !t.literal);
      const kinds = new Set<NumericKind>((declared.length > 0 ? declared : numeric).map((t) => t.kind));
      const kind: NumericKind = kinds.size === 1 ? [...kinds][0] : "number";
      return declared.length === 0 ? { kind, literal: true } : { kind };
    }
    if (first.kind === "set") {
      const sameSet = entries.every((e) => e.type.kind === "set" && e.type.source === first.source);
      return sameSet ? first : TEXT;
    }
    return first;
  }
}

const SITE_CONDITIONS: Partial<Record<ExpressionRole, string>> = {
  requirement: "a requirement",
  when: "the `when` condition",
  expect: "an `expect`",
};

export function inferTypes(ctx: CheckContext): void {
  const typer = new ExpressionTyper(ctx);
  typer.typeAllValues(derivedUses(ctx));
  for (const symbol of ctx.symbols.values.values()) typer.valueType(symbol.name);
  for (const site of expressionSites(ctx.program)) {
    const what = SITE_CONDITIONS[site.role];
    if (what !== undefined) {
      typer.requireBoolean(site.expr, what);
      continue;
    }
    const type = typer.typeOf(site.expr);
    if (site.role === "amount" && type.kind !== "unknown" && !isNumeric(type)) {
      ctx.report("PPL3005", site.expr.range, { expr: quote(site.expr), type: describeType(type) });
    }
  }
  for (const decl of declarationsOf(ctx.program)) {
    if (decl.kind === "table") checkTableKey(ctx, typer, decl);
    if (decl.kind === "scorecard") {
      for (const line of arrayOf(decl.lines)) {
        const target = line.value && ctx.references.get(line.value);
        if (!target || target.kind === "tier" || target.kind === "subtier") continue;
        const type = typer.valueType(target.name);
        ctx.types.set(line.value, type);
        if (type.kind !== "unknown" && !isNumeric(type)) {
          ctx.report("PPL3013", line.value.range, { name: target.name, type: describeType(type) });
        }
      }
    }
  }
}

function checkTableKey(ctx: CheckContext, typer: ExpressionTyper, decl: TableDecl): void {
  const rows = arrayOf(decl.rows);
  const bands = rows.some((row) => row.kind === "below" || row.kind === "range" || row.kind === "above");
  const matches = rows.some((row) => row.kind === "match" || row.kind === "otherwise");
  const key = typer.typeOf(decl.key);
  const tableName = decl.name?.value ?? "this table";
  if (bands === matches || key.kind === "unknown" || !decl.key) return; // mixed rows are reported by the tables stage
  if (bands) {
    if (!isNumeric(key)) {
      ctx.report("PPL3010", decl.key.range, { table: tableName, key: quote(decl.key), type: describeType(key) });
    }
    return;
  }
  if (key.kind !== "tier" && !isTextual(key)) {
    ctx.report("PPL3011", decl.key.range, {
      table: tableName,
      key: quote(decl.key),
      type: describeType(key),
      numeric: isNumeric(key),
    });
    return;
  }
  for (const row of rows) {
    if (row.kind !== "match" || typeof row.key?.value !== "string") continue;
    const literal: StringLiteral = {
      kind: "string",
      value: row.key.value,
      text: JSON.stringify(row.key.value),
      range: row.key.range,
    };
    if (key.kind === "tier") {
      typer.checkTierString(literal);
    } else if (!row.key.quoted) {
      ctx.report("PPL3012", row.key.range, {
        table: tableName,
        key: quote(decl.key),
        type: describeType(key),
        row: row.key.value,
      });
    } else if (key.kind === "set") {
      typer.checkInSet(literal, key);
    }
  }
}

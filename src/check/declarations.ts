// Stage "declarations": builds the symbol table and checks each declaration on
// its own — names declared once, the program header, the key input, input
// constraints and value sets.
import type { InputDecl, Name, Program } from "../ast/nodes.js";
import type { CheckContext, RoundingMode } from "./check-context.js";
import { currencyMinorUnits, CURRENCY_MINOR_UNITS, DEFAULT_CURRENCY } from "./currencies.js";
import { arrayOf, declarationsOf } from "./expression-tree.js";
import { compareRational, parseRational } from "./rational.js";
import { closestName } from "../diagnostics/suggestions.js";
import { suggest } from "../diagnostics/diagnostic.js";
import { describeSymbolKind, type ValueSymbol } from "./symbols.js";

const ROUNDING_MODES: readonly RoundingMode[] = ["half_up", "half_even"];
const NUMERIC_INPUT_TYPES = new Set(["number", "integer", "money", "percent"]);

function isName(name: Name | undefined): name is Name {
  return typeof name?.value === "string" && name.value !== "";
}

export function checkDeclarations(ctx: CheckContext): void {
  collectSymbols(ctx);
  checkHeader(ctx);
  const inputs = declarationsOf(ctx.program).filter((decl): decl is InputDecl => decl.kind === "input");
  checkKey(ctx, inputs);
  for (const input of inputs) checkInput(ctx, input);
}

function collectSymbols(ctx: CheckContext): void {
  const { values, tiers, subtiers, tierOrder, subtierOrder } = ctx.symbols;
  for (const decl of declarationsOf(ctx.program)) {
    if (decl.kind === "test") continue;
    const name = decl.name;
    if (!isName(name)) continue;
    if (decl.kind === "tier" || decl.kind === "subtier") {
      const first = tiers.get(name.value) ?? subtiers.get(name.value);
      if (first) {
        ctx.report(
          "PPL2002",
          name.range,
          { kind: decl.kind, name: name.value, firstKind: first.kind, firstLine: first.decl.name.range.start.line },
          { related: [ctx.related(first.decl.name.range, `${name.value} is first declared here`)] },
        );
        continue;
      }
      if (decl.kind === "tier") {
        const symbol = { kind: "tier" as const, name: name.value, decl, rank: tierOrder.length + 1 };
        tiers.set(name.value, symbol);
        tierOrder.push(symbol);
      } else {
        const symbol = { kind: "subtier" as const, name: name.value, decl };
        subtiers.set(name.value, symbol);
        subtierOrder.push(symbol);
      }
      continue;
    }
    const first = values.get(name.value);
    if (first) {
      ctx.report(
        "PPL2001",
        name.range,
        { name: name.value, first: article(first), firstLine: first.decl.name.range.start.line },
        { related: [ctx.related(first.decl.name.range, `${name.value} is first declared here`)] },
      );
      continue;
    }
    values.set(name.value, { kind: decl.kind, name: name.value, decl } as ValueSymbol);
  }
}

function article(symbol: ValueSymbol): string {
  const kind = describeSymbolKind(symbol.kind);
  return (/^[aeiou]/i.test(kind) ? "an " : "a ") + kind;
}

function checkHeader(ctx: CheckContext): void {
  const header = ctx.program?.header;
  // A missing, repeated or misplaced header is a syntax error (PPL1008, PPL1016, PPL1017) reported by the parser.
  if (!header) return;
  ctx.settings.name = header.name?.value ?? "";
  if (header.version?.value !== undefined) ctx.settings.version = header.version.value;
  const currency = header.currency;
  if (isName(currency)) {
    const minorUnits = currencyMinorUnits(currency.value);
    if (minorUnits === undefined) {
      const upper = currency.value.toUpperCase();
      const capitals = CURRENCY_MINOR_UNITS.has(upper);
      const suggestion = capitals ? upper : closestName(currency.value, CURRENCY_MINOR_UNITS.keys());
      ctx.report(
        "PPL2004",
        currency.range,
        { code: currency.value, capitals },
        { suggestion: suggest(suggestion, currency.range) },
      );
    } else {
      ctx.settings.currency = currency.value;
      ctx.settings.minorUnits = minorUnits;
    }
  } else {
    ctx.settings.currency = DEFAULT_CURRENCY;
  }
  const rounding = header.rounding;
  if (isName(rounding)) {
    if ((ROUNDING_MODES as readonly string[]).includes(rounding.value)) {
      ctx.settings.rounding = rounding.value as RoundingMode;
    } else {
      ctx.report(
        "PPL2005",
        rounding.range,
        { mode: rounding.value },
        { suggestion: suggest(closestName(rounding.value, ROUNDING_MODES), rounding.range) },
      );
    }
  }
}

function checkKey(ctx: CheckContext, inputs: InputDecl[]): void {
  const keys = inputs.filter((input) => input.key === true && isName(input.name));
  if (keys.length === 0) {
    const at = ctx.program?.header?.name?.range ?? inputs[0]?.name?.range;
    ctx.report("PPL2006", at, {});
    return;
  }
  const first = keys[0];
  for (const extra of keys.slice(1)) {
    const option = arrayOf(extra.options).find((o) => o.word === "key");
    ctx.report(
      "PPL2007",
      option?.range ?? extra.name.range,
      { name: extra.name.value, first: first.name.value },
      { related: [ctx.related(first.name.range, `${first.name.value} is the first key input`)] },
    );
  }
  for (const key of keys) {
    const typeKind = key.type?.kind;
    if (typeKind !== undefined && typeKind !== "text" && typeKind !== "integer") {
      ctx.report("PPL2008", key.type.range, {
        name: key.name.value,
        type: typeKind === "oneOf" ? "a one of" : typeKind === "listOf" ? "a list of" : typeKind,
      });
    }
    for (const option of arrayOf(key.options)) {
      if (option.word === "optional" || option.word === "confidential") {
        ctx.report("PPL2017", option.range, { name: key.name.value, option: option.word });
      }
    }
  }
}

function checkInput(ctx: CheckContext, input: InputDecl): void {
  if (!isName(input.name) || !input.type) return;
  const name = input.name.value;
  const numeric = NUMERIC_INPUT_TYPES.has(input.type.kind);
  for (const bound of [input.min, input.max]) {
    if (!bound || numeric) continue;
    const word = bound === input.min ? "min" : "max";
    const option = arrayOf(input.options).find((o) => o.word === word);
    ctx.report("PPL2009", option?.range ?? bound.range, {
      option: word,
      bound: bound.text,
      name,
      type: describeInputType(input),
    });
  }
  if (numeric && input.min && input.max) {
    const min = parseRational(input.min.value);
    const max = parseRational(input.max.value);
    if (min && max && compareRational(min, max) > 0) {
      ctx.report(
        "PPL2010",
        input.max.range,
        { name, min: input.min.text, max: input.max.text },
        { related: [ctx.related(input.min.range, `min of ${name}`)] },
      );
    }
  }
  if (input.type.kind === "oneOf" || input.type.kind === "listOf") {
    const seen = new Map<string, Program["range"]>();
    for (const value of arrayOf(input.type.values)) {
      if (typeof value.value !== "string") continue;
      const first = seen.get(value.value);
      if (first) {
        ctx.report(
          "PPL2011",
          value.range,
          { value: value.value, name },
          { related: [ctx.related(first, "first listed here")] },
        );
      } else {
        seen.set(value.value, value.range);
      }
    }
  }
}

function describeInputType(input: InputDecl): string {
  switch (input.type.kind) {
    case "oneOf":
      return "a `one of`";
    case "listOf":
      return "a `list of`";
    case "boolean":
      return "a `boolean`";
    default:
      return `\`${input.type.kind}\``;
  }
}

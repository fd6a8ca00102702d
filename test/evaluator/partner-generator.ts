// Seeded random partner records for a compiled program, from its InputSpecs,
// aimed at the edges: values on and next to every numeric literal of the
// program, zeros (so divisions by zero), missing optional values, empty lists,
// every one-of value, and ratios that land exactly on thresholds.

import type { ExprTree, InputSpec } from "../../src/compile/artifact-types.js";
import { add, compare, fromRatio, mul, parseExact, round, sub, toExactString, type Exact } from "../oracle/exact.js";
import type { CompiledProgram } from "../../src/runtime/partner.js";
import { isNum, type Value } from "../../src/runtime/values.js";
import { mulberry32 } from "../../examples/generate-partners.js";

const CENT = fromRatio(1n, 100n);

function visit(tree: ExprTree, numbers: Exact[], strings: Set<string>): void {
  switch (tree.op) {
    case "num":
      numbers.push(parseExact(tree.value));
      return;
    case "str":
      strings.add(tree.value);
      return;
    case "list":
      tree.items.forEach((item) => visit(item, numbers, strings));
      return;
    case "neg":
    case "not":
    case "isMissing":
    case "isNotMissing":
      visit(tree.arg, numbers, strings);
      return;
    case "ref":
    case "tierName":
    case "tier":
    case "subtiers":
    case "total":
    case "bool":
      return;
    default:
      tree.args.forEach((arg) => visit(arg, numbers, strings));
  }
}

/** Every numeric literal of the program (expressions, bands, scorecard lines, caps, bounds) and every string. */
export function programLiterals(program: CompiledProgram): { numbers: Exact[]; strings: string[] } {
  const numbers: Exact[] = [];
  const strings = new Set<string>();
  const trees: ExprTree[] = [
    ...program.kpis.map((kpi) => kpi.expr),
    ...program.tables.flatMap((table) => [table.key, ...table.rows.map((row) => row.value)]),
    ...program.tiers.flatMap((tier) => tier.requirements.map((requirement) => requirement.expr)),
    ...program.subtiers.flatMap((subtier) => subtier.requirements.map((requirement) => requirement.expr)),
    ...program.incentives.flatMap((incentive) =>
      incentive.when ? [incentive.when, incentive.amount] : [incentive.amount],
    ),
  ];
  for (const tree of trees) visit(tree, numbers, strings);
  for (const table of program.tables) {
    for (const row of table.rows) {
      if (row.kind === "below" || row.kind === "above") numbers.push(parseExact(row.bound));
      if (row.kind === "range") numbers.push(parseExact(row.from), parseExact(row.to));
      if (row.kind === "match") strings.add(row.key);
    }
  }
  for (const scorecard of program.scorecards) {
    for (const line of scorecard.lines)
      numbers.push(...[line.threshold, line.target, line.max].map((text) => parseExact(text)));
  }
  for (const incentive of program.incentives) if (incentive.cap !== undefined) numbers.push(parseExact(incentive.cap));
  for (const input of program.inputs) {
    if (input.min !== undefined) numbers.push(parseExact(input.min));
    if (input.max !== undefined) numbers.push(parseExact(input.max));
  }
  const unique = new Map<string, Exact>();
  for (const n of numbers) {
    for (const x of [n, add(n, CENT), sub(n, CENT)]) unique.set(toExactString(x), x);
  }
  return { numbers: [...unique.values()], strings: [...strings] };
}

const NUMERIC = new Set(["number", "integer", "money", "percent"]);

/** A generator of typed records for `program`, deterministic for a seed. */
export function partnerGenerator(program: CompiledProgram, seed: number): (index: number) => Record<string, Value> {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const { numbers, strings } = programLiterals(program);
  const texts = ["", "x", ...strings];
  const numericInputs = program.inputs.filter((input) => NUMERIC.has(input.type));

  const fit = (input: InputSpec, value: Exact): Exact => {
    let x = value;
    if (input.type === "integer") x = round(x, 0, "half_even");
    if (input.type === "money") x = round(x, 2, "half_even");
    if (input.min !== undefined && compare(x, parseExact(input.min)) < 0) x = parseExact(input.min);
    if (input.max !== undefined && compare(x, parseExact(input.max)) > 0) x = parseExact(input.max);
    return x;
  };

  const randomNumber = (input: InputSpec): Exact => {
    const scale = input.type === "percent" ? 1 : pick([1, 10, 100, 1000, 100_000, 10_000_000]);
    const decimals = input.type === "integer" ? 0 : pick([0, 1, 2, 2, 3]);
    const unit = 10 ** decimals;
    const n = Math.floor(random() * scale * unit * (random() < 0.1 ? -1 : 1));
    return fromRatio(BigInt(n), BigInt(unit));
  };

  return (index) => {
    const record = Object.create(null) as Record<string, Value>;
    for (const input of program.inputs) {
      if (input.key) {
        record[input.name] = input.type === "integer" ? fromRatio(BigInt(index)) : `P-${index}`;
        continue;
      }
      if (input.optional && random() < 0.15) continue;
      switch (input.type) {
        case "boolean":
          record[input.name] = random() < 0.5;
          break;
        case "text":
          record[input.name] = pick(texts);
          break;
        case "oneOf":
          record[input.name] = pick(input.values ?? [""]);
          break;
        case "listOf":
          // Declaration order, each value once; empty a quarter of the time.
          record[input.name] = random() < 0.25 ? [] : (input.values ?? []).filter(() => random() < 0.5);
          break;
        default: {
          const r = random();
          let value: Exact;
          if (r < 0.3 && numbers.length > 0) value = pick(numbers);
          else if (r < 0.45) value = fromRatio(0n);
          else value = randomNumber(input);
          record[input.name] = fit(input, value);
        }
      }
    }
    // Put ratios exactly on thresholds: x = literal × y for another numeric input y.
    if (numericInputs.length >= 2 && numbers.length > 0 && random() < 0.3) {
      const x = pick(numericInputs);
      const y = pick(numericInputs);
      const base = record[y.name];
      if (x !== y && base !== undefined && isNum(base)) {
        record[x.name] = fit(x, mul(pick(numbers), base));
      }
    }
    return record;
  };
}

// What changed in the program itself, in words, from the two compiled
// artifacts (not a text diff): inputs, KPIs, thresholds in requirements,
// scorecard weights and bands, table rates and bands, incentive conditions,
// amounts and caps, tiers and subtiers added or removed.
import type {
  ExactString,
  IncentiveSpec,
  InputSpec,
  RequirementSpec,
  ScorecardLineSpec,
  TableRowSpec,
} from "../compile/artifact-types.js";
import * as q from "../number/rational.js";
import { formulaText } from "../runtime/explain.js";
import type { CompiledProgram } from "../runtime/partner.js";

export type ChangeKind = "added" | "removed" | "changed";

export interface ProgramChange {
  /** What the change is about: "program", "input", "kpi", "tier", "subtier", "scorecard", "table", "incentive". */
  subject: string;
  /** The declaration's name. */
  name: string;
  kind: ChangeKind;
  /** The change in words, e.g. `requirement "Power sales volume": revenue >= 1000000 → revenue >= 1200000`. */
  text: string;
}

/** An exact number as a program would read: "1.2", "1/3". */
function exactText(value: ExactString | undefined): string {
  if (value === undefined) return "none";
  const ratio = q.parseRatio(value);
  if (ratio === undefined) return value;
  const d = ratio.d;
  let rest = d;
  for (const p of [2n, 5n]) while (rest % p === 0n) rest /= p;
  if (rest !== 1n) return value;
  // A decimal: as many digits as the denominator needs.
  let digits = 0;
  for (let scale = 1n; scale % d !== 0n; scale *= 10n) digits++;
  const num = q.div(new q.Big(ratio.n, 1n), new q.Big(d, 1n))!;
  return q.formatFixed(num, digits, "half_up");
}

function byName<T extends { name: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.name, item]));
}

class ChangeList {
  readonly changes: ProgramChange[] = [];

  add(subject: string, name: string, kind: ChangeKind, text: string): void {
    this.changes.push({ subject, name, kind, text });
  }

  /** Declarations added, removed, or kept (then `compare` lists what changed inside). */
  declarations<T extends { name: string }>(
    subject: string,
    old: readonly T[],
    next: readonly T[],
    compare: (a: T, b: T) => void,
    describe: (item: T) => string = () => "",
  ): void {
    const before = byName(old);
    const after = byName(next);
    for (const item of old) {
      const other = after.get(item.name);
      if (other === undefined)
        this.add(subject, item.name, "removed", `${subject} ${item.name} removed${describe(item)}`);
      else compare(item, other);
    }
    for (const item of next) {
      if (!before.has(item.name))
        this.add(subject, item.name, "added", `${subject} ${item.name} added${describe(item)}`);
    }
  }

  changed(subject: string, name: string, what: string, before: string, after: string): void {
    if (before === after) return;
    this.add(subject, name, "changed", `${subject} ${name}: ${what === "" ? "" : `${what} `}${before} → ${after}`);
  }
}

function inputText(input: InputSpec): string {
  const type =
    input.type === "oneOf"
      ? `one of ${(input.values ?? []).map((v) => JSON.stringify(v)).join(", ")}`
      : input.type === "listOf"
        ? `list of ${(input.values ?? []).map((v) => JSON.stringify(v)).join(", ")}`
        : input.type;
  return [
    type,
    input.min !== undefined ? `min ${exactText(input.min)}` : "",
    input.max !== undefined ? `max ${exactText(input.max)}` : "",
    input.optional ? "optional" : "",
    input.key ? "key" : "",
    input.confidential ? "confidential" : "",
  ]
    .filter((part) => part !== "")
    .join(" ");
}

/** Requirements by label; a requirement whose label is its expression changes as a removal and an addition. */
function requirements(
  list: ChangeList,
  subject: string,
  name: string,
  old: readonly RequirementSpec[],
  next: readonly RequirementSpec[],
): void {
  // Inherited requirements are the parent's changes; only own ones are listed here.
  const own = (items: readonly RequirementSpec[]) => items.filter((r) => r.declaredIn === name);
  const before = new Map(own(old).map((r) => [r.label, r]));
  const after = new Map(own(next).map((r) => [r.label, r]));
  for (const [label, requirement] of before) {
    const other = after.get(label);
    const text = formulaText(requirement.expr);
    if (other === undefined) {
      list.add(
        subject,
        name,
        "removed",
        `${subject} ${name}: requirement removed: ${describeRequirement(label, text)}`,
      );
    } else {
      list.changed(subject, name, `requirement "${label}":`, text, formulaText(other.expr));
    }
  }
  for (const [label, requirement] of after) {
    if (!before.has(label)) {
      list.add(
        subject,
        name,
        "added",
        `${subject} ${name}: requirement added: ${describeRequirement(label, formulaText(requirement.expr))}`,
      );
    }
  }
}

function describeRequirement(label: string, text: string): string {
  return label === text ? text : `"${label}" (${text})`;
}

function benefits(list: ChangeList, subject: string, name: string, old: string[], next: string[]): void {
  for (const benefit of old) {
    if (!next.includes(benefit))
      list.add(subject, name, "removed", `${subject} ${name}: benefit removed: "${benefit}"`);
  }
  for (const benefit of next) {
    if (!old.includes(benefit)) list.add(subject, name, "added", `${subject} ${name}: benefit added: "${benefit}"`);
  }
}

function lineText(line: ScorecardLineSpec): string {
  return `weight ${exactText(line.weight)} threshold ${exactText(line.threshold)} target ${exactText(line.target)} max ${exactText(line.max)}`;
}

function bandText(row: TableRowSpec): string {
  switch (row.kind) {
    case "below":
      return `below ${exactText(row.bound)}`;
    case "range":
      return `${exactText(row.from)} to ${exactText(row.to)}`;
    case "above":
      return `${exactText(row.bound)} and above`;
    case "match":
      return row.key;
    case "otherwise":
      return "otherwise";
  }
}

function incentiveChanges(list: ChangeList, a: IncentiveSpec, b: IncentiveSpec): void {
  const when = (i: IncentiveSpec) => (i.when === undefined ? "always" : formulaText(i.when));
  list.changed("incentive", a.name, "when", when(a), when(b));
  list.changed("incentive", a.name, "amount", formulaText(a.amount), formulaText(b.amount));
  list.changed("incentive", a.name, "cap", exactText(a.cap), exactText(b.cap));
  list.changed("incentive", a.name, "label", JSON.stringify(a.label), JSON.stringify(b.label));
}

/** The changes from `old` to `next`, in a fixed order: program, inputs, KPIs, tiers, subtiers, scorecards, tables, incentives. */
export function programChanges(old: CompiledProgram, next: CompiledProgram): ProgramChange[] {
  const list = new ChangeList();
  const p = (name: string, a: string | undefined, b: string | undefined) =>
    list.changed("program", old.program.name, name, a ?? "none", b ?? "none");
  p("name", old.program.name, next.program.name);
  p("version", old.program.version, next.program.version);
  p("currency", old.program.currency, next.program.currency);
  p("rounding", old.program.rounding, next.program.rounding);

  list.declarations(
    "input",
    old.inputs,
    next.inputs,
    (a, b) => list.changed("input", a.name, "", inputText(a), inputText(b)),
    (input) => ` (${inputText(input)})`,
  );
  list.declarations("kpi", old.kpis, next.kpis, (a, b) => {
    list.changed("kpi", a.name, "", formulaText(a.expr), formulaText(b.expr));
    list.changed("kpi", a.name, "label", JSON.stringify(a.label), JSON.stringify(b.label));
  });
  list.declarations(
    "tier",
    old.tiers,
    next.tiers,
    (a, b) => {
      list.changed("tier", a.name, "rank", String(a.rank), String(b.rank));
      list.changed("tier", a.name, "extends", a.extends ?? "nothing", b.extends ?? "nothing");
      requirements(list, "tier", a.name, a.requirements, b.requirements);
      const own = (tier: typeof a, all: readonly { name: string; benefits: string[] }[]) => {
        const parent = all.find((t) => t.name === tier.extends);
        return tier.benefits.filter((benefit) => !(parent?.benefits ?? []).includes(benefit));
      };
      benefits(list, "tier", a.name, own(a, old.tiers), own(b, next.tiers));
    },
    (tier) => ` (rank ${tier.rank})`,
  );
  list.declarations("subtier", old.subtiers, next.subtiers, (a, b) => {
    list.changed("subtier", a.name, "parent", a.parent, b.parent);
    requirements(list, "subtier", a.name, a.requirements, b.requirements);
    benefits(list, "subtier", a.name, a.benefits, b.benefits);
  });
  list.declarations("scorecard", old.scorecards, next.scorecards, (a, b) => {
    const before = new Map(a.lines.map((line) => [line.value, line]));
    const after = new Map(b.lines.map((line) => [line.value, line]));
    for (const [value, line] of before) {
      const other = after.get(value);
      if (other === undefined) {
        list.add("scorecard", a.name, "removed", `scorecard ${a.name}: line ${value} removed (${lineText(line)})`);
        continue;
      }
      for (const field of ["weight", "threshold", "target", "max"] as const) {
        list.changed("scorecard", a.name, `line ${value} ${field}`, exactText(line[field]), exactText(other[field]));
      }
    }
    for (const [value, line] of after) {
      if (!before.has(value)) {
        list.add("scorecard", a.name, "added", `scorecard ${a.name}: line ${value} added (${lineText(line)})`);
      }
    }
  });
  list.declarations("table", old.tables, next.tables, (a, b) => {
    list.changed("table", a.name, "key", formulaText(a.key), formulaText(b.key));
    const rows = (spec: typeof a) => spec.rows.map((row) => `${bandText(row)}: ${formulaText(row.value)}`);
    const before = rows(a);
    const after = rows(b);
    if (before.join("\n") === after.join("\n")) return;
    // Bands kept with another value read as a rate change; the rest as bands removed and added.
    const bandsBefore = new Map(a.rows.map((row) => [bandText(row), formulaText(row.value)]));
    const bandsAfter = new Map(b.rows.map((row) => [bandText(row), formulaText(row.value)]));
    for (const [band, value] of bandsBefore) {
      const other = bandsAfter.get(band);
      if (other === undefined) list.add("table", a.name, "removed", `table ${a.name}: band ${band} removed (${value})`);
      else list.changed("table", a.name, `band ${band}:`, value, other);
    }
    for (const [band, value] of bandsAfter) {
      if (!bandsBefore.has(band)) list.add("table", a.name, "added", `table ${a.name}: band ${band} added (${value})`);
    }
  });
  list.declarations("incentive", old.incentives, next.incentives, (a, b) => incentiveChanges(list, a, b));
  return list.changes;
}

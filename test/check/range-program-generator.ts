// Seeded random PPL programs for the range analysis's property test: numeric
// inputs with random min/max/optional, KPIs of every arithmetic operator and
// function, text KPIs, tiers with comparisons under and/or/not, band and match
// tables, subtiers, scorecards and incentives with caps, all built from a small pool of
// literals near the declared bounds so that comparisons land on both sides,
// on the bounds and off them. Most programs check; those that do not are
// skipped by the test (which counts them).

import { mulberry32 } from "../../examples/generate-partners.js";

const BOUNDS = ["-10", "-1", "0", "0", "0", "1", "5", "10", "100", "50%", "1k"];
const LITERALS = ["0", "1", "2", "5", "10", "-1", "-5", "0.5", "100", "1k", "50%", "120%", "1.5", "11", "-20"];
const REGIONS = ['"AMS"', '"EMEA"', '"APJ"'];

export class RangeProgramGenerator {
  private readonly random: () => number;
  private numeric: string[] = [];
  private kpis: string[] = [];
  private tiers: string[] = [];

  constructor(seed: number) {
    this.random = mulberry32(seed);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  private chance(p: number): boolean {
    return this.random() < p;
  }

  private number(): string {
    return this.pick(LITERALS);
  }

  private value(depth: number): string {
    const r = this.random();
    if (depth >= 3 || r < 0.35)
      return this.chance(0.75)
        ? this.pick([...this.numeric, ...this.kpis.filter((k) => k !== "segment")])
        : this.number();
    const a = (): string => this.value(depth + 1);
    switch (this.pick(["+", "-", "*", "/", "min", "max", "abs", "clamp", "round", "if", "otherwise", "neg"])) {
      case "+":
        return `(${a()} + ${a()})`;
      case "-":
        return `(${a()} - ${a()})`;
      case "*":
        return `(${a()} * ${this.number()})`;
      case "/":
        return `(${a()} / ${a()})`;
      case "min":
        return `min(${a()}, ${a()})`;
      case "max":
        return `max(${a()}, ${a()}, ${this.number()})`;
      case "abs":
        return `abs(${a()})`;
      case "clamp":
        return `clamp(${a()}, ${this.pick(["-1", "0", "1"])}, ${this.pick(["1", "10", "100"])})`;
      case "round":
        return `round(${a()}, ${this.pick(["0", "1", "2"])})`;
      case "if":
        return `(if ${this.condition(depth + 1)} then ${a()} else ${a()})`;
      case "otherwise":
        return `(${a()} otherwise ${this.number()})`;
      default:
        return `-${a()}`;
    }
  }

  private op(): string {
    return this.pick(["<", "<=", ">", ">=", "=", "!="]);
  }

  /** One comparison: the kinds the analysis proves things about. */
  private comparison(depth: number): string {
    const r = this.random();
    if (r < 0.45) return `${this.value(depth + 1)} ${this.op()} ${this.number()}`;
    if (r < 0.6) return `${this.value(depth + 1)} ${this.op()} ${this.value(depth + 1)}`;
    if (r < 0.68) return `${this.value(depth + 1)} between ${this.number()} and ${this.number()}`;
    if (r < 0.76) return `${this.value(depth + 1)} is ${this.chance(0.5) ? "not " : ""}missing`;
    if (r < 0.84) return `region ${this.pick(["=", "!="])} ${this.pick(REGIONS)}`;
    if (r < 0.9) return `region ${this.chance(0.5) ? "not " : ""}in [${this.pick(REGIONS)}, ${this.pick(REGIONS)}]`;
    if (r < 0.95 && this.kpis.includes("segment")) return `segment = ${this.pick(['"Large"', '"Small"', '"Mid"'])}`;
    return "flag";
  }

  condition(depth = 0): string {
    const r = this.random();
    if (depth >= 2 || r < 0.6) return this.comparison(depth);
    if (r < 0.75) return `not (${this.condition(depth + 1)})`;
    return `(${this.condition(depth + 1)} ${this.pick(["and", "or"])} ${this.condition(depth + 1)})`;
  }

  program(): string {
    this.numeric = [];
    this.kpis = [];
    this.tiers = [];
    const lines = ['program "Generated" { currency USD }', "input id: text key"];
    const inputs = 2 + Math.floor(this.random() * 3);
    for (let i = 0; i < inputs; i++) {
      const name = `n${i}`;
      const type = this.pick(["number", "integer", "money", "percent"]);
      const bounds = this.pickBounds(type);
      lines.push(`input ${name}: ${type}${bounds}${this.chance(0.3) ? " optional" : ""}`);
      this.numeric.push(name);
    }
    lines.push(`input region: one of "AMS", "EMEA", "APJ"${this.chance(0.3) ? " optional" : ""}`);
    lines.push(`input flag: boolean${this.chance(0.3) ? " optional" : ""}`);
    const kpiCount = 1 + Math.floor(this.random() * 3);
    for (let i = 0; i < kpiCount; i++) {
      const expr = this.value(0);
      lines.push(`kpi k${i} = ${expr}`);
      this.kpis.push(`k${i}`);
    }
    if (this.chance(0.6)) {
      lines.push(`kpi segment = if ${this.condition(1)} then "Large" else ${this.pick(['"Small"', '"Large"'])}`);
      this.kpis.push("segment");
    }
    const tierCount = 1 + Math.floor(this.random() * 3);
    for (let i = 0; i < tierCount; i++) {
      const name = `T${i}`;
      const base = i > 0 && this.chance(0.5) ? ` extends T${i - 1}` : "";
      const requirements = Array.from(
        { length: 1 + Math.floor(this.random() * 2) },
        () => `  require ${this.condition()}`,
      );
      lines.push(`tier ${name}${base} {`, ...requirements, "}");
      this.tiers.push(name);
    }
    const subtiers = Math.floor(this.random() * 3);
    for (let i = 0; i < subtiers; i++) {
      lines.push(`subtier S${i} of ${this.pick(this.tiers)} {\n  require ${this.condition()}\n}`);
    }
    const subtierTest = (): string =>
      subtiers === 0
        ? this.condition()
        : this.pick([
            `S${Math.floor(this.random() * subtiers)} ${this.chance(0.5) ? "not " : ""}in subtiers`,
            `count(subtiers) ${this.op()} ${this.pick(["0", "1", "2"])}`,
          ]);
    const numericValues = [...this.numeric, ...this.kpis.filter((k) => k !== "segment")];
    lines.push(...this.bandTable("bands", numericValues));
    lines.push(...this.matchTable("by_key"));
    lines.push(...this.scorecard("score", [...numericValues, "bands"]));
    const incentives = 1 + Math.floor(this.random() * 2);
    for (let i = 0; i < incentives; i++) {
      const when = this.chance(0.5)
        ? `  when ${this.pick([`tier >= ${this.pick(this.tiers)}`, this.condition(), subtierTest()])}\n`
        : "";
      const amount = this.pick([
        this.value(0),
        `${this.value(1)} * bands`,
        `${this.value(1)} * by_key`,
        `score * ${this.number()}`,
        // A paid incentive is a value too: capped, floored at 0 and rounded.
        ...(i > 0 ? [`pay${i - 1} * ${this.number()} - ${this.number()}`] : []),
      ]);
      const cap = this.chance(0.6) ? `\n  cap ${this.pick(["0", "1", "10", "100", "1k", "1M"])}` : "";
      lines.push(`incentive pay${i} {\n${when}  amount ${amount}${cap}\n}`);
    }
    return lines.join("\n") + "\n";
  }

  private pickBounds(type: string): string {
    const min = this.chance(0.7) ? this.pick(BOUNDS) : undefined;
    const max = this.chance(0.5) ? this.pick(BOUNDS) : undefined;
    const value = (text: string): number =>
      text.endsWith("%")
        ? Number(text.slice(0, -1)) / 100
        : text.endsWith("k")
          ? Number(text.slice(0, -1)) * 1000
          : Number(text);
    const integral = (text: string): boolean => type !== "integer" || Number.isInteger(value(text));
    let result = "";
    if (min !== undefined && integral(min)) result += ` min ${min}`;
    if (max !== undefined && integral(max) && (min === undefined || !integral(min) || value(max) >= value(min)))
      result += ` max ${max}`;
    return result;
  }

  private bandTable(name: string, values: readonly string[]): string[] {
    const pool = ["-10", "-1", "0", "0.5", "1", "2", "10", "100", "1k"];
    const count = 1 + Math.floor(this.random() * 3);
    const bounds = [...new Set(Array.from({ length: count }, () => this.pick(pool)))].sort(
      (a, b) => pool.indexOf(a) - pool.indexOf(b),
    );
    const rows: string[] = [];
    const below = this.chance(0.6);
    const above = this.chance(0.6) || (bounds.length === 1 && !below);
    if (below) rows.push(`  below ${bounds[0]}: ${this.number()}`);
    for (let i = 0; i + 1 < bounds.length; i++) rows.push(`  ${bounds[i]} to ${bounds[i + 1]}: ${this.number()}`);
    if (above) rows.push(`  ${bounds[bounds.length - 1]} and above: ${this.number()}`);
    return [`table ${name} by ${this.pick(values)} {`, ...rows, "}"];
  }

  private matchTable(name: string): string[] {
    const keyed = this.pick(["region", "tier", ...(this.kpis.includes("segment") ? ["segment"] : [])]);
    const keys = keyed === "region" ? REGIONS : keyed === "tier" ? this.tiers : ['"Large"', '"Small"', '"Mid"'];
    const rows = keys.filter(() => this.chance(0.7)).map((key) => `  ${key}: ${this.number()}`);
    if (rows.length === 0 || this.chance(0.5)) rows.push(`  otherwise: ${this.number()}`);
    return [`table ${name} by ${keyed} {`, ...rows, "}"];
  }

  private scorecard(name: string, values: readonly string[]): string[] {
    const pool = ["-5", "0", "1", "5", "10", "11", "50%", "100", "1k"];
    const line = (weight: string): string => {
      const max = this.chance(0.3) ? " max 120%" : "";
      return `  ${this.pick(values)} weight ${weight} threshold ${this.pick(pool)} target ${this.pick(pool)}${max}`;
    };
    const lines = this.chance(0.5) ? [line("100%")] : [line("50%"), line("50%")];
    return [`scorecard ${name} {`, ...lines, "}"];
  }
}

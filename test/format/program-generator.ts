import { mulberry32 } from "../../examples/generate-partners.js";
// Random valid PPL programs, built from the grammar: every declaration kind,
// expressions of every precedence level, random spacing and line breaks, and
// comments wherever a line can end. Seeded, so a failure can be replayed.

export const randomSource = mulberry32;

const NAMES = [
  "revenue",
  "sales_target",
  "csat",
  "deals_won",
  "attainment",
  "growth",
  "services",
  "region",
  "x",
  "partner_revenue_in_the_quarter",
  "investment_level",
];
const TIERS = ["Member", "Premier", "Gold", '"Premier Services"', '"Big \\"Quoted\\" Tier"'];
const STRINGS = ['"DaaS"', '"Managed Print"', '"AMS"', '"EMEA"', '"with \\\\ backslash"', '"tab\\there"', '"Ünïcödé"'];
const NUMBERS = ["0", "1", "10", "2.5", "1_000", "25k", "1.5M", "80%", "0.5%", "100_000", "3"];
const COMMENTS = [
  "# note",
  "#",
  "# why: see the policy",
  "#   spaced",
  "# prettier-ignore",
  "# prettier-ignore-not",
  "# ÜNÏ",
];

export class ProgramGenerator {
  constructor(private readonly random: () => number) {}

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  private chance(p: number): boolean {
    return this.random() < p;
  }

  private times(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  // ------------------------------------------------------------ expressions

  expression(depth = 0): string[] {
    const parts = [this.orExpr(depth)];
    while (depth < 2 && this.chance(0.15)) parts.push(["otherwise"], this.orExpr(depth + 1));
    return parts.flat();
  }

  private orExpr(depth: number): string[] {
    const parts = [this.andExpr(depth)];
    while (depth < 2 && this.chance(0.3)) parts.push(["or"], this.andExpr(depth + 1));
    return parts.flat();
  }

  private andExpr(depth: number): string[] {
    const parts = [this.notExpr(depth)];
    while (depth < 2 && this.chance(0.35)) parts.push(["and"], this.notExpr(depth + 1));
    return parts.flat();
  }

  private notExpr(depth: number): string[] {
    if (this.chance(0.1)) return ["not", ...this.notExpr(depth + 1)];
    return this.comparison(depth);
  }

  private comparison(depth: number): string[] {
    const left = this.additive(depth);
    if (!this.chance(0.6)) return left;
    const kind = this.times(0, 4);
    if (kind === 0) return [...left, this.pick(["=", "!=", "<", "<=", ">", ">="]), ...this.additive(depth + 1)];
    if (kind === 1) return [...left, "between", ...this.additive(depth + 1), "and", ...this.additive(depth + 1)];
    if (kind === 2) return [...left, ...(this.chance(0.5) ? ["not"] : []), "in", ...this.additive(depth + 1)];
    if (kind === 3) return [...left, "is", ...(this.chance(0.5) ? ["not"] : []), "missing"];
    return [...left, ">=", ...this.additive(depth + 1)];
  }

  private additive(depth: number): string[] {
    const parts = [this.multiplicative(depth)];
    while (depth < 3 && this.chance(0.2)) parts.push([this.pick(["+", "-"])], this.multiplicative(depth + 1));
    return parts.flat();
  }

  private multiplicative(depth: number): string[] {
    const parts = [this.unary(depth)];
    while (depth < 3 && this.chance(0.2)) parts.push([this.pick(["*", "/"])], this.unary(depth + 1));
    return parts.flat();
  }

  private unary(depth: number): string[] {
    if (this.chance(0.08)) return ["-", ...this.unary(depth + 1)];
    return this.primary(depth);
  }

  private primary(depth: number): string[] {
    const deep = depth >= 3;
    const kind = deep ? this.times(0, 3) : this.times(0, 9);
    switch (kind) {
      case 0:
        return [this.pick(NUMBERS)];
      case 1:
        return [this.pick(STRINGS)];
      case 2:
        return [this.pick(NAMES)];
      case 3:
        return [this.pick(["true", "false", "tier", "subtiers", "total", this.pick(NAMES)])];
      case 4:
        return ["(", ...this.expression(depth + 1), ")"];
      case 5:
        return ["[", ...this.commaList(() => this.expression(depth + 1), 0, 3), "]"];
      case 6:
        // In parentheses: `else` reaches as far right as it can and would swallow what follows.
        return [
          "(",
          "if",
          ...this.expression(depth + 1),
          "then",
          ...this.expression(depth + 1),
          "else",
          ...this.expression(depth + 1),
          ")",
        ];
      case 7:
        return [
          this.pick(["min", "max", "round", "abs", "clamp", "count"]),
          "(",
          ...this.commaList(() => this.expression(depth + 1), 1, 3),
          ")",
        ];
      default:
        return [this.pick(NAMES)];
    }
  }

  private commaList(item: () => string[], min: number, max: number): string[] {
    const items = Array.from({ length: this.times(min, max) }, item);
    return items.flatMap((tokens, i) => (i === 0 ? tokens : [",", ...tokens]));
  }

  private signedNumber(percent = false): string[] {
    const n = percent ? this.pick(["5%", "50%", "100%", "12.5%", "120%"]) : this.pick(NUMBERS);
    return this.chance(0.2) ? ["-", n] : [n];
  }

  private label(): string[] {
    return this.chance(0.4)
      ? ["as", `"${this.pick(["Label", "A longer label for the reader", "Ünïcödé label"])}"`]
      : [];
  }

  // ------------------------------------------------------------ declarations

  private declaration(): string[] {
    switch (this.times(0, 7)) {
      case 0: {
        const options = Array.from({ length: this.times(0, 3) }, () =>
          this.pick([
            ["min", ...this.signedNumber()],
            ["max", ...this.signedNumber()],
            ["optional"],
            ["key"],
            ["confidential"],
          ]),
        ).flat();
        const type = this.chance(0.3)
          ? [this.pick(["one", "list"]), "of", ...this.commaList(() => [this.pick(STRINGS)], 1, 4)]
          : [this.pick(["text", "number", "integer", "money", "percent", "boolean"])];
        return ["input", this.pick(NAMES), ":", ...type, ...options];
      }
      case 1:
        return ["kpi", this.pick(NAMES), "=", ...this.expression(), ...this.label()];
      case 2:
      case 3: {
        const items = Array.from({ length: this.times(0, 4) }, () =>
          this.chance(0.7) ? ["require", ...this.expression(), ...this.label()] : ["benefit", this.pick(STRINGS)],
        ).flat();
        const head = this.chance(0.5)
          ? ["tier", this.pick(TIERS), ...(this.chance(0.4) ? ["extends", this.pick(TIERS)] : [])]
          : ["subtier", this.pick(TIERS), "of", this.pick(TIERS)];
        return [...head, "{", ...items, "}"];
      }
      case 4: {
        const lines = Array.from({ length: this.times(1, 4) }, () => [
          this.pick(NAMES),
          "weight",
          ...this.signedNumber(true),
          "threshold",
          ...this.signedNumber(),
          "target",
          ...this.signedNumber(),
          ...(this.chance(0.4) ? ["max", ...this.signedNumber(true)] : []),
        ]).flat();
        return ["scorecard", this.pick(NAMES), "{", ...lines, "}"];
      }
      case 5: {
        const rowValue = () =>
          this.pick([
            () => this.signedNumber(),
            () => [this.pick(STRINGS)],
            () => [this.pick(NAMES)],
            () => ["(", ...this.expression(2), ")"],
            () => ["max", "(", "1", ",", this.pick(NAMES), ")"],
          ])();
        const rows = Array.from({ length: this.times(1, 4) }, () =>
          this.pick([
            () => ["below", ...this.signedNumber(), ":", ...rowValue()],
            () => [...this.signedNumber(), "to", ...this.signedNumber(), ":", ...rowValue()],
            () => [...this.signedNumber(), "and", "above", ":", ...rowValue()],
            () => [this.pick(["Member", "Premier", '"AMS"', '"Premier Services"']), ":", ...rowValue()],
            () => ["otherwise", ":", ...rowValue()],
          ])(),
        ).flat();
        return ["table", this.pick(NAMES), "by", ...this.expression(2), "{", ...rows, "}"];
      }
      case 6: {
        const clauses = [
          ...(this.chance(0.7) ? [["when", ...this.expression()]] : []),
          ["amount", ...this.expression()],
          ...(this.chance(0.5) ? [["cap", ...this.signedNumber()]] : []),
        ];
        if (this.chance(0.3)) clauses.reverse();
        return ["incentive", this.pick(NAMES), ...this.label(), "{", ...clauses.flat(), "}"];
      }
      default: {
        const literal = () =>
          this.pick([
            () => this.signedNumber(),
            () => [this.pick(STRINGS)],
            () => [this.pick(["true", "false"])],
            () => ["[", ...this.commaList(() => [this.pick(STRINGS)], 0, 3), "]"],
          ])();
        const fields = this.commaList(() => [this.pick(NAMES), ":", ...literal()], 0, 6);
        const expects = Array.from({ length: this.times(1, 3) }, () => ["expect", ...this.expression()]).flat();
        return ["test", this.pick(STRINGS), "{", "given", "{", ...fields, "}", ...expects, "}"];
      }
    }
  }

  /** A program as tokens; `text` lays them out with random spacing and comments. */
  programTokens(): string[] {
    const header = [
      "program",
      '"Generated"',
      "{",
      ...(this.chance(0.5) ? ["version", '"v1"'] : []),
      "currency",
      "USD",
      "}",
    ];
    const declarations = Array.from({ length: this.times(1, 3) }, () => this.declaration());
    return [...header, ...declarations.flat()];
  }

  program(): string {
    const tokens = this.programTokens();
    let text = this.chance(0.2) ? this.pick(COMMENTS) + "\n" : "";
    tokens.forEach((token, i) => {
      text += token;
      if (i === tokens.length - 1) return;
      const roll = this.random();
      if (roll < 0.06) text += "  " + this.pick(COMMENTS) + "\n" + " ".repeat(this.times(0, 4));
      else if (roll < 0.09) text += "\n" + this.pick(COMMENTS) + "\n";
      else if (roll < 0.2) text += "\n" + (this.chance(0.2) ? "\n" : "") + " ".repeat(this.times(0, 6));
      else if (roll < 0.25) text += "   ";
      else if (roll < 0.28) text += "\n\n\n\n";
      else text += " ";
    });
    return text + (this.chance(0.3) ? "\n" + this.pick(COMMENTS) : "") + "\n";
  }
}

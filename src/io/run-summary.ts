// The summary of a run (spec section 7): rows, invalid rows, partners per tier
// and subtier, and the total paid per incentive, summed exactly.
import Fraction from "fraction.js";
import type { CompiledProgram } from "../runtime/partner.js";
import type { ResultRow } from "../runtime/result-types.js";
import { formatFixed } from "../runtime/exact.js";

export interface RunSummary {
  program: string;
  currency: string;
  rows: number;
  valid: number;
  invalid: number;
  /** Partners per tier, lowest first; "(none)" counts partners without a tier. */
  tiers: Record<string, number>;
  subtiers: Record<string, number>;
  /** Total paid per incentive, as money strings. */
  incentives: Record<string, string>;
  total: string;
}

export const NO_TIER = "(none)";

export class SummaryCounter {
  private rows = 0;
  private invalid = 0;
  private readonly tiers = new Map<string, number>();
  private readonly subtiers = new Map<string, number>();
  private readonly incentives = new Map<string, Fraction>();

  constructor(private readonly program: CompiledProgram) {
    for (const t of program.tiers) this.tiers.set(t.name, 0);
    this.tiers.set(NO_TIER, 0);
    for (const s of program.subtiers) this.subtiers.set(s.name, 0);
    for (const i of program.incentives) this.incentives.set(i.name, new Fraction(0));
  }

  add(result: ResultRow): void {
    this.rows++;
    if (result.status === "invalid") {
      this.invalid++;
      return;
    }
    const tier = result.tier ?? NO_TIER;
    this.tiers.set(tier, (this.tiers.get(tier) ?? 0) + 1);
    for (const s of result.subtiers) this.subtiers.set(s, (this.subtiers.get(s) ?? 0) + 1);
    for (const [name, amount] of Object.entries(result.incentives)) {
      this.incentives.set(name, (this.incentives.get(name) ?? new Fraction(0)).add(new Fraction(amount)));
    }
  }

  get invalidRows(): number {
    return this.invalid;
  }

  summary(): RunSummary {
    const { minorUnits, rounding, name, currency } = this.program.program;
    const money = (x: Fraction) => formatFixed(x, minorUnits, rounding);
    let total = new Fraction(0);
    const incentives: Record<string, string> = {};
    for (const [k, v] of this.incentives) {
      incentives[k] = money(v);
      total = total.add(v);
    }
    return {
      program: name,
      currency,
      rows: this.rows,
      valid: this.rows - this.invalid,
      invalid: this.invalid,
      tiers: Object.fromEntries(this.tiers),
      subtiers: Object.fromEntries(this.subtiers),
      incentives,
      total: money(total),
    };
  }
}

/** The summary in words for stderr. */
export function summaryText(s: RunSummary): string {
  const lines = [
    `${s.program}: ${s.rows} row${s.rows === 1 ? "" : "s"}, ${s.valid} valid, ${s.invalid} invalid`,
    "partners per tier:",
    ...Object.entries(s.tiers).map(([k, v]) => `  ${k}: ${v}`),
  ];
  if (Object.keys(s.subtiers).length > 0) {
    lines.push("partners per subtier:", ...Object.entries(s.subtiers).map(([k, v]) => `  ${k}: ${v}`));
  }
  lines.push(
    `paid per incentive (${s.currency}):`,
    ...Object.entries(s.incentives).map(([k, v]) => `  ${k}: ${v}`),
    `  total: ${s.total}`,
  );
  return lines.join("\n") + "\n";
}

// Number literals are exact decimals: `1_000`, `2.5`, `25k`, `1.5M`, `80%`.
// The value is computed with BigInt and kept as a reduced fraction "n/d".

import { ratio, ratioString } from "../number/rational.js";

export type NumberSuffix = "" | "k" | "M" | "%";

/** Reduced fraction string ("n" when the denominator is 1). */
export function fractionString(n: bigint, d: bigint): string {
  return ratioString(ratio(n, d));
}

/** Splits a literal into digits and suffix; returns undefined if it is not a well-formed literal. */
export function parseNumberLiteral(text: string): { value: string; suffix: NumberSuffix } | undefined {
  const match = /^(\d+(?:_\d+)*)(?:\.(\d+(?:_\d+)*))?([kM%]?)$/.exec(text);
  if (!match) return undefined;
  const whole = match[1].replaceAll("_", "");
  const fraction = (match[2] ?? "").replaceAll("_", "");
  const suffix = match[3] as NumberSuffix;
  let n = BigInt(whole + fraction);
  let d = 10n ** BigInt(fraction.length);
  if (suffix === "k") n *= 1000n;
  else if (suffix === "M") n *= 1_000_000n;
  else if (suffix === "%") d *= 100n;
  return { value: fractionString(n, d), suffix };
}

/** The exact value of `-literal`. */
export function negateFraction(value: string): string {
  return value.startsWith("-") ? value.slice(1) : value === "0" ? "0" : "-" + value;
}

// Generated partners (test/evaluator/partner-generator.ts) as raw records, the
// way a JSON data file would hold them, so both programs type them themselves.
import type { RawField, RawRecord } from "../../src/io/raw-record.js";
import { isNum, reduced } from "../../src/number/rational.js";
import type { CompiledProgram } from "../../src/runtime/partner.js";
import type { Value } from "../../src/runtime/values.js";
import { partnerGenerator } from "../evaluator/partner-generator.js";

/** n/d as a plain decimal, or undefined when it has no finite decimal expansion. */
function decimalText(n: bigint, d: bigint): string | undefined {
  let rest = d;
  let digits = 0;
  while (rest % 10n === 0n) {
    rest /= 10n;
    digits++;
  }
  while (rest % 2n === 0n || rest % 5n === 0n) {
    rest /= rest % 2n === 0n ? 2n : 5n;
    digits++;
  }
  if (rest !== 1n) return undefined;
  const scale = 10n ** BigInt(digits);
  const scaled = (n < 0n ? -n : n) * (scale / d);
  const text = scaled.toString().padStart(digits + 1, "0");
  const body = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  return n < 0n ? `-${body}` : body;
}

function rawField(value: Value): RawField | undefined {
  if (typeof value === "string") return { kind: "string", value };
  if (typeof value === "boolean") return { kind: "boolean", value };
  if (isNum(value)) {
    const { n, d } = reduced(value);
    const text = decimalText(n, d);
    return text === undefined ? undefined : { kind: "number", text };
  }
  if (Array.isArray(value))
    return { kind: "array", items: value.map((item) => ({ kind: "string", value: String(item) })) };
  return undefined;
}

export function generatedRecords(program: CompiledProgram, count: number, seed: number): RawRecord[] {
  const generate = partnerGenerator(program, seed);
  const records: RawRecord[] = [];
  for (let index = 0; index < count; index++) {
    const fields = Object.create(null) as Record<string, RawField>;
    for (const [name, value] of Object.entries(generate(index))) {
      const field = rawField(value);
      if (field !== undefined) fields[name] = field;
    }
    records.push({ row: index + 1, fields });
  }
  return records;
}

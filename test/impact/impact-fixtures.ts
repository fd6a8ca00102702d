// Two small programs and helpers shared by the impact tests.
import type { Artifact } from "../../src/compile/artifact.js";
import { checkSource } from "../../src/check/check-source.js";
import { compileProgram } from "../../src/compile/compile.js";
import { hasErrors } from "../../src/diagnostics/diagnostic.js";
import { readRecordsFrom } from "../../src/io/read-records.js";
import type { RawRecord } from "../../src/io/raw-record.js";
import { evaluateGates, parseGate } from "../../src/impact/gates.js";
import type { ImpactCounter } from "../../src/impact/impact-counter.js";
import { measureImpact } from "../../src/impact/measure.js";
import { programChanges } from "../../src/impact/program-diff.js";
import { buildReport, type ImpactReport } from "../../src/impact/report.js";

export function compiled(text: string, file = "program.ppl"): Artifact {
  const { diagnostics, checked } = checkSource(text, file);
  if (hasErrors(diagnostics)) throw new Error(`${file} does not compile: ${JSON.stringify(diagnostics)}`);
  return compileProgram(checked, text);
}

export async function csvRecords(text: string): Promise<RawRecord[]> {
  const records: RawRecord[] = [];
  for await (const record of readRecordsFrom([text], "csv")) records.push(record);
  return records;
}

export async function impactOf(
  old: Artifact,
  next: Artifact,
  records: RawRecord[],
  gates: string[] = [],
  top = 10,
): Promise<{ counter: ImpactCounter; report: ImpactReport }> {
  const counter = await measureImpact({ old, new: next }, records, { top });
  const results = evaluateGates(gates.map(parseGate), counter);
  const report = buildReport(counter, { old: "old.ppl", new: "new.ppl" }, programChanges(old, next), results);
  return { counter, report };
}

/** Old: Silver from 1,000 of revenue, Gold from 5,000, Gold Plus from 8,000; rates 1% and 2%, cap 150; a 50 bonus for Gold Plus. */
export const OLD_PROGRAM = `program "Small" {
  version "1"
  currency USD
  rounding half_up
}

input id: text key
input revenue: money min 0
input secret: number confidential

kpi margin = secret * 2  as "Margin"

tier Silver {
  require revenue >= 1000  as "Silver volume"
}

tier Gold extends Silver {
  require revenue >= 5000  as "Gold volume"
}

subtier "Gold Plus" of Gold {
  require revenue >= 8000  as "Plus volume"
}

table rate by tier {
  Silver: 1%
  Gold: 2%
  otherwise: 0
}

incentive rebate as "Rebate" {
  when tier >= Silver
  amount revenue * rate
  cap 150
}

incentive bonus as "Bonus" {
  when "Gold Plus" in subtiers
  amount 50
}
`;

/**
 * New: Gold from 4,000, Gold Plus from 10,000, Gold rate 2.5%, cap 200, the
 * bonus removed, a 10 kicker for Gold added, a required region input added,
 * and the confidential margin tripled.
 */
export const NEW_PROGRAM = OLD_PROGRAM.replace('version "1"', 'version "2"')
  .replace("input secret", 'input region: one of "A", "B"\ninput secret')
  .replace("secret * 2", "secret * 3")
  .replace("revenue >= 5000", "revenue >= 4000")
  .replace("revenue >= 8000", "revenue >= 10000")
  .replace("Gold: 2%", "Gold: 2.5%")
  .replace("cap 150", "cap 200")
  .replace(
    /incentive bonus[^}]*\}\n/,
    `incentive kicker as "Gold kicker" {
  when tier >= Gold
  amount 10
}
`,
  );

/**
 * The partners, with the confidential `secret` set to values that must never
 * appear in any report (777.123, and its margins 1554.246 / 2331.369; 31.4159).
 */
export const PARTNERS_CSV = `id,revenue,secret,region
P1,500,777.123,A
P2,2000,0,A
P3,4500,0,A
P4,6000,0,A
P5,9000,0,A
P6,12000,31.4159,A
P7,3000,0,C
P8,-5,0,A
`;

export const SECRETS = ["777.123", "1554.246", "2331.369", "31.4159", "94.2477", "62.8318"];

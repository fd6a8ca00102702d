// The read + type + validate stage on its own (issue 14's stage target:
// ≥ 300,000 rows/s on one core): rules/amplify.ppl partners from
// examples/generate-partners.ts, with its ~1% of invalid rows.
//
//   npx tsx test/bench/type-records.ts [--rows N]
//
// Prints rows/s for reading the CSV alone, reading and typing it, and typing
// raw records already in memory (typing alone), with the machine's load
// before and after: figures on a busy machine say so.
import { once } from "node:events";
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { checkProgram } from "../../src/check/check.js";
import { compileProgram } from "../../src/compile/compile.js";
import { readRecords } from "../../src/io/data-file.js";
import type { RawRecord } from "../../src/io/raw-record.js";
import { compileRecordValidator, typeRecord } from "../../src/io/typed-record.js";
import { parse } from "../../src/syntax/parse.js";
import { DEFAULT_OPTIONS, writePartners } from "../../examples/generate-partners.js";

const ROOT = join(import.meta.dirname, "..", "..");
const PROGRAM = "rules/amplify.ppl";
const { values: options } = parseArgs({ options: { rows: { type: "string", default: "1000000" } } });
const ROWS = Number(options.rows);
// Typing alone runs over this many raw records held in memory, repeated to ROWS typings.
const IN_MEMORY = Math.min(ROWS, 50_000);

const rate = (rows: number, ms: number) => `${Math.round((rows / ms) * 1000).toLocaleString("en-US")} rows/s`;

async function main(): Promise<void> {
  const load = loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
  const text = readFileSync(join(ROOT, PROGRAM), "utf8");
  const artifact = compileProgram(checkProgram(parse(text, PROGRAM).program), text);
  const validator = compileRecordValidator(artifact.inputs, artifact.program.name);
  const dir = mkdtempSync(join(tmpdir(), "ppl-type-bench-"));
  try {
    const csv = join(dir, "partners.csv");
    const file = createWriteStream(csv);
    await writePartners({ ...DEFAULT_OPTIONS, rows: ROWS }, file);
    file.end();
    await once(file, "finish");

    let start = performance.now();
    let count = 0;
    const kept: RawRecord[] = [];
    for await (const raw of readRecords(csv)) {
      if (kept.length < IN_MEMORY) kept.push(raw);
      count++;
    }
    const readMs = performance.now() - start;

    start = performance.now();
    let valid = 0;
    for await (const raw of readRecords(csv)) {
      if (typeRecord(raw, artifact.inputs, validator).ok) valid++;
    }
    const readTypeMs = performance.now() - start;

    // Passes over the records in memory; the fastest pass is the least disturbed by other work.
    let typedValid = 0;
    let typeMs = 0;
    let bestPassMs = Infinity;
    // CPU time of this process: on a busy machine, wall time also counts the time other work had the core.
    let bestPassCpuMs = Infinity;
    for (let done = 0; done < ROWS; done += kept.length) {
      const passStart = performance.now();
      const cpuStart = process.cpuUsage();
      for (let i = 0; i < kept.length; i++) {
        if (typeRecord(kept[i]!, artifact.inputs, validator).ok) typedValid++;
      }
      const cpu = process.cpuUsage(cpuStart);
      const passMs = performance.now() - passStart;
      typeMs += passMs;
      bestPassMs = Math.min(bestPassMs, passMs);
      bestPassCpuMs = Math.min(bestPassCpuMs, (cpu.user + cpu.system) / 1000);
    }
    const typings = Math.ceil(ROWS / kept.length) * kept.length;

    const after = loadavg()
      .map((x) => x.toFixed(2))
      .join(" ");
    console.log(`${PROGRAM}: ${count} CSV rows, ${valid} valid; load average before ${load}, after ${after}`);
    console.log(`  read (CSV to raw records)     ${rate(count, readMs)}`);
    console.log(`  read + type + validate        ${rate(count, readTypeMs)}`);
    console.log(`  type + validate, in memory    ${rate(typings, typeMs)} (${typedValid} valid of ${typings})`);
    console.log(
      `    fastest pass of ${kept.length}       ${rate(kept.length, bestPassMs)}, by CPU time ${rate(kept.length, bestPassCpuMs)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

// Properties of ppl impact on generated partners, for every program under
// rules/ and examples/: a program compared with itself changes nothing, and
// comparing two programs agrees with evaluating each on its own (as `ppl run`
// does) and joining the rows, counted here independently of src/impact.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Artifact } from "../../src/compile/artifact.js";
import type { ExprTree } from "../../src/compile/artifact-types.js";
import { evaluateRecords } from "../../src/io/evaluate-records.js";
import type { RawRecord } from "../../src/io/raw-record.js";
import type { ResultRow } from "../../src/runtime/result-types.js";
import { generatedRecords } from "./generated-records.js";
import { compiled, impactOf } from "./impact-fixtures.js";

const ROOT = join(import.meta.dirname, "..", "..");
const PARTNERS = 400;

const FILES = ["rules", "examples"].flatMap((dir) =>
  (readdirSync(join(ROOT, dir)) as string[])
    .filter((file) => file.endsWith(".ppl"))
    .map((file) => join(dir, file))
    .sort(),
);

const programs = FILES.map((file) => ({ file, artifact: compiled(readFileSync(join(ROOT, file), "utf8"), file) }));

/** Every number literal in requirements and incentive amounts scaled by 9/10 (a different program on the same inputs). */
function scaled(tree: ExprTree): ExprTree {
  if (tree.op === "num") {
    const [n, d = "1"] = tree.value.split("/");
    return { op: "num", value: `${BigInt(n!) * 9n}/${BigInt(d) * 10n}` };
  }
  const copy = { ...tree } as Record<string, unknown>;
  for (const key of ["arg", "args", "items"]) {
    const child = copy[key];
    if (Array.isArray(child)) copy[key] = child.map((item) => scaled(item as ExprTree));
    else if (child !== undefined) copy[key] = scaled(child as ExprTree);
  }
  return copy as ExprTree;
}

function variant(artifact: Artifact): Artifact {
  const requirements = <T extends { requirements: Artifact["tiers"][number]["requirements"] }>(owner: T): T => ({
    ...owner,
    requirements: owner.requirements.map((r) => ({ ...r, expr: scaled(r.expr) })),
  });
  return {
    ...artifact,
    tiers: artifact.tiers.map(requirements),
    subtiers: artifact.subtiers.map(requirements),
    incentives: artifact.incentives.map((i) => ({ ...i, amount: scaled(i.amount) })),
  };
}

async function resultRows(artifact: Artifact, records: RawRecord[]): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  const source = (async function* () {
    yield* records;
  })();
  for await (const { result } of evaluateRecords(artifact, source)) rows.push(result);
  return rows;
}

/** Money strings as whole minor units, so the sums here use BigInt, not the number module. */
function units(text: string): bigint {
  const negative = text.startsWith("-");
  const digits = (negative ? text.slice(1) : text).replace(".", "");
  return BigInt(digits) * (negative ? -1n : 1n);
}

function money(total: bigint, digits: number): string {
  const negative = total < 0n;
  const text = (negative ? -total : total).toString().padStart(digits + 1, "0");
  const body = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  return negative ? `-${body}` : body;
}

describe.each(programs)("$file", ({ artifact }) => {
  const records = generatedRecords(artifact, PARTNERS, 20261202);

  it("compared with itself, changes nothing", async () => {
    const { report } = await impactOf(artifact, artifact, records);
    expect(report.changed).toBe(0);
    expect(report.kpis_changed).toBe(0);
    expect(report.unchanged + report.invalid.rows).toBe(PARTNERS);
    expect(report.invalid.old).toBe(report.invalid.new);
    expect(report.tiers.upgrades + report.tiers.downgrades).toBe(0);
    for (const [from, row] of Object.entries(report.tiers.matrix)) {
      for (const [to, count] of Object.entries(row)) if (from !== to) expect(count).toBe(0);
    }
    for (const subtier of Object.values(report.subtiers)) expect(subtier.gained + subtier.lost).toBe(0);
    expect(report.total.delta).toMatch(/^0(\.0+)?$/);
    expect(report.top).toEqual([]);
    expect(report.program_changes).toEqual([]);
    expect(Object.values(report.values_changed).every((count) => count === 0)).toBe(true);
  });

  it("compared with a variant, agrees with joining two runs row by row", async () => {
    const next = variant(artifact);
    const { report } = await impactOf(artifact, next, records);
    const [oldRows, newRows] = [await resultRows(artifact, records), await resultRows(next, records)];
    const digits = artifact.program.minorUnits;
    let changed = 0;
    let unchanged = 0;
    let invalidOld = 0;
    let invalidNew = 0;
    const matrix: Record<string, Record<string, number>> = {};
    const sums = new Map<string, { old: bigint; new: bigint }>(
      artifact.incentives.map((i) => [i.name, { old: 0n, new: 0n }]),
    );
    const total = { old: 0n, new: 0n };
    oldRows.forEach((old, index) => {
      const row = newRows[index]!;
      if (old.status === "invalid") invalidOld++;
      if (row.status === "invalid") invalidNew++;
      if (old.status === "invalid" || row.status === "invalid") return;
      const from = old.tier ?? "none";
      const to = row.tier ?? "none";
      matrix[from] ??= {};
      matrix[from][to] = (matrix[from][to] ?? 0) + 1;
      for (const [name, sum] of sums) {
        sum.old += units(old.incentives[name]!);
        sum.new += units(row.incentives[name]!);
      }
      total.old += units(old.total);
      total.new += units(row.total);
      const same =
        old.tier === row.tier &&
        old.total === row.total &&
        old.subtiers.join("\n") === row.subtiers.join("\n") &&
        Object.keys(old.incentives).every((name) => old.incentives[name] === row.incentives[name]);
      if (same) unchanged++;
      else changed++;
    });
    expect(report.changed).toBe(changed);
    expect(report.unchanged).toBe(unchanged);
    expect(report.invalid.old).toBe(invalidOld);
    expect(report.invalid.new).toBe(invalidNew);
    for (const [from, row] of Object.entries(report.tiers.matrix)) {
      for (const [to, count] of Object.entries(row)) expect(count, `${from} → ${to}`).toBe(matrix[from]?.[to] ?? 0);
    }
    for (const [name, sum] of sums) {
      expect(report.incentives[name]).toMatchObject({ old: money(sum.old, digits), new: money(sum.new, digits) });
    }
    expect(report.total).toMatchObject({ old: money(total.old, digits), new: money(total.new, digits) });
    // The variant must really differ somewhere, or this test would prove little.
    expect(changed).toBeGreaterThan(0);
  });
});

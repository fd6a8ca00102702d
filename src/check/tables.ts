// Stage "tables": rows of one kind, bands that neither overlap nor leave a
// gap, match keys listed once, at most one `otherwise`.
import type { AboveRow, BelowRow, RangeRow, TableDecl, TableRow } from "../ast/nodes.js";
import type { CheckContext } from "./check-context.js";
import { arrayOf, declarationsOf } from "./expression-tree.js";
import { compareRational, parseRational, type Rational } from "./rational.js";
import { printTableRowHead } from "../syntax/print-expression.js";

type BandRow = BelowRow | RangeRow | AboveRow;

/** A band as a half-open interval [low, high); undefined bounds are infinite. */
interface Band {
  row: BandRow;
  low?: { value: Rational; text: string };
  high?: { value: Rational; text: string };
}

function isBand(row: TableRow): row is BandRow {
  return row.kind === "below" || row.kind === "range" || row.kind === "above";
}

function bound(
  literal: { value: string; text: string } | undefined,
): { value: Rational; text: string } | undefined | null {
  const value = parseRational(literal?.value);
  return value ? { value, text: literal!.text } : null;
}

export function checkTables(ctx: CheckContext): void {
  for (const decl of declarationsOf(ctx.program)) {
    if (decl.kind !== "table") continue;
    const rows = arrayOf(decl.rows);
    const bands = rows.filter(isBand);
    const matches = rows.filter((row) => !isBand(row));
    if (bands.length > 0 && matches.length > 0) {
      const odd = rows.find((row) => isBand(row) !== isBand(rows[0]))!;
      ctx.report(
        "PPL4006",
        odd.range,
        { table: String(decl.name?.value) },
        {
          related: [ctx.related(rows[0].range, `the table's first row is a ${isBand(rows[0]) ? "band" : "match row"}`)],
        },
      );
      continue;
    }
    if (bands.length > 0) checkBands(ctx, decl, bands);
    else checkMatches(ctx, decl, rows);
  }
}

function checkMatches(ctx: CheckContext, decl: TableDecl, rows: TableRow[]): void {
  const otherwise = rows.filter((row) => row.kind === "otherwise");
  for (const extra of otherwise.slice(1)) {
    ctx.report(
      "PPL4007",
      extra.range,
      { table: String(decl.name?.value) },
      { related: [ctx.related(otherwise[0].range, "the first `otherwise` row")] },
    );
  }
  const seen = new Map<string, TableRow>();
  for (const row of rows) {
    if (row.kind !== "match" || typeof row.key?.value !== "string") continue;
    const first = seen.get(row.key.value);
    if (first) {
      ctx.report(
        "PPL4008",
        row.key.range,
        { table: String(decl.name?.value), key: row.key.quoted ? JSON.stringify(row.key.value) : row.key.value },
        { related: [ctx.related(first.range, "the first row for this key")] },
      );
    } else {
      seen.set(row.key.value, row);
    }
  }
}

function checkBands(ctx: CheckContext, decl: TableDecl, rows: BandRow[]): void {
  const bands: Band[] = [];
  for (const row of rows) {
    const low = row.kind === "below" ? undefined : bound(row.kind === "range" ? row.from : row.bound);
    const high = row.kind === "above" ? undefined : bound(row.kind === "range" ? row.to : row.bound);
    if (low === null || high === null) continue; // an unreadable literal, reported by the parser
    if (low && high && compareRational(low.value, high.value) >= 0) {
      ctx.report("PPL4009", row.range, { band: printTableRowHead(row), table: String(decl.name?.value) });
      continue;
    }
    bands.push({ row, low, high });
  }
  // Coverage around an empty band would only restate that error.
  if (bands.length < rows.length) return;
  // Lower bounds ascending, an open lower end first.
  bands.sort((a, b) => {
    if (!a.low || !b.low) return a.low ? 1 : b.low ? -1 : 0;
    return compareRational(a.low.value, b.low.value);
  });
  let reach: Band | undefined;
  for (const band of bands) {
    if (reach) {
      const reachHigh = reach.high;
      const startsBefore =
        !band.low || (reachHigh !== undefined && compareRational(band.low.value, reachHigh.value) < 0) || !reachHigh;
      if (startsBefore) {
        const from = band.low?.text;
        const to = minBound(reachHigh, band.high)?.text;
        const where =
          from === undefined
            ? to === undefined
              ? "for every key"
              : `below ${to}`
            : to === undefined
              ? `from ${from} up`
              : `from ${from} up to ${to}`;
        ctx.report(
          "PPL4004",
          band.row.range,
          {
            band: printTableRowHead(band.row),
            table: String(decl.name?.value),
            other: printTableRowHead(reach.row),
            where,
          },
          { related: [ctx.related(reach.row.range, `band \`${printTableRowHead(reach.row)}\``)] },
        );
      } else if (reachHigh && band.low && compareRational(band.low.value, reachHigh.value) > 0) {
        ctx.report(
          "PPL4005",
          band.row.range,
          {
            table: String(decl.name?.value),
            from: reachHigh.text,
            to: band.low.text,
            before: printTableRowHead(reach.row),
            after: printTableRowHead(band.row),
          },
          { related: [ctx.related(reach.row.range, `band \`${printTableRowHead(reach.row)}\``)] },
        );
      }
    }
    // `reach` is the band that extends furthest up so far.
    if (!reach) reach = band;
    else if (reach.high && (!band.high || compareRational(band.high.value, reach.high.value) > 0)) reach = band;
  }
}

function minBound(
  a: { value: Rational; text: string } | undefined,
  b: { value: Rational; text: string } | undefined,
): { value: Rational; text: string } | undefined {
  if (!a) return b;
  if (!b) return a;
  return compareRational(a.value, b.value) <= 0 ? a : b;
}

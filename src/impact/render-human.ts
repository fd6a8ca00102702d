// The impact for a terminal: a summary, then aligned tables.
import { sampleErrors, type ImpactReport } from "./report.js";
import { alignedTable } from "./text-table.js";

function tierName(name: string | null): string {
  return name ?? "none";
}

function signed(delta: string): string {
  return delta.startsWith("-") ? delta : `+${delta}`;
}

function percent(value: string | null): string {
  return value === null ? "n/a" : `${signed(value)}%`;
}

export function renderHuman(report: ImpactReport): string {
  const { old, new: next } = report.programs;
  const out: string[] = [];
  out.push(`Impact of ${next.source} against ${old.source}`);
  out.push(
    `${report.rows} rows: ${report.changed} changed, ${report.unchanged} unchanged` +
      ` (${report.kpis_changed} with only KPIs, scores or unmet requirements changed),` +
      ` ${report.invalid.rows} invalid (old ${report.invalid.old}, new ${report.invalid.new})`,
  );
  out.push(`Tiers: ${report.tiers.upgrades} upgrades, ${report.tiers.downgrades} downgrades`);
  const currency = old.currency === next.currency ? old.currency : `${old.currency} → ${next.currency}`;
  out.push(
    `Total (${currency}): ${report.total.old} → ${report.total.new} (${signed(report.total.delta)}, ${percent(report.total.delta_percent)})`,
  );
  out.push(
    `Partners whose total rose ${report.partners.rose}, fell ${report.partners.fell}, unchanged ${report.partners.unchanged}`,
  );
  if (report.deltas !== null) {
    const d = report.deltas;
    out.push(`Per-partner delta: min ${d.min}, q1 ${d.q1}, median ${d.median}, q3 ${d.q3}, max ${d.max}`);
  }
  for (const gate of report.gates) {
    out.push(
      `${gate.holds ? "FAIL" : "ok"}  --fail-if "${gate.condition}" (value ${gate.value}${gate.base !== undefined ? ` of ${gate.base}` : ""})`,
    );
  }
  out.push("");

  out.push("Tier migration (rows: old tier, columns: new tier)");
  const columns = [...next.tiers.map((t) => t.name), "none"];
  out.push(
    alignedTable(
      ["old \\ new", ...columns],
      Object.entries(report.tiers.matrix).map(([from, row]) => [from, ...columns.map((to) => String(row[to] ?? 0))]),
    ),
  );

  const subtiers = Object.entries(report.subtiers);
  if (subtiers.length > 0) {
    out.push("Subtiers");
    out.push(
      alignedTable(
        ["subtier", "gained", "lost", "kept"],
        subtiers.map(([name, s]) => [name, String(s.gained), String(s.lost), String(s.kept)]),
      ),
    );
  }

  out.push("Money");
  out.push(
    alignedTable(
      ["incentive", "old", "new", "delta", "delta %"],
      [
        ...Object.entries(report.incentives).map(([name, m]) => [
          name,
          m.old,
          m.new,
          signed(m.delta),
          percent(m.delta_percent),
        ]),
        ["total", report.total.old, report.total.new, signed(report.total.delta), percent(report.total.delta_percent)],
      ],
    ),
  );

  if (report.top.length > 0) {
    out.push(`Top ${report.top.length} movers`);
    out.push(
      alignedTable(
        ["partner", "row", "tier", "total", "delta"],
        report.top.map((m) => [
          String(m.partner ?? "(no key)"),
          String(m.row),
          `${tierName(m.tier.old)} → ${tierName(m.tier.new)}`,
          `${m.total.old} → ${m.total.new}`,
          signed(m.total.delta),
        ]),
      ),
    );
    for (const m of report.top) {
      const details = [
        ...Object.entries(m.incentives).map(([name, pair]) => `${name} ${pair.old} → ${pair.new}`),
        ...m.requirements.map((r) => `${r.tier}: "${r.requirement}" now ${r.now}`),
      ];
      if (details.length > 0) out.push(`  ${String(m.partner ?? `row ${m.row}`)}: ${details.join("; ")}`);
    }
    out.push("");
  }

  const values = Object.entries(report.values_changed).filter(([, count]) => count > 0);
  if (values.length > 0) {
    out.push("KPIs and scores that changed (rows)");
    out.push(
      alignedTable(
        ["name", "rows"],
        values.map(([name, count]) => [name, String(count)]),
      ),
    );
  }

  out.push(`What changed in the program (${report.program_changes.length})`);
  if (report.program_changes.length === 0) out.push("  nothing");
  for (const change of report.program_changes) out.push(`  ${change.text}`);
  out.push("");

  if (report.invalid.samples.length > 0) {
    out.push(`Invalid rows (the first ${report.invalid.samples.length} of ${report.invalid.rows})`);
    for (const sample of report.invalid.samples) {
      for (const { side, text } of sampleErrors(sample)) {
        out.push(`  row ${sample.row}${sample.partner !== null ? ` (${sample.partner})` : ""}, ${side}: ${text}`);
      }
    }
    out.push("");
  }
  return out.join("\n");
}

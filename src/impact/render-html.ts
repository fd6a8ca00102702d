// The impact as one self-contained HTML page (no script, no network): the
// summary, a heat map of the tier migration matrix as a coloured table, and
// the same tables as the other formats.
import { escapeHtml as html, htmlPage } from "../report/page-style.js";
import { sampleErrors, type ImpactReport } from "./report.js";

function table(header: string[], rows: string[][], className?: string): string {
  return (
    `<table${className === undefined ? "" : ` class="${className}"`}><thead><tr>${header.map((h) => `<th>${h}</th>`).join("")}</tr></thead><tbody>` +
    rows
      .map((row) => `<tr>${row.map((cell, i) => (i === 0 ? `<th>${cell}</th>` : `<td>${cell}</td>`)).join("")}</tr>`)
      .join("") +
    "</tbody></table>"
  );
}

function signed(delta: string): string {
  return delta.startsWith("-") ? delta : `+${delta}`;
}

function percent(value: string | null): string {
  return value === null ? "n/a" : `${signed(value)}%`;
}

/** Green for upgrades, red for downgrades, blue for partners who stay; deeper for more rows. */
function heatColour(direction: number, share: number): string {
  const alpha = share === 0 ? 0 : 0.12 + 0.78 * share;
  const rgb = direction > 0 ? "22,163,74" : direction < 0 ? "220,38,38" : "37,99,235";
  return `rgba(${rgb},${alpha.toFixed(3)})`;
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1f2328;max-width:72rem}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:right}
thead th{background:#f6f8fa}tbody th{text-align:left;font-weight:600}.heat td{min-width:4rem}
.movers td:nth-child(2),.movers td:last-child,.movers th{text-align:left}.legend{color:#57606a}
.fail{color:#b91c1c;font-weight:600}.ok{color:#15803d}ul{padding-left:1.2rem}`;

export function renderHtml(report: ImpactReport): string {
  const { old, new: next } = report.programs;
  const rank = (tiers: { name: string; rank: number }[], name: string) => tiers.find((t) => t.name === name)?.rank ?? 0;
  const columns = [...next.tiers.map((t) => t.name), "none"];
  const counts = Object.values(report.tiers.matrix).flatMap((row) => Object.values(row));
  const most = Math.max(1, ...counts);
  const heat =
    `<table class="heat"><thead><tr><th>old \\ new</th>${columns.map((c) => `<th>${html(c)}</th>`).join("")}</tr></thead><tbody>` +
    Object.entries(report.tiers.matrix)
      .map(
        ([from, row]) =>
          `<tr><th>${html(from)}</th>` +
          columns
            .map((to) => {
              const count = row[to] ?? 0;
              const direction = Math.sign(rank(next.tiers, to) - rank(old.tiers, from));
              return `<td style="background:${heatColour(direction, count / most)}">${count}</td>`;
            })
            .join("") +
          "</tr>",
      )
      .join("") +
    "</tbody></table>";
  const parts: string[] = [];
  parts.push(`<h1>ppl impact</h1><p>${html(next.source)} against ${html(old.source)}</p>`);
  if (report.gates.length > 0) {
    parts.push(
      "<ul>" +
        report.gates
          .map(
            (g) =>
              `<li class="${g.holds ? "fail" : "ok"}">${g.holds ? "Failed" : "Passed"}: <code>${html(g.condition)}</code> (${html(g.value)})</li>`,
          )
          .join("") +
        "</ul>",
    );
  }
  parts.push(
    `<p><strong>${report.changed}</strong> of ${report.rows} partners change; ${report.unchanged} unchanged ` +
      `(${report.kpis_changed} with only KPIs or scores changed); ${report.invalid.rows} invalid ` +
      `(old ${report.invalid.old}, new ${report.invalid.new}). <strong>${report.tiers.upgrades}</strong> upgrades, ` +
      `<strong>${report.tiers.downgrades}</strong> downgrades.</p>`,
  );
  parts.push(
    "<h2>Tier migration</h2>",
    heat,
    '<p class="legend">Rows: old tier; columns: new tier. Green: a higher tier, red: a lower one, blue: the same rank; deeper for more partners.</p>',
  );
  parts.push(
    "<h2>Money</h2>",
    table(
      ["", "Old", "New", "Delta", "%"],
      [
        ...Object.entries(report.incentives).map(([name, m]) => [
          html(name),
          m.old,
          m.new,
          signed(m.delta),
          percent(m.delta_percent),
        ]),
        ["Total", report.total.old, report.total.new, signed(report.total.delta), percent(report.total.delta_percent)],
      ],
    ),
  );
  if (report.deltas !== null) {
    const d = report.deltas;
    parts.push(
      `<p>Totals rose for ${report.partners.rose}, fell for ${report.partners.fell}, stayed for ${report.partners.unchanged}. ` +
        `Per-partner delta: min ${d.min}, q1 ${d.q1}, median ${d.median}, q3 ${d.q3}, max ${d.max}.</p>`,
    );
  }
  const subtiers = Object.entries(report.subtiers);
  if (subtiers.length > 0) {
    parts.push(
      "<h2>Subtiers</h2>",
      table(
        ["Subtier", "Gained", "Lost", "Kept"],
        subtiers.map(([name, s]) => [html(name), String(s.gained), String(s.lost), String(s.kept)]),
      ),
    );
  }
  if (report.top.length > 0) {
    parts.push(
      `<h2>Top ${report.top.length} movers</h2>`,
      table(
        ["Partner", "Tier", "Total", "Delta", "What changed"],
        report.top.map((m) => [
          html(String(m.partner ?? `row ${m.row}`)),
          `${html(m.tier.old ?? "none")} → ${html(m.tier.new ?? "none")}`,
          `${m.total.old} → ${m.total.new}`,
          signed(m.total.delta),
          [
            ...Object.entries(m.incentives).map(([name, p]) => `${html(name)} ${p.old} → ${p.new}`),
            ...m.requirements.map((r) => `${html(r.tier)}: “${html(r.requirement)}” now ${r.now}`),
          ].join("<br>"),
        ]),
        "movers",
      ),
    );
  }
  parts.push(
    `<h2>What changed in the program (${report.program_changes.length})</h2>`,
    report.program_changes.length === 0
      ? "<p>Nothing.</p>"
      : `<ul>${report.program_changes.map((c) => `<li>${html(c.text)}</li>`).join("")}</ul>`,
  );
  const values = Object.entries(report.values_changed).filter(([, n]) => n > 0);
  if (values.length > 0) {
    parts.push(
      "<h2>KPIs and scores that changed</h2>",
      table(
        ["Name", "Rows"],
        values.map(([n, c]) => [html(n), String(c)]),
      ),
    );
  }
  if (report.invalid.samples.length > 0) {
    parts.push(
      `<h2>Invalid rows (the first ${report.invalid.samples.length} of ${report.invalid.rows})</h2><ul>` +
        report.invalid.samples
          .flatMap((s) =>
            sampleErrors(s).map(
              ({ side, text }) =>
                `<li>row ${s.row}${s.partner !== null ? ` (${html(String(s.partner))})` : ""}, ${side}: ${html(text)}</li>`,
            ),
          )
          .join("") +
        "</ul>",
    );
  }
  return htmlPage({ title: `ppl impact: ${next.name}`, style: STYLE, body: parts });
}

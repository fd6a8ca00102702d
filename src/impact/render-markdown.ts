// The impact as a pull-request comment: the summary first, details in
// <details> blocks, at most MARKDOWN_LIMIT bytes so GitHub accepts it
// (sections that do not fit are left out, and the comment says so).
import { sampleErrors, type ImpactReport } from "./report.js";

/** A marker the CI job finds its own comment by. */
export const COMMENT_MARKER = "<!-- ppl-impact -->";

/** GitHub refuses comments over 65,536 characters; stay well under. */
export const MARKDOWN_LIMIT = 60_000;

// Text from programs and data in a table cell or line: no markup, no HTML, no @mentions.
export function mdText(text: string): string {
  return text
    .replace(/[\r\n]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*_[\]|#~]/g, (c) => `\\${c}`)
    .replace(/@/g, "@\u200b");
}

/** A table whose columns in `text` are left-aligned; the others hold numbers and are right-aligned. */
function table(header: string[], rows: string[][], text: number[] = [0]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const rule = header.map((_, i) => (text.includes(i) ? "---" : "---:"));
  return [line(header), line(rule), ...rows.map(line)].join("\n");
}

function signed(delta: string): string {
  return delta.startsWith("-") ? delta : `+${delta}`;
}

function percent(value: string | null): string {
  return value === null ? "n/a" : `${signed(value)}%`;
}

function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>\n`;
}

const tierName = (name: string | null) => mdText(name ?? "none");

export function renderMarkdown(report: ImpactReport, limit = MARKDOWN_LIMIT): string {
  const { old, new: next } = report.programs;
  const currency = old.currency === next.currency ? old.currency : `${old.currency} → ${next.currency}`;
  const head: string[] = [COMMENT_MARKER, `### ppl impact: ${mdText(next.source)} against ${mdText(old.source)}`, ""];
  const failed = report.gates.filter((gate) => gate.holds);
  if (report.gates.length > 0) {
    head.push(
      failed.length > 0
        ? `**Failed:** ${failed.map((gate) => `\`${gate.condition.replace(/`/g, "'")}\` (${gate.value})`).join(", ")}`
        : `All ${report.gates.length} gates pass.`,
      "",
    );
  }
  head.push(
    `**${report.changed}** of ${report.rows} partners change (${report.unchanged} unchanged, ` +
      `${report.kpis_changed} with only KPIs or scores changed, ${report.invalid.rows} invalid: ` +
      `old ${report.invalid.old}, new ${report.invalid.new}). ` +
      `**${report.tiers.upgrades}** upgrades, **${report.tiers.downgrades}** downgrades.`,
    "",
    table(
      ["Money (" + mdText(currency) + ")", "Old", "New", "Delta", "%"],
      [
        ...Object.entries(report.incentives).map(([name, m]) => [
          mdText(name),
          m.old,
          m.new,
          signed(m.delta),
          percent(m.delta_percent),
        ]),
        [
          "**Total**",
          `**${report.total.old}**`,
          `**${report.total.new}**`,
          `**${signed(report.total.delta)}**`,
          percent(report.total.delta_percent),
        ],
      ],
    ),
    "",
    `Totals rose for ${report.partners.rose} partners, fell for ${report.partners.fell}, stayed for ${report.partners.unchanged}.` +
      (report.deltas === null
        ? ""
        : ` Per-partner delta: min ${report.deltas.min}, q1 ${report.deltas.q1}, median ${report.deltas.median}, q3 ${report.deltas.q3}, max ${report.deltas.max}.`),
    "",
  );

  const sections: string[] = [];
  const columns = [...next.tiers.map((t) => t.name), "none"];
  sections.push(
    details(
      "Tier migration",
      table(
        ["old \\ new", ...columns.map(mdText)],
        Object.entries(report.tiers.matrix).map(([from, row]) => [
          mdText(from),
          ...columns.map((to) => String(row[to] ?? 0)),
        ]),
      ),
    ),
  );
  const subtiers = Object.entries(report.subtiers);
  if (subtiers.length > 0) {
    sections.push(
      details(
        "Subtiers",
        table(
          ["Subtier", "Gained", "Lost", "Kept"],
          subtiers.map(([name, s]) => [mdText(name), String(s.gained), String(s.lost), String(s.kept)]),
        ),
      ),
    );
  }
  if (report.top.length > 0) {
    sections.push(
      details(
        `Top ${report.top.length} movers`,
        table(
          ["Partner", "Tier", "Total", "Delta", "What changed"],
          report.top.map((m) => [
            mdText(String(m.partner ?? `row ${m.row}`)),
            `${tierName(m.tier.old)} → ${tierName(m.tier.new)}`,
            `${m.total.old} → ${m.total.new}`,
            signed(m.total.delta),
            [
              ...Object.entries(m.incentives).map(([name, pair]) => `${mdText(name)} ${pair.old} → ${pair.new}`),
              ...m.requirements.map((r) => `${mdText(r.tier)}: “${mdText(r.requirement)}” now ${r.now}`),
            ].join("<br>"),
          ]),
          [0, 1, 4],
        ),
      ),
    );
  }
  sections.push(
    details(
      `What changed in the program (${report.program_changes.length})`,
      report.program_changes.length === 0
        ? "Nothing."
        : report.program_changes.map((change) => `- ${mdText(change.text)}`).join("\n"),
    ),
  );
  const values = Object.entries(report.values_changed).filter(([, count]) => count > 0);
  if (values.length > 0) {
    sections.push(
      details(
        "KPIs and scores that changed",
        table(
          ["Name", "Rows"],
          values.map(([name, count]) => [mdText(name), String(count)]),
        ),
      ),
    );
  }
  if (report.invalid.samples.length > 0) {
    const lines = report.invalid.samples.flatMap((sample) =>
      sampleErrors(sample).map(
        ({ side, text }) =>
          `- row ${sample.row}${sample.partner !== null ? ` (${mdText(String(sample.partner))})` : ""}, ${side}: ${mdText(text)}`,
      ),
    );
    sections.push(
      details(`Invalid rows (the first ${report.invalid.samples.length} of ${report.invalid.rows})`, lines.join("\n")),
    );
  }

  let text = head.join("\n") + "\n";
  const left: string[] = [];
  const note =
    "\n_Some sections were left out to keep this comment under GitHub's size limit; run `ppl impact --format json` for everything._\n";
  for (const section of sections) {
    if (Buffer.byteLength(text + section + note) <= limit) text += section;
    else left.push(section);
  }
  return left.length > 0 ? text + note : text;
}

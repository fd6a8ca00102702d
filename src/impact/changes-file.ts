// `--changes FILE`: one line per changed partner, NDJSON or (for a .csv file)
// CSV, written atomically: the file appears only when the run succeeds.
import { AtomicFile } from "../io/atomic-file.js";
import { csvField } from "../io/write-results.js";
import type { PartnerChange } from "./impact-counter.js";
import { moneyText } from "./report.js";

export type ChangesFormat = "ndjson" | "csv";

export function changesFormatOf(path: string): ChangesFormat {
  return path.toLowerCase().endsWith(".csv") ? "csv" : "ndjson";
}

/** The text of one change (and of the CSV header), for a fixed list of incentives. */
export function changeFormatter(
  format: ChangesFormat,
  incentives: readonly string[],
  digits: number,
): { header: string; line(change: PartnerChange): string } {
  const money = (x: Parameters<typeof moneyText>[0]) => moneyText(x, digits);
  if (format === "csv") {
    const cells = [
      "row",
      "partner",
      "old_tier",
      "new_tier",
      "old_subtiers",
      "new_subtiers",
      ...incentives.flatMap((name) => [`${name}.old`, `${name}.new`]),
      "total_old",
      "total_new",
      "total_delta",
    ];
    return {
      header: cells.map(csvField).join(",") + "\r\n",
      line: (change) =>
        [
          String(change.row),
          change.partner === null ? "" : String(change.partner),
          change.tier.old ?? "",
          change.tier.new ?? "",
          change.subtiers.old.join(";"),
          change.subtiers.new.join(";"),
          ...incentives.flatMap((name) => {
            const pair = change.incentives.get(name)!;
            return [money(pair.old), money(pair.new)];
          }),
          money(change.total.old),
          money(change.total.new),
          money(change.total.delta),
        ]
          .map(csvField)
          .join(",") + "\r\n",
    };
  }
  return {
    header: "",
    line: (change) => {
      const amounts = Object.create(null) as Record<string, { old: string; new: string }>;
      for (const name of incentives) {
        const pair = change.incentives.get(name)!;
        amounts[name] = { old: money(pair.old), new: money(pair.new) };
      }
      return (
        JSON.stringify({
          row: change.row,
          partner: change.partner,
          tier: change.tier,
          subtiers: change.subtiers,
          incentives: amounts,
          total: { old: money(change.total.old), new: money(change.total.new), delta: money(change.total.delta) },
        }) + "\n"
      );
    },
  };
}

/** Collects the changes; nothing reaches `path` before commit(). */
export class ChangesFile {
  private constructor(
    private readonly file: AtomicFile,
    private readonly formatter: ReturnType<typeof changeFormatter>,
  ) {}

  static async open(path: string, incentives: readonly string[], digits: number): Promise<ChangesFile> {
    const file = await AtomicFile.create(path);
    const formatter = changeFormatter(changesFormatOf(path), incentives, digits);
    if (formatter.header !== "") await file.write(formatter.header);
    return new ChangesFile(file, formatter);
  }

  /** Queues one change; AtomicFile buffers and flushes in large writes. */
  write(change: PartnerChange): Promise<void> {
    return this.file.write(this.formatter.line(change));
  }

  /** Lines already formatted (by a worker thread), in order. */
  writeText(text: string): Promise<void> {
    return text === "" ? Promise.resolve() : this.file.write(text);
  }

  commit(): Promise<void> {
    return this.file.commit();
  }

  abort(): Promise<void> {
    return this.file.abort();
  }
}

// A progress line on stderr for long runs, shown only when stderr is a terminal.
import type { WriteStream } from "node:tty";

const REDRAW_MS = 200;

export class Progress {
  private rows = 0;
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;
  private readonly enabled: boolean;

  constructor(
    private readonly stream: NodeJS.WriteStream | WriteStream,
    wanted: boolean,
  ) {
    this.enabled = wanted && stream.isTTY === true;
  }

  private nextCheck = 1024;

  /** Counts rows done (one by one, or a batch from the worker threads at a time). */
  tick(rows = 1): void {
    this.rows += rows;
    // The clock is read about once per 1,024 rows, not on every row.
    if (!this.enabled || this.rows < this.nextCheck) return;
    this.nextCheck = this.rows + 1024;
    const now = Date.now();
    if (now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    const perSecond = Math.round(this.rows / Math.max(0.001, (now - this.started) / 1000));
    this.stream.write(`\r${this.rows.toLocaleString("en-US")} rows, ${perSecond.toLocaleString("en-US")} rows/s `);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.stream.write("\r\x1b[K");
    this.drawn = false;
  }
}

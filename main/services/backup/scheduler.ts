// Automatic backups while the app runs: at most every 15 minutes, only when data changed since the
// last backup, never while another backup job runs. Time comes from the app clock (FakeClock in tests);
// the timer only wakes the check up, so tests call tick() directly.
import type { BackupService } from './service';

export const AUTO_INTERVAL_MS = 15 * 60_000;
const WAKE_EVERY_MS = 60_000;

export type TickResult = 'off' | 'busy' | 'too-soon' | 'unchanged' | 'done' | 'failed';

export interface Timers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const realTimers: Timers = {
  setInterval: (fn, ms) => {
    const h = setInterval(fn, ms);
    h.unref(); // a pending check never keeps the process alive
    return h;
  },
  clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
};

export class BackupScheduler {
  private handle: unknown = null;
  private running: Promise<TickResult> | null = null;

  constructor(
    private readonly svc: BackupService,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Starts the periodic check; the first one runs a minute after start-up, not during it. */
  start(): void {
    if (this.handle) return;
    this.handle = this.timers.setInterval(() => void this.tick(), WAKE_EVERY_MS);
  }

  stop(): void {
    if (this.handle) this.timers.clearInterval(this.handle);
    this.handle = null;
  }

  /** Data changed since the newest backup? */
  changed(): boolean {
    return this.svc.currentMark() !== this.svc.lastMark;
  }

  tick(): Promise<TickResult> {
    if (this.running) return this.running;
    this.running = this.check().finally(() => (this.running = null));
    return this.running;
  }

  private async check(): Promise<TickResult> {
    if (!this.svc.settings().schedule) return 'off';
    if (this.svc.isBusy()) return 'busy';
    const now = this.svc.app.clock.now().getTime();
    if (this.svc.lastAutoAt !== null && now - this.svc.lastAutoAt < AUTO_INTERVAL_MS) return 'too-soon';
    if (!this.changed()) return 'unchanged';
    return this.backupNow();
  }

  /** On quit: back up if anything changed, whatever the 15-minute rule says. */
  async beforeQuit(): Promise<TickResult> {
    this.stop();
    if (this.running) await this.running;
    if (!this.svc.settings().schedule) return 'off';
    if (!this.changed()) return 'unchanged';
    return this.backupNow();
  }

  private async backupNow(): Promise<TickResult> {
    try {
      await this.svc.create({ kind: 'auto', actor: null });
      this.svc.autoSucceeded();
      this.svc.rotate();
      return 'done';
    } catch (e) {
      this.svc.app.log.warn('automatic backup failed', { error: String((e as Error)?.message ?? e), folder: this.svc.folder() });
      try {
        this.svc.reportAutoFailure(e);
      } catch (report) {
        this.svc.app.log.warn('could not report the failed automatic backup', { error: String((report as Error)?.message ?? report) });
      }
      return 'failed';
    }
  }
}

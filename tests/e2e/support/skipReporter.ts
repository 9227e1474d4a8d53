// Prints each skipped test with its reason at the end of the run (the list reporter shows only "skipped"),
// so a run here says plainly why the Electron spec did not run.
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SkipReasonReporter implements Reporter {
  private readonly skipped: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const reasons = [
      ...new Set(
        [...test.annotations, ...result.annotations]
          .filter((a) => a.type === 'skip' || a.type === 'fixme')
          .map((a) => a.description)
          .filter(Boolean),
      ),
    ];
    this.skipped.push(`  - ${test.titlePath().filter(Boolean).join(' › ')}: ${reasons.join('; ') || '(no reason given)'}`);
  }

  onEnd(): void {
    if (this.skipped.length) process.stdout.write(`\nSkipped tests and why:\n${[...new Set(this.skipped)].join('\n')}\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}

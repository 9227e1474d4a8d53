// Shared set-up of the ad-hoc measurement scripts (bench/*-measure.ts): an app on a seeded data folder,
// a dispatch call as a logged-in window, and one printed line per case (p50/p95 of timeIt, and the ratio to
// a raw baseline run the same number of times).
import { createApp } from '../../main/app/createApp';
import { harnessPlatform } from '../../main/platform/harness';
import { timeIt } from './measure';

export function openMeasureApp(script: string) {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error(`usage: ${script} <dataDir>`);
  const { platform } = harnessPlatform(dataDir, { send: () => {} });
  const app = createApp({ dataDir, platform, log: { info() {}, warn() {}, error: (m, e) => console.error(m, e) } });
  const call = async (channel: string, input: unknown) => {
    const env = await app.dispatch('bench', channel, input);
    if (!env.ok) throw new Error(`${channel}: ${JSON.stringify(env.error)}`);
    return env.value as never;
  };
  return { app, raw: app.context.db.raw, call };
}

export async function time(label: string, runs: number, fn: () => unknown, baseline?: () => unknown): Promise<void> {
  const s = await timeIt(runs, fn);
  let extra = '';
  if (baseline) {
    const r = await timeIt(runs, baseline);
    extra = `   raw p50 ${r.p50.toFixed(2)} ms  ratio ${(s.p50 / r.p50).toFixed(2)}x`;
  }
  console.log(`${label.padEnd(58)} p50 ${s.p50.toFixed(2).padStart(7)} ms  p95 ${s.p95.toFixed(2).padStart(7)} ms${extra}`);
}

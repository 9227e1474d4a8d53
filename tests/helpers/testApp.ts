// A real app core on a fresh temp data folder with a migrated SQLite file, for unit tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type CrmApp } from '../../main/app/createApp';
import { harnessPlatform } from '../../main/platform/harness';
import type { Clock, EventSink, Logger } from '../../main/ipc/context';
import type { ChannelName, ChannelInput, ChannelOutput } from '../../main/contract';
import type { Envelope } from '../../main/contract/define';
import { setScryptCostForTests } from '../../main/services/auth/password';

export class FakeClock implements Clock {
  constructor(private t: number = Date.parse('2026-11-22T06:00:00.000Z')) {}
  now(): Date {
    return new Date(this.t);
  }
  set(iso: string): void {
    this.t = Date.parse(iso);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export const silentLog: Logger & { errors: string[] } = {
  errors: [],
  info() {},
  warn() {},
  error(msg, extra) {
    silentLog.errors.push(`${msg} ${JSON.stringify(extra ?? {})}`);
  },
};

export interface TestApp {
  app: CrmApp;
  dataDir: string;
  clock: FakeClock;
  events: { caller: string; event: string; payload: unknown }[];
  call<C extends ChannelName>(caller: string, channel: C, input?: ChannelInput<C>): Promise<Envelope<ChannelOutput<C>>>;
  /** call and return the value; throws with the envelope's error if it failed */
  ok<C extends ChannelName>(caller: string, channel: C, input?: ChannelInput<C>): Promise<ChannelOutput<C>>;
  /** first-run setup: admin 'owner' / 'owner-pass-1' logged in on caller 'admin' */
  setupAdmin(): Promise<ChannelOutput<'auth:setup'>['user']>;
  /** closes the app (every worker thread exited, the database closed), then removes the data folder */
  close(): Promise<void>;
}

export const ADMIN = { username: 'owner', password: 'owner-pass-1', displayName: '王老板' };

/**
 * Background timers (pool return rule, retention purge, auto backups, reminder timer) are off unless asked
 * for: a test drives them with scheduler.tick() / FakeClock, so nothing writes behind its back.
 */
export async function makeTestApp(opts: { clock?: FakeClock; fastHash?: boolean; scheduler?: boolean } = {}): Promise<TestApp> {
  if (opts.fastHash !== false) setScryptCostForTests(2 ** 10);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-unit-'));
  const clock = opts.clock ?? new FakeClock();
  const events: TestApp['events'] = [];
  const sink: EventSink = { send: (caller, event, payload) => events.push({ caller, event, payload }) };
  const { platform } = harnessPlatform(dataDir, sink);
  const app = createApp({ dataDir, platform, events: sink, clock, log: silentLog, scheduler: opts.scheduler ?? false });
  const call: TestApp['call'] = (caller, channel, input) => app.dispatch(caller, channel, input) as never;
  const ok: TestApp['ok'] = async (caller, channel, input) => {
    const env = await call(caller, channel, input);
    if (!env.ok) throw new Error(`${channel} failed: ${env.error.code} ${env.error.message} ${JSON.stringify(env.error.details ?? {})}`);
    return env.value;
  };
  return {
    app,
    dataDir,
    clock,
    events,
    call,
    ok,
    async setupAdmin() {
      return (await ok('admin', 'auth:setup', ADMIN)).user;
    },
    async close() {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

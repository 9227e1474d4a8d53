// Every channel of the contract with mutates: true writes at least one audit entry when it succeeds.
// The table below gives each one a minimal valid call (and the state it needs); a mutating channel added
// to the contract without a row here fails the first test, naming the row to add; a row whose call
// succeeds without writing an audit entry fails its own test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, CHANNEL_NAMES } from '../../../main/contract';
import type { ChannelDef } from '../../../main/contract/define';
import { createApp, type CrmApp } from '../../../main/app/createApp';
import { harnessPlatform } from '../../../main/platform/harness';
import { FakeClock, silentLog, ADMIN } from '../../helpers/testApp';
import { CHANNEL_RULES } from '../permissions/channelRules';
import { makeCompany, PASSWORD, type Company } from '../permissions/fixture';
import { verifyAuditChain } from '../../../main/services/audit/record';

const channels = contract as unknown as Record<string, ChannelDef>;
type Call = (channel: string, input?: unknown, caller?: string) => Promise<unknown>;
type State = Record<string, unknown>;

interface Case {
  /** who calls (default the owner, logged in as 'admin'); 'anon' = a window without a session */
  caller?: 'admin' | 'manager' | 'anon';
  /** a database with no users yet (auth:setup) */
  empty?: boolean;
  /** make the state the call needs (through channels or SQL); its result is passed to input */
  setup?: (call: Call, f: Company, app: CrmApp) => Promise<State>;
  input?: (f: Company, s: State, app: CrmApp) => unknown;
}

const future = (days: number) => new Date(Date.parse('2026-11-22T06:00:00.000Z') + days * 86_400_000).toISOString();
const newDeal = async (call: Call, f: Company) => (await call('deals:create', { name: '测试单', customerId: f.customers.a1 })) as { id: number; version: number };
const newReminder = async (call: Call) => (await call('reminders:create', { dueAt: future(2), content: '打电话' })) as { id: number };
const newRule = async (call: Call) =>
  (await call('automations:create', { name: '规则', trigger: { type: 'customer.created' }, actions: [{ type: 'addTag', tag: 't' }] })) as { id: number; version: number };
const newField = async (call: Call) => (await call('fields:create', { entity: 'customer', label: { zh: '车型' }, type: 'text' })) as { id: number; key: string };
const newBackup = async (call: Call) => (await call('backup:create', {})) as { path: string };
/** a one-row spreadsheet (CSV) and its import preview (sheet, header row, mapping) */
const importPreview = async (call: Call, app: CrmApp): Promise<State> => {
  const file = path.join(app.context.dataDir, 'import.csv');
  fs.writeFileSync(file, '客户名称,手机\r\n导入的客户,13600136000\r\n');
  const p = (await call('import:preview', { path: file })) as { sheet: string; headerRow: number; mapping: unknown };
  return { path: file, sheet: p.sheet, headerRow: p.headerRow, mapping: p.mapping };
};
const commitInput = (s: State) => ({ path: s.path, sheet: s.sheet, headerRow: s.headerRow, mapping: s.mapping, unmapped: 'ignore', onDuplicate: 'skip', allOrNothing: false });

export const MUTATING_CASES: Record<string, Case> = {
  'app:setLocale': { input: () => ({ locale: 'en' }) },
  'auth:setup': { empty: true, caller: 'anon', input: () => ({ username: 'boss', password: 'boss-pass-1', displayName: '老板' }) },
  'auth:login': { caller: 'anon', input: () => ({ username: ADMIN.username, password: ADMIN.password }) },
  'auth:logout': { input: () => ({}) },
  'auth:changePassword': { input: () => ({ oldPassword: ADMIN.password, newPassword: 'owner-pass-2' }) },
  'customers:create': { input: () => ({ name: '新客户' }) },
  'customers:batchUpdate': { input: (f) => ({ ids: [f.customers.a1], patch: { level: 'A' } }) },
  'views:save': { input: () => ({ name: '我的视图', filter: {}, columns: ['name'] }) },
  'views:delete': {
    setup: async (call) => ({ id: ((await call('views:save', { name: '要删的视图', filter: {}, columns: ['name'] })) as { id: number }).id }),
    input: (_f, s) => ({ id: s.id }),
  },
  'users:enable': { setup: async (call, f) => (await call('users:disable', { id: f.users.repB }), {}), input: (f) => ({ id: f.users.repB }) },
  'roles:delete': {
    setup: async (call) => ({ id: ((await call('roles:create', { name: '临时角色', permissions: ['customers.view'], scope: 'own' })) as { id: number }).id }),
    input: (_f, s) => ({ id: s.id }),
  },
  'pool:claim': { input: (f) => ({ ids: [f.customers.pool1] }) },
  'notifications:markRead': {
    // a transfer to the owner by the manager leaves the owner a notification
    setup: async (call, f) => (await call('customers:transfer', { ids: [f.customers.a1], toUserId: f.users.admin }, 'manager'), {}),
    input: () => ({ all: true }),
  },
  'deals:create': { input: (f) => ({ name: '新单', customerId: f.customers.a1 }) },
  'deals:update': { setup: async (call, f) => newDeal(call, f), input: (_f, s) => ({ id: s.id, version: s.version, patch: { name: '改名的单' } }) },
  'deals:moveStage': { setup: async (call, f) => newDeal(call, f), input: (_f, s) => ({ id: s.id, version: s.version, stageId: 2 }) },
  'deals:close': { setup: async (call, f) => newDeal(call, f), input: (_f, s) => ({ id: s.id, version: s.version, result: 'lost', reason: '价格太高' }) },
  'deals:reopen': {
    setup: async (call, f) => {
      const d = await newDeal(call, f);
      await call('deals:close', { id: d.id, version: d.version, result: 'lost', reason: '价格太高' });
      return d;
    },
    input: (_f, s) => ({ id: s.id, reason: '关错了' }),
  },
  'deals:delete': { setup: async (call, f) => newDeal(call, f), input: (_f, s) => ({ ids: [s.id] }) },
  'stages:update': {
    setup: async (call) => ({ stages: ((await call('stages:list', {})) as { stages: { id: number; name: string; probability: number; kind: string }[] }).stages }),
    input: (_f, s) => ({
      stages: (s.stages as { id: number; name: string; probability: number; kind: string }[]).map((x, i) => ({ id: x.id, name: i === 0 ? '初次接触' : x.name, probability: x.probability, kind: x.kind })),
    }),
  },
  'lossReasons:update': {
    setup: async (call) => ({ reasons: ((await call('lossReasons:list', {})) as { reasons: { id: number; name: string }[] }).reasons }),
    input: (_f, s) => ({ reasons: [...(s.reasons as { id: number; name: string }[]).map((r) => ({ id: r.id, name: r.name })), { name: '新原因' }] }),
  },
  'backup:create': { input: () => ({}) },
  'backup:verify': { setup: async (call) => newBackup(call), input: (_f, s) => ({ path: s.path }) },
  'backup:delete': { setup: async (call) => newBackup(call), input: (_f, s) => ({ path: s.path }) },
  'backup:settings': { input: () => ({ set: { keepDaily: 5 } }) },
  'backup:restore': { setup: async (call) => newBackup(call), input: (_f, s) => ({ path: s.path }) },
  'followUps:create': { input: (f) => ({ customerId: f.customers.a1, method: '电话', content: '聊了' }) },
  'followUps:update': {
    setup: async (call, f) => (await call('followUps:create', { customerId: f.customers.a1, method: '电话', content: '聊了' })) as State,
    input: (_f, s) => ({ id: s.id, version: s.version, patch: { content: '改了内容' } }),
  },
  'followUps:delete': {
    setup: async (call, f) => (await call('followUps:create', { customerId: f.customers.a1, method: '电话', content: '聊了' })) as State,
    input: (_f, s) => ({ ids: [s.id] }),
  },
  'followUps:setMethods': { input: () => ({ methods: ['电话', '微信', '拜访'] }) },
  'reminders:create': { input: () => ({ dueAt: future(1), content: '回电话' }) },
  'reminders:complete': { setup: async (call) => newReminder(call), input: (_f, s) => ({ id: s.id }) },
  'reminders:snooze': { setup: async (call) => newReminder(call), input: (_f, s) => ({ id: s.id, minutes: 10 }) },
  'reminders:reschedule': { setup: async (call) => newReminder(call), input: (_f, s) => ({ id: s.id, dueAt: future(5) }) },
  'reminders:cancel': { setup: async (call) => newReminder(call), input: (_f, s) => ({ id: s.id }) },
  'reminders:missed': {
    // a reminder that fired while the owner had no window open
    setup: async (_call, f, app) => {
      app.context.db.raw
        .prepare("INSERT INTO reminders (user_id, due_at, content, status, fired_at, created_at, updated_at) VALUES (?, ?, '错过的', 'pending', ?, ?, ?)")
        .run(f.users.admin, future(-1), future(-1), future(-2), future(-2));
      return {};
    },
    input: () => ({ acknowledge: true }),
  },
  'automations:create': { input: () => ({ name: '新规则', trigger: { type: 'customer.created' }, actions: [{ type: 'addTag', tag: 't' }] }) },
  'automations:update': { setup: async (call) => newRule(call), input: (_f, s) => ({ id: s.id, version: s.version, patch: { enabled: false } }) },
  'automations:delete': { setup: async (call) => newRule(call), input: (_f, s) => ({ id: s.id }) },
  'reports:setTimezone': { input: () => ({ offsetMinutes: 0 }) },
  'reports:export': {
    input: (f, _s, app) => ({
      report: 'salesPerformance',
      params: { from: '2026-11-01', to: '2026-11-30' },
      format: 'csv',
      columns: [{ key: 'ownerName', title: '负责人' }],
      title: '业绩',
      path: path.join(app.context.dataDir, 'perf.csv'),
    }),
  },
  'recycleBin:restore': { setup: async (call, f) => (await call('customers:delete', { ids: [f.customers.a1] }), {}) },
  'recycleBin:purge': { setup: async (call, f) => (await call('customers:delete', { ids: [f.customers.a1] }), {}) },
  'import:saveMapping': { input: () => ({ name: '我的映射', columns: [{ header: '客户名称', field: 'name' }] }) },
  'import:commit': { setup: async (call, _f, app) => importPreview(call, app), input: (_f, s) => commitInput(s) },
  'import:undo': {
    setup: async (call, _f, app) => ({ batchId: ((await call('import:commit', commitInput(await importPreview(call, app)))) as { batchId: string }).batchId }),
    input: (_f, s) => ({ batchId: s.batchId }),
  },
  'export:run': { input: (_f, _s, app) => ({ entity: 'customers', format: 'csv', path: path.join(app.context.dataDir, 'customers.csv') }) },
  'audit:export': { input: (_f, _s, app) => ({ path: path.join(app.context.dataDir, 'audit.xlsx') }) },
  'audit:revert': {
    setup: async (call, f, app) => {
      await call('customers:update', { id: f.customers.a1, version: 1, patch: { level: 'A' } });
      return { id: app.context.db.raw.prepare("SELECT max(id) FROM audit_log WHERE action = 'customer.update'").pluck().get() };
    },
    input: (_f, s) => ({ auditId: s.id }),
  },
  'audit:undoBatch': {
    setup: async (call, f) => (await call('customers:batchUpdate', { ids: [f.customers.a1, f.customers.a2], patch: { level: 'B' } })) as State,
    input: (_f, s) => ({ batchId: s.batchId }),
  },
  // custom fields (issue 13)
  'fields:create': { input: () => ({ entity: 'customer', label: { zh: '微信号' }, type: 'text' }) },
  'fields:update': { setup: async (call) => newField(call), input: (_f, s) => ({ id: s.id, label: { zh: '微信' } }) },
  'fields:reorder': { setup: async (call) => newField(call), input: (_f, s) => ({ entity: 'customer', ids: [s.id] }) },
  'fields:retire': { setup: async (call) => newField(call), input: (_f, s) => ({ id: s.id }) },
  'fields:restore': { setup: async (call) => newField(call).then(async (fd) => (await call('fields:retire', { id: fd.id }), fd)), input: (_f, s) => ({ id: s.id }) },
  'fields:delete': { setup: async (call) => newField(call), input: (_f, s) => ({ id: s.id, confirmKey: s.key }) },
  'forms:update': { input: () => ({ entity: 'customer', layout: { sections: [{ id: 'main', title: { zh: '更多' }, fields: [] }] } }) },
};

const MUTATING = CHANNEL_NAMES.filter((n) => channels[n].mutates);
let company: Company;
let templateDir: string;
let emptyDir: string;
const opened: { app: CrmApp; dir: string }[] = [];

beforeAll(async () => {
  company = await makeCompany();
  templateDir = company.t.dataDir;
  await company.t.app.close();
  emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-mut-empty-'));
  await createApp({ dataDir: emptyDir, platform: harnessPlatform(emptyDir, { send() {} }).platform, clock: new FakeClock(), log: silentLog, scheduler: false }).close();
});
afterAll(async () => {
  for (const o of opened) {
    await o.app.close();
    fs.rmSync(o.dir, { recursive: true, force: true });
  }
  fs.rmSync(templateDir, { recursive: true, force: true });
  fs.rmSync(emptyDir, { recursive: true, force: true });
});

function open(from: string): CrmApp {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-mut-'));
  fs.cpSync(from, dir, { recursive: true });
  const sink = { send() {} };
  const app = createApp({ dataDir: dir, platform: harnessPlatform(dir, sink).platform, events: sink, clock: new FakeClock(), log: silentLog, scheduler: false });
  opened.push({ app, dir });
  return app;
}

describe('audit coverage', () => {
  it('every mutating channel has a case (its own row here, or an input in channelRules.ts)', () => {
    const missing = MUTATING.filter((n) => !MUTATING_CASES[n] && !CHANNEL_RULES[n]?.input);
    expect(
      missing,
      `Mutating channels with no minimal call to check their audit entry. Add a row to MUTATING_CASES in tests/unit/audit/mutatingChannels.test.ts:\n` +
        missing.map((n) => `  '${n}': { input: (f) => ({ /* a valid input */ }) },`).join('\n'),
    ).toEqual([]);
  });
});

// channels without a case are reported (all at once, with the rows to add) by the coverage test above
describe.each(MUTATING.filter((n) => MUTATING_CASES[n] || CHANNEL_RULES[n]?.input))('%s', (name) => {
  it('writes an audit entry in the same transaction as its change', async () => {
    const c = MUTATING_CASES[name] ?? {};
    const app = open(c.empty ? emptyDir : templateDir);
    const login = async (caller: string, username: string, password: string) => {
      const r = await app.dispatch(caller, 'auth:login', { username, password });
      if (!r.ok) throw new Error(`login ${username}: ${r.error.message}`);
    };
    if (!c.empty) {
      await login('admin', ADMIN.username, ADMIN.password);
      await login('manager', 'manager', PASSWORD);
    }
    const call: Call = async (channel, input, caller = 'admin') => {
      const r = await app.dispatch(caller, channel, input);
      if (!r.ok) throw new Error(`${channel} (setup) failed: ${r.error.code} ${r.error.message}`);
      return r.value;
    };
    const state = c.setup ? await c.setup(call, company, app) : {};
    const input = c.input ? c.input(company, state, app) : CHANNEL_RULES[name]?.input?.(company);
    // the newest entry of the chain (a count could stay equal: backup:restore swaps in an older file)
    const last = () => app.context.db.raw.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').pluck().get() as string | undefined;
    const before = last();
    const r = await app.dispatch(c.caller === 'anon' ? 'anon-window' : (c.caller ?? 'admin'), name, input);
    expect(r.ok, `${name} with ${JSON.stringify(input)} failed: ${r.ok ? '' : `${r.error.code} ${r.error.message}`} — fix the case in MUTATING_CASES`).toBe(true);
    expect(last(), `${name} succeeded but wrote no audit entry (mutating channels must call recordAudit in the change's transaction)`).not.toBe(before);
    expect(verifyAuditChain(app.context.db).ok).toBe(true);
  });
});

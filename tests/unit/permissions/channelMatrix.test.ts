// Every channel of the contract × every built-in role × (no session / permitted / forbidden /
// out-of-scope record), asserting the envelope code. The permission decision of each channel is the
// explicit table in channelRules.ts: a channel added to the contract without a row there fails here,
// with the exact row to add.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, CHANNEL_NAMES } from '../../../main/contract';
import type { ChannelDef } from '../../../main/contract/define';
import { BUILTIN_ROLES, type BuiltinRoleKey } from '../../../main/contract/permissions';
import { createApp, type CrmApp } from '../../../main/app/createApp';
import { harnessPlatform } from '../../../main/platform/harness';
import { FakeClock, silentLog, ADMIN } from '../../helpers/testApp';
import { CHANNEL_RULES } from './channelRules';
import { sampleInput } from './sampleInput';
import { makeCompany, PASSWORD, type Company } from './fixture';

const channels = contract as unknown as Record<string, ChannelDef>;
const ROLE_LOGINS: Record<BuiltinRoleKey, { username: string; password: string }> = {
  admin: { username: ADMIN.username, password: ADMIN.password },
  manager: { username: 'manager', password: PASSWORD },
  sales: { username: 'rep-a', password: PASSWORD },
};
// a permitted call may fail for business reasons (CONFLICT, NOT_FOUND, INVALID_INPUT...), never these
const NEVER_WHEN_PERMITTED = ['UNAUTHENTICATED', 'FORBIDDEN', 'INTERNAL', 'UNKNOWN_CHANNEL'];

let company: Company;
let templateDir: string;
const opened: { app: CrmApp; dir: string }[] = [];

beforeAll(async () => {
  company = await makeCompany();
  templateDir = company.t.dataDir;
  await company.t.app.close(); // the folder stays: each channel gets a fresh copy of this small company
});
afterAll(async () => {
  for (const o of opened) {
    await o.app.close();
    fs.rmSync(o.dir, { recursive: true, force: true });
  }
  fs.rmSync(templateDir, { recursive: true, force: true });
});

function freshCompany(): CrmApp {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-matrix-'));
  fs.cpSync(templateDir, dir, { recursive: true });
  const sink = { send() {} };
  const app = createApp({ dataDir: dir, platform: harnessPlatform(dir, sink).platform, events: sink, clock: new FakeClock(), log: silentLog, scheduler: false });
  opened.push({ app, dir });
  return app;
}

describe('permission decisions', () => {
  it('every channel in the contract has a row in channelRules.ts with the same permission', () => {
    const missing = CHANNEL_NAMES.filter((n) => !Object.hasOwn(CHANNEL_RULES, n));
    expect(
      missing,
      `Channels without a permission decision. Add to CHANNEL_RULES in tests/unit/permissions/channelRules.ts:\n` +
        missing.map((n) => `  '${n}': { permission: ${JSON.stringify(channels[n].permission)?.replaceAll('"', "'")} },`).join('\n'),
    ).toEqual([]);
    const differ = CHANNEL_NAMES.filter((n) => Object.hasOwn(CHANNEL_RULES, n) && CHANNEL_RULES[n].permission !== channels[n].permission);
    expect(
      differ,
      differ
        .map((n) => `'${n}': the contract says ${JSON.stringify(channels[n].permission)}, channelRules.ts says ${JSON.stringify(CHANNEL_RULES[n].permission)} — fix whichever is wrong`)
        .join('\n'),
    ).toEqual([]);
    const stale = Object.keys(CHANNEL_RULES).filter((n) => !Object.hasOwn(channels, n));
    expect(stale, `Rows for channels that no longer exist; remove them from channelRules.ts: ${stale.join(', ')}`).toEqual([]);
  });

  it('only app:info, app:setLocale, auth:status, auth:setup and auth:login work without a session', () => {
    const pub = CHANNEL_NAMES.filter((n) => channels[n].access === 'public').sort();
    expect(pub).toEqual(['app:info', 'app:setLocale', 'auth:login', 'auth:setup', 'auth:status']);
  });
});

describe.each(CHANNEL_NAMES.filter((n) => Object.hasOwn(CHANNEL_RULES, n)))('%s', (name) => {
  it('answers the right code with no session, for each built-in role, and for out-of-scope records', async () => {
    const def = channels[name];
    const rule = CHANNEL_RULES[name];
    const input = rule.input ? rule.input(company) : sampleInput(def.input);
    const parsed = def.input.safeParse(input);
    expect(parsed.success, `${name}: the input for the matrix is not valid (${JSON.stringify(input)}); give one with \`input\` in channelRules.ts`).toBe(true);

    const app = freshCompany();
    let n = 0;
    const call = (caller: string, inp: unknown) => app.dispatch(caller, name, inp);
    const loggedIn = async (role: BuiltinRoleKey) => {
      const caller = `${role}-${n++}`;
      const r = await app.dispatch(caller, 'auth:login', ROLE_LOGINS[role]);
      if (!r.ok) throw new Error(`login as ${role} failed: ${r.error.message}`);
      return caller;
    };
    const codeOf = (r: Awaited<ReturnType<typeof call>>) => (r.ok ? 'OK' : r.error.code);

    // no session
    const anon = codeOf(await call(`anon-${n++}`, input));
    if (def.access === 'public') expect(anon, `${name} without a session`).not.toMatch(/UNAUTHENTICATED|FORBIDDEN|INTERNAL/);
    else expect(anon, `${name} without a session`).toBe('UNAUTHENTICATED');

    const roles = Object.keys(BUILTIN_ROLES) as BuiltinRoleKey[];
    const perms = (role: BuiltinRoleKey) => BUILTIN_ROLES[role].permissions as readonly string[];
    const holds = (role: BuiltinRoleKey) =>
      (!def.permission || perms(role).includes(def.permission)) && (!rule.alsoNeedsOneOf || rule.alsoNeedsOneOf.some((p) => perms(role).includes(p)));
    // forbidden roles first, then out-of-scope probes, then permitted calls (which may change data)
    for (const role of roles.filter((r) => !holds(r))) {
      expect(codeOf(await call(await loggedIn(role), input)), `${name} as ${role} (lacks ${def.permission})`).toBe('FORBIDDEN');
    }
    if (rule.outOfScope) {
      for (const role of roles.filter((r) => holds(r) && BUILTIN_ROLES[r].scope === 'own')) {
        const r = await call(await loggedIn(role), rule.outOfScope(company));
        expect(['NOT_FOUND', 'FORBIDDEN'], `${name} as ${role} on another rep's record answered ${codeOf(r)}`).toContain(codeOf(r));
        expect(JSON.stringify(r)).not.toContain('乙一商行');
      }
    }
    for (const role of roles.filter(holds)) {
      const r = await call(await loggedIn(role), input);
      expect(NEVER_WHEN_PERMITTED, `${name} as ${role} (permitted) answered ${codeOf(r)}: ${r.ok ? '' : r.error.message}`).not.toContain(codeOf(r));
    }
  });
});

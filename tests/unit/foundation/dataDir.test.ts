// Where data lives (--data, ZHANGGUI_DATA_DIR, the OS user-data folder) and the log file in it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDataDir } from '../../../main/app/dataDir';
import { fileLogger, redact } from '../../../main/app/logger';

describe('resolveDataDir', () => {
  it('--data DIR and --data=DIR win over everything', () => {
    expect(resolveDataDir(['electron', '.', '--data', 'rel/dir'], { ZHANGGUI_DATA_DIR: '/env' }, '/os')).toBe(path.resolve('rel/dir'));
    expect(resolveDataDir(['x', '--data=/abs/d'], { ZHANGGUI_DATA_DIR: '/env' }, '/os')).toBe(path.resolve('/abs/d'));
  });
  it('then ZHANGGUI_DATA_DIR, then the folder Electron gives', () => {
    expect(resolveDataDir(['x'], { ZHANGGUI_DATA_DIR: '/env/crm' }, '/os')).toBe(path.resolve('/env/crm'));
    expect(resolveDataDir(['x'], {}, '/os/zhanggui-crm')).toBe('/os/zhanggui-crm');
  });
  it('without Electron: the OS user-data folder named zhanggui-crm', () => {
    const dir = resolveDataDir(['x'], {});
    expect(path.basename(dir)).toBe('zhanggui-crm');
    if (process.platform === 'linux') {
      expect(dir).toBe(path.join(os.homedir(), '.config', 'zhanggui-crm'));
      expect(resolveDataDir(['x'], { XDG_CONFIG_HOME: '/xdg' })).toBe('/xdg/zhanggui-crm');
    }
  });
  it('a dangling --data (no value) is ignored', () => {
    expect(resolveDataDir(['x', '--data'], {}, '/os')).toBe('/os');
  });
});

describe('log file', () => {
  it('appends JSON lines to <data>/logs/main.log with secrets redacted', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-log-'));
    try {
      const log = fileLogger(dir, false);
      log.info('started', { version: '1' });
      log.error('failed', { input: { username: 'owner', password: 'hunter2-secret', nested: { token: 'abc' } } });
      const lines = fs.readFileSync(path.join(dir, 'logs', 'main.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatchObject({ level: 'info', msg: 'started', version: '1' });
      expect(lines[1].input).toEqual({ username: 'owner', password: '***', nested: { token: '***' } });
      expect(JSON.stringify(lines)).not.toContain('hunter2-secret');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  it('redact leaves ordinary values alone', () => {
    expect(redact({ a: [1, { passwordHash: 'x', name: '张三' }] })).toEqual({ a: [1, { passwordHash: '***', name: '张三' }] });
  });
});

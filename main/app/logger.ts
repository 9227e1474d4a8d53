import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../ipc/context';

const SECRET_KEYS = /pass(word|phrase)?|secret|token|hash/i;

/** Replace values of secret-looking keys, recursively, before anything is written to a log. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.test(k) ? '***' : redact(v, depth + 1);
  return out;
}

/** Appends JSON lines to <dataDir>/logs/main.log; also echoes errors to stderr. */
export function fileLogger(dataDir: string, echo = true): Logger {
  const dir = path.join(dataDir, 'logs');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'main.log');
  const write = (level: string, msg: string, extra?: Record<string, unknown>) => {
    const line = JSON.stringify({ at: new Date().toISOString(), level, msg, ...(redact(extra) as object) });
    try {
      fs.appendFileSync(file, line + '\n');
    } catch {
      /* a full or read-only disk must not take the app down with it; stderr still has it */
    }
    if (echo && level === 'error') process.stderr.write(line + '\n');
  };
  return {
    info: (m, e) => write('info', m, e),
    warn: (m, e) => write('warn', m, e),
    error: (m, e) => write('error', m, e),
  };
}

// scrypt at OWASP strength (N=2^17, r=8, p=1). node:crypto's async scrypt runs on libuv's thread pool,
// so hashing never blocks main's event loop.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export const SCRYPT_PARAMS = { N: 2 ** 17, r: 8, p: 1, keyLen: 32, saltLen: 16 } as const;

// Tests that create many users may lower the cost for new hashes (each hash records its own N, so
// verification is unaffected). The app never calls this; a unit test pins the production default.
let costN: number = SCRYPT_PARAMS.N;
export function setScryptCostForTests(N: number): void {
  costN = N;
}
// 128 * N * r bytes are needed (128 MiB); leave headroom.
const MAXMEM = 256 * 1024 * 1024;

function scrypt(password: string, salt: Buffer, keyLen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFC'), salt, keyLen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** Format: scrypt$N$r$p$saltB64$hashB64 */
export async function hashPassword(password: string): Promise<string> {
  const { r, p, keyLen, saltLen } = SCRYPT_PARAMS;
  const N = costN;
  const salt = randomBytes(saltLen);
  const key = await scrypt(password, salt, keyLen, { N, r, p, maxmem: MAXMEM });
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  const key = await scrypt(password, salt, expected.length, { N, r, p, maxmem: MAXMEM });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export function parseHashParams(stored: string): { N: number; r: number; p: number } | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  return { N: Number(parts[1]), r: Number(parts[2]), p: Number(parts[3]) };
}

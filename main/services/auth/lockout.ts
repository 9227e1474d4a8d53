// After 5 wrong passwords in a row the account waits; each further failure doubles the wait.
export const LOCKOUT_THRESHOLD = 5;
const BASE_SECONDS = 30;
const MAX_SECONDS = 60 * 60;

/** Seconds to lock after the given number of consecutive failures (0 = no lock). */
export function lockSecondsAfter(failures: number): number {
  if (failures < LOCKOUT_THRESHOLD) return 0;
  return Math.min(MAX_SECONDS, BASE_SECONDS * 2 ** (failures - LOCKOUT_THRESHOLD));
}

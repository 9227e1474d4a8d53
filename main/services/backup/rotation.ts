// Which automatic backups to keep: the newest one in each of the last N hours, N days and N weeks
// (grandfather-father-son, like borg/restic "keep-hourly/daily/weekly"). Pure: times in, decision out.
// Manual and pinned backups are never rotated; only the user deletes them.

export interface RotationPolicy {
  keepHourly: number;
  keepDaily: number;
  keepWeekly: number;
}

export interface RotationItem {
  id: string;
  /** ISO time the backup was taken */
  at: string;
}

/** Local periods: the owner's "day" starts at local midnight. offsetMinutes = minutes east of UTC. */
function periodKeys(ms: number, offsetMinutes: number): { hour: string; day: string; week: string } {
  const local = new Date(ms + offsetMinutes * 60_000);
  const y = local.getUTCFullYear();
  const mo = local.getUTCMonth();
  const d = local.getUTCDate();
  // ISO week: the Thursday of this week decides the year
  const dayNum = (local.getUTCDay() + 6) % 7; // Monday = 0
  const thursday = Date.UTC(y, mo, d - dayNum + 3);
  const isoYear = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(isoYear, 0, 1)) / (7 * 86_400_000)) + 1;
  return { hour: `${y}-${mo}-${d}T${local.getUTCHours()}`, day: `${y}-${mo}-${d}`, week: `${isoYear}W${week}` };
}

export function selectRotation(
  items: readonly RotationItem[],
  policy: RotationPolicy,
  offsetMinutes: number = -new Date().getTimezoneOffset(),
): { keep: string[]; remove: string[] } {
  const sorted = [...items].sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || (a.id < b.id ? 1 : -1));
  const keep = new Set<string>();
  if (sorted[0]) keep.add(sorted[0].id); // the newest is always kept, whatever the counts
  const rules: [keyof ReturnType<typeof periodKeys>, number][] = [
    ['hour', policy.keepHourly],
    ['day', policy.keepDaily],
    ['week', policy.keepWeekly],
  ];
  for (const [period, count] of rules) {
    const seen = new Set<string>();
    for (const it of sorted) {
      if (seen.size >= count) break;
      const key = periodKeys(Date.parse(it.at), offsetMinutes)[period];
      if (seen.has(key)) continue;
      seen.add(key);
      keep.add(it.id); // newest backup of this period
    }
  }
  return { keep: sorted.filter((i) => keep.has(i.id)).map((i) => i.id), remove: sorted.filter((i) => !keep.has(i.id)).map((i) => i.id) };
}

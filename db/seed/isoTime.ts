// ISO-8601 UTC text of a whole second, exactly as new Date(sec * 1000).toISOString() writes it, without
// the Date: the seed formats ~15M timestamps at 1M customers / 5M follow-ups. The date part is looked up
// per day (the seed's data spans two years), the time part is put together from two-digit strings.
// tests/unit/db/seedIsoTime.test.ts compares it with toISOString.
const P2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const days = new Map<number, string>();
// 0000-01-01 .. 9999-12-31: four-digit years, the form the shortcut reproduces
const MIN = -62_167_219_200;
const MAX = 253_402_300_799;

export function isoSecond(sec: number): string {
  if (!Number.isInteger(sec) || sec < MIN || sec > MAX) return new Date(sec * 1000).toISOString();
  const day = Math.floor(sec / 86_400);
  let date = days.get(day);
  if (date === undefined) {
    date = new Date(day * 86_400_000).toISOString().slice(0, 11); // 'YYYY-MM-DDT'
    if (days.size > 100_000) days.clear();
    days.set(day, date);
  }
  let rem = sec - day * 86_400;
  const h = Math.floor(rem / 3600);
  rem -= h * 3600;
  const m = Math.floor(rem / 60);
  return `${date}${P2[h]}:${P2[m]}:${P2[rem - m * 60]}.000Z`;
}

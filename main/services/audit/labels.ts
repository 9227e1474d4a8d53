// Record labels that audit summaries repeat once per row ("follow-up #12" of a customer's delete or restore), in the
// app's language. A bulk delete writes one per row, so the text is looked up once and the number put in by
// concatenation (an i18next call with interpolation costs ~15 µs; 100,000 follow-ups would add 1.5 s of steps).
import type { TFunction } from 'i18next';

const SLOT = '\u0000';

export function numberedLabel(t: TFunction, record: 'followUp' | 'reminder'): (id: number) => string {
  const [pre, post = ''] = t(`audit.summaries.record.${record}`, { id: SLOT }).split(SLOT);
  return (id) => `${pre}${id}${post}`;
}

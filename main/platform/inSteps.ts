// Bulk writes on the main thread in steps: one call of `step` per slice (the caller opens its transaction
// there), each slice sized so a step takes about `aimMs`, with the event loop turning in between so every
// window stays responsive. Used where thousands of records change at once on main's connection (delete and
// restore of many customers, an import's undo): one transaction for 10,000 customers froze the app 9–14 s at
// 1M customers. Sizes start small (the first pages come from disk) and at most double per step.
const turn = () => new Promise<void>((r) => setImmediate(r));

/** The next step's size: scaled so it takes about `aimMs` at the pace of the last one, at most doubled. */
export function nextStepSize(size: number, ms: number, opts: { aimMs: number; min: number; max: number }): number {
  return Math.max(opts.min, Math.min(opts.max, size * 2, Math.round((size * opts.aimMs) / Math.max(1, ms))));
}

export async function inSteps<T>(
  items: readonly T[],
  step: (part: readonly T[]) => void,
  opts: { first: number; aimMs: number; min: number; max?: number; onStep?: (done: number, total: number) => void },
): Promise<void> {
  const max = opts.max ?? 5000;
  let size = opts.first;
  for (let i = 0; i < items.length; ) {
    const part = items.slice(i, i + size);
    const t = performance.now();
    step(part);
    i += part.length;
    if (i >= items.length) return;
    opts.onStep?.(i, items.length);
    size = nextStepSize(size, performance.now() - t, { aimMs: opts.aimMs, min: opts.min, max });
    await turn();
  }
}

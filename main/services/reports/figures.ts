// Small pure helpers shared by the reports (rates and averages from SQL sums).
import type { PerformanceFigures } from '../../contract/reports';

export const rate = (num: number, den: number): number | null => (den > 0 ? num / den : null);

export interface PerfSums {
  won_amount: number;
  won_n: number;
  lost_n: number;
  new_c: number;
  fu: number;
}

export const ZERO_SUMS: PerfSums = { won_amount: 0, won_n: 0, lost_n: 0, new_c: 0, fu: 0 };

export function perfFigures(s: PerfSums): PerformanceFigures {
  return {
    wonAmountFen: s.won_amount,
    wonCount: s.won_n,
    lostCount: s.lost_n,
    winRate: rate(s.won_n, s.won_n + s.lost_n),
    avgDealFen: s.won_n > 0 ? Math.round(s.won_amount / s.won_n) : null,
    newCustomers: s.new_c,
    followUps: s.fu,
  };
}

export function addSums(a: PerfSums, b: PerfSums): PerfSums {
  return { won_amount: a.won_amount + b.won_amount, won_n: a.won_n + b.won_n, lost_n: a.lost_n + b.lost_n, new_c: a.new_c + b.new_c, fu: a.fu + b.fu };
}

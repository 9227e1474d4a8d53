// Locale formatting of the renderer (renderer/src/lib/format.ts): chart axes use the compact form, so a
// ¥1,500,000,000 tick fits the axis (the full figure lost its first digits there).
import { afterAll, describe, expect, it } from 'vitest';
import i18n from '../../../renderer/src/i18n';
import { formatCompact, formatMoneyFen, formatNumber } from '../../../renderer/src/lib/format';

afterAll(() => i18n.changeLanguage('zh-CN'));

describe('renderer formats', () => {
  it('zh-CN: 万 / 亿 on axes, full figures elsewhere', async () => {
    await i18n.changeLanguage('zh-CN');
    expect([60000, 250_000_000, 1_500_000_000].map(formatCompact)).toEqual(['6万', '2.5亿', '15亿']);
    expect(formatNumber(107279)).toBe('107,279');
    expect(formatMoneyFen(1_492_792_230_000)).toBe('¥14,927,922,300.00');
  });

  it('en: K / M / B', async () => {
    await i18n.changeLanguage('en');
    expect([60000, 250_000_000, 1_500_000_000].map(formatCompact)).toEqual(['60K', '250M', '1.5B']);
    expect(formatCompact(null)).toBe('');
  });
});

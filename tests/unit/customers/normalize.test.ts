// Table-driven: what users type into phone/email/birthday fields and what is stored.
import { describe, expect, it } from 'vitest';
import {
  normalizeBirthday,
  normalizeEmail,
  normalizeLandline,
  normalizeMobile,
  normalizeTags,
  normalizeText,
  toHalfWidth,
} from '../../../main/services/customers/normalize';

describe('mobile numbers', () => {
  const good: [string, string][] = [
    ['13800138000', '13800138000'],
    [' 138 0013 8000 ', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['+86-13800138000', '13800138000'],
    ['0086 13800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['１３８００１３８０００', '13800138000'],
    ['＋８６ １９９１２３４５６７８', '19912345678'],
    ['+1 415 555 2671', '+14155552671'],
    ['+44 20 7946 0958', '+442079460958'],
    ['0044 20 7946 0958', '+442079460958'],
    ['+852 5123 4567', '+85251234567'],
  ];
  it.each(good)('%s -> %s', (input, want) => {
    expect(normalizeMobile(input)).toEqual({ ok: true, value: want });
  });
  const bad = ['12345', '1380013800', '138001380001', '23800138000', '10800138000', 'abc', '+86 12345', '+1 000', '手机', '138 0013 800x'];
  it.each(bad)('rejects %s', (input) => {
    expect(normalizeMobile(input).ok).toBe(false);
  });
  it('empty is null', () => {
    expect(normalizeMobile('   ')).toEqual({ ok: true, value: null });
    expect(normalizeMobile(null)).toEqual({ ok: true, value: null });
  });
});

describe('landlines', () => {
  const good: [string, string][] = [
    ['0571-88886666', '0571-88886666'],
    ['0571 8888 6666', '0571-88886666'],
    ['057188886666', '0571-88886666'],
    ['(010)12345678', '010-12345678'],
    ['（010）12345678', '010-12345678'],
    ['010-6552 9988', '010-65529988'],
    ['021-5888888', '021-5888888'],
    ['+86 571 88886666', '0571-88886666'],
    ['0755-26668888 转 123', '0755-26668888-123'],
    ['400-820-8820', '400-820-8820'],
    ['4008208820', '400-820-8820'],
    ['13800138000', '13800138000'],
    ['+1 415 555 2671', '+14155552671'],
  ];
  it.each(good)('%s -> %s', (input, want) => {
    expect(normalizeLandline(input)).toEqual({ ok: true, value: want });
  });
  const bad = ['88886666', '0571-123', '0571-0888666', '12345678901234', 'phone', '00-12345678', '0571-88886666-abc'];
  it.each(bad)('rejects %s', (input) => {
    expect(normalizeLandline(input).ok).toBe(false);
  });
});

describe('emails', () => {
  const good: [string, string][] = [
    ['a@b.cn', 'a@b.cn'],
    [' Zhang.San@Example.COM ', 'zhang.san@example.com'],
    ['ｚｓ＠ｑｑ．ｃｏｍ', 'zs@qq.com'],
    ['first+tag@sub.domain.com.cn', 'first+tag@sub.domain.com.cn'],
    ['o\'reilly@example.org', "o'reilly@example.org"],
  ];
  it.each(good)('%s -> %s', (input, want) => {
    expect(normalizeEmail(input)).toEqual({ ok: true, value: want });
  });
  const bad = ['plain', 'a@b', '@b.com', 'a@.com', 'a..b@c.com', '.a@c.com', 'a@b.c', 'a b@c.com', 'a@b_c.com', '张三@qq.com', 'a@@b.com'];
  it.each(bad)('rejects %s', (input) => {
    expect(normalizeEmail(input).ok).toBe(false);
  });
});

describe('birthday, text, tags', () => {
  const today = '2026-11-22';
  it('accepts past dates and normalizes separators', () => {
    expect(normalizeBirthday('1990-01-02', today)).toEqual({ ok: true, value: '1990-01-02' });
    expect(normalizeBirthday('1990/1/2', today)).toEqual({ ok: true, value: '1990-01-02' });
    expect(normalizeBirthday('２０２６-１１-２２', today)).toEqual({ ok: true, value: '2026-11-22' });
  });
  it('rejects future and impossible dates', () => {
    expect(normalizeBirthday('2026-11-23', today)).toEqual({ ok: false, reason: 'future' });
    expect(normalizeBirthday('1990-02-30', today)).toEqual({ ok: false, reason: 'format' });
    expect(normalizeBirthday('02/01/1990', today)).toEqual({ ok: false, reason: 'format' });
    expect(normalizeBirthday('1850-01-01', today)).toEqual({ ok: false, reason: 'format' });
  });
  it('full-width to half-width keeps CJK', () => {
    expect(toHalfWidth('ＡＢＣ１２３　张三！')).toBe('ABC123 张三!');
    expect(normalizeText('  杭州　某某 科技  ')).toBe('杭州 某某 科技');
    expect(normalizeText('   ')).toBeNull();
  });
  it('tags are trimmed and de-duplicated', () => {
    expect(normalizeTags([' VIP ', 'ＶＩＰ', '', '老客户'])).toEqual(['VIP', '老客户']);
  });
});

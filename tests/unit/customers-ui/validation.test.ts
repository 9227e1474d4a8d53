import { describe, expect, it } from 'vitest';
import { normalizeEmail, normalizeLandline, normalizeMobile } from '../../../main/services/customers/normalize';
import { checkBirthday, checkCustomerDraft, isValidEmail, isValidMobile, isValidPhone, toHalfWidth } from '../../../renderer/src/features/customers/form/validation';

describe('renderer customer form checks (mirror of main rules)', () => {
  it.each([
    ['13800138000', true],
    ['138 0013 8000', true],
    ['138-0013-8000', true],
    ['+86 138 0013 8000', true],
    ['+8613800138000', true],
    ['008613800138000', true],
    ['8613800138000', true],
    ['１３８００１３８０００', true],
    ['+1 415 555 2671', true],
    ['+44 20 7946 0958', true],
    ['1380013800', false],
    ['138001380001', false],
    ['12800138000', false],
    ['+86 1380013800', false],
    ['abc', false],
    ['+1 123', false],
  ])('mobile %s → %s', (v, ok) => expect(isValidMobile(v)).toBe(ok));

  it.each([
    ['010-12345678', true],
    ['0755-1234567', true],
    ['0755 12345678', true],
    ['(021) 12345678', true],
    ['+86 10 12345678', true],
    ['010-12345678 转 123', true],
    ['0571-88886666', true],
    ['400-800-1234', true],
    ['13800138000 转 12', false],
    ['4008001234', true],
    ['13800138000', true],
    ['12345678', false],
    ['0012345678', false],
    ['0571-0888666', false],
    ['010-123', false],
    ['010-12345678 转 abc', false],
  ])('phone %s → %s', (v, ok) => expect(isValidPhone(v)).toBe(ok));

  it.each([
    ['a@b.cn', true],
    ['Zhang.San@Example.COM', true],
    ['ｚｓ＠ｅｘａｍｐｌｅ．ｃｏｍ', true],
    ['a@b', false],
    ['a b@c.com', false],
    ['@c.com', false],
    ['a@@c.com', false],
  ])('email %s → %s', (v, ok) => expect(isValidEmail(v)).toBe(ok));

  it('birthday: not in the future, real dates only', () => {
    const today = new Date(2025, 5, 15);
    expect(checkBirthday('2025-06-15', today)).toBe('ok');
    expect(checkBirthday('2025-06-16', today)).toBe('future');
    expect(checkBirthday('2023-02-30', today)).toBe('format');
    expect(checkBirthday('1990/01/01', today)).toBe('ok');
    expect(checkBirthday('1990年1月1日', today)).toBe('format');
    expect(checkBirthday(null, today)).toBe('ok');
  });

  it('draft: name required (full-width space counts as blank), every bad field reported', () => {
    expect(checkCustomerDraft({ name: '\u3000 ', mobile: '123', email: 'x', phone: '99', birthday: '2999-01-01' })).toEqual({
      name: 'nameRequired',
      mobile: 'mobile',
      email: 'email',
      phone: 'phone',
      birthday: 'birthdayFuture',
    });
    expect(checkCustomerDraft({ name: '张三丰', mobile: '138 0013 8000' })).toEqual({});
  });

  it('full-width to half-width', () => expect(toHalfWidth('ＡＢＣ１２３＋\u3000')).toBe('ABC123+ '));
});

describe('renderer checks agree with main (main/services/customers/normalize.ts)', () => {
  const phones = [
    '13800138000', '138 0013 8000', '+86 138-0013-8000', '0086 13800138000', '8613800138000', '１３８００１３８０００', '+1 415 555 2671',
    '0044 20 7946 0958', '12800138000', '+86 1380013800', '1380013800', '010-12345678', '(010)12345678', '0571 8888 6666',
    '+86 571 88886666', '0571-88886666 转 123', '400-800-1234', '800 123 4567', '0571-0888666', '00-12345678', '12345678',
    '13800138000 转 12', 'abc', '+', '010—12345678', '021·12345678',
  ];
  it.each(phones)('mobile %s', (v) => expect(isValidMobile(v)).toBe(normalizeMobile(v).ok));
  it.each(phones)('phone %s', (v) => expect(isValidPhone(v)).toBe(normalizeLandline(v).ok));
  it.each(['a@b.cn', 'Zhang.San@Example.COM', 'ｚｓ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'zs@example。com', 'a@b', 'a b@c.com', '@c.com', 'a@@c.com', 'a@-b.com', 'a..b@c.com'])(
    'email %s',
    (v) => expect(isValidEmail(v)).toBe(normalizeEmail(v).ok),
  );
});

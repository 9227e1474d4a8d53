// Business validation of customer fields in main (the renderer's checks are only a convenience):
// normalizes every given field and collects field errors in the caller's language.
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { customerFieldsSchema } from '../../contract/customers';
import { invalid } from '../../ipc/errors';
import { regionInput } from './regions';
import { normalizeBirthday, normalizeEmail, normalizeLandline, normalizeMobile, normalizeTags, normalizeText } from './normalize';

export type CustomerFields = z.infer<typeof customerFieldsSchema>;
export type CustomerPatch = Partial<CustomerFields>;

const TEXT_FIELDS = ['contactName', 'wechat', 'province', 'city', 'address', 'industry', 'company', 'position', 'source'] as const;

/** The stored province and city of the customer being updated (a patch may carry only one of them). */
export interface StoredRegion {
  province: string | null;
  city: string | null;
}

/**
 * Normalize the fields present in `input` (absent fields stay absent). Throws INVALID_INPUT with
 * details.fieldErrors keyed by field name when anything is wrong.
 * Province and city are mapped to the region data's names (浙江 -> 浙江省; a city alone gets its province) when
 * either is given and, for an update (`stored`), differs from what is stored: an unchanged pair is left as it
 * is, so an edit of another field never fails on a region stored before regions were checked.
 */
export function validateCustomerFields<T extends CustomerPatch>(input: T, t: TFunction, today: string, stored?: StoredRegion): T {
  const out: CustomerPatch = { ...input };
  const errors: Record<string, string> = {};

  if ('name' in input) {
    const name = normalizeText(input.name);
    if (!name) errors.name = t('customers.validation.nameRequired');
    else out.name = name;
  }
  for (const f of TEXT_FIELDS) if (f in input) out[f] = normalizeText(input[f]);
  if ('notes' in input) out.notes = input.notes === null || input.notes === undefined ? null : input.notes.trim() || null;

  if ('mobile' in input) {
    const r = normalizeMobile(input.mobile);
    if (r.ok) out.mobile = r.value;
    else errors.mobile = t('customers.validation.mobile');
  }
  if ('phone' in input) {
    const r = normalizeLandline(input.phone);
    if (r.ok) out.phone = r.value;
    else errors.phone = t('customers.validation.phone');
  }
  if ('email' in input) {
    const r = normalizeEmail(input.email);
    if (r.ok) out.email = r.value;
    else errors.email = t('customers.validation.email');
  }
  if ('birthday' in input) {
    const r = normalizeBirthday(input.birthday, today);
    if (r.ok) out.birthday = r.value;
    else errors.birthday = t(r.reason === 'future' ? 'customers.validation.birthdayFuture' : 'customers.validation.birthdayFormat');
  }
  if ('tags' in input) out.tags = normalizeTags(input.tags);
  if ('province' in input || 'city' in input) {
    const province = 'province' in input ? (out.province ?? null) : (stored?.province ?? null);
    const city = 'city' in input ? (out.city ?? null) : (stored?.city ?? null);
    if (!stored || province !== stored.province || city !== stored.city) {
      const r = regionInput(t, province, city);
      Object.assign(errors, r.errors);
      if (!r.errors.province && !r.errors.city) {
        // both are written: a city alone fills in its province; 北京 / 北京 is the municipality with no city
        out.province = r.province;
        out.city = r.city;
      }
    }
  }

  if (Object.keys(errors).length) throw invalid(t('customers.errors.invalid', { fields: Object.keys(errors).join(', ') }), errors);
  return out as T;
}

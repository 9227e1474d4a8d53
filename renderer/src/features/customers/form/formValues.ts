// Between the form's shape (region as [province, city], birthday as a dayjs) and the contract's fields.
import dayjs, { type Dayjs } from 'dayjs';
import type { ChannelInput } from '@contract/index';
import type { Customer } from '../model/types';
import { customPatch } from '../../fields/CustomFieldInputs';

export type CustomerFields = Omit<ChannelInput<'customers:create'>, 'allowDuplicate'>;

export interface FormValues {
  name?: string;
  kind?: Customer['kind'];
  contactName?: string | null;
  gender?: Customer['gender'];
  birthday?: Dayjs | null;
  mobile?: string | null;
  phone?: string | null;
  email?: string | null;
  wechat?: string | null;
  region?: string[];
  address?: string | null;
  industry?: string | null;
  company?: string | null;
  position?: string | null;
  source?: string | null;
  level?: Customer['level'];
  status?: Customer['status'];
  tags?: string[];
  ownerId?: number | null;
  notes?: string | null;
  /** custom field values in the API shape (issue 13) */
  custom?: Record<string, unknown>;
}

/** Every editable field, in the order the conflict dialog lists them. */
export const EDITABLE_FIELDS = [
  'name', 'kind', 'contactName', 'gender', 'birthday', 'mobile', 'phone', 'email', 'wechat', 'province', 'city', 'address',
  'industry', 'company', 'position', 'source', 'level', 'status', 'tags', 'notes',
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

/** Server field names → form field names (update errors come as patch.<field>; province/city live in one cascader). */
export const SERVER_FIELD_MAP: Record<string, string> = Object.fromEntries(
  EDITABLE_FIELDS.flatMap((f) => {
    const formField = f === 'province' || f === 'city' ? 'region' : f;
    return [
      [f, formField],
      [`patch.${f}`, formField],
    ];
  }),
);

export function toFormValues(c: Customer | null): FormValues {
  if (!c)
    // every field present (null), so server field errors always find their field on the form
    return {
      name: '', kind: 'company', contactName: null, gender: null, birthday: null, mobile: null, phone: null, email: null, wechat: null,
      region: [], address: null, industry: null, company: null, position: null, source: null, level: null, status: 'potential',
      tags: [], ownerId: null, notes: null, custom: {},
    };
  return {
    name: c.name,
    kind: c.kind,
    contactName: c.contactName,
    gender: c.gender,
    birthday: c.birthday ? dayjs(c.birthday) : null,
    mobile: c.mobile,
    phone: c.phone,
    email: c.email,
    wechat: c.wechat,
    region: [c.province, c.city].filter((x): x is string => !!x),
    address: c.address,
    industry: c.industry,
    company: c.company,
    position: c.position,
    source: c.source,
    level: c.level,
    status: c.status,
    tags: c.tags,
    ownerId: c.ownerId,
    notes: c.notes,
    custom: { ...(c.custom ?? {}) },
  };
}

const blankToNull = (s: string | null | undefined) => (s === undefined ? undefined : s === null || s.trim() === '' ? null : s);

export function toFields(v: FormValues): CustomerFields {
  return {
    name: v.name ?? '',
    kind: v.kind,
    contactName: blankToNull(v.contactName),
    gender: v.gender ?? null,
    birthday: v.birthday ? v.birthday.format('YYYY-MM-DD') : null,
    mobile: blankToNull(v.mobile),
    phone: blankToNull(v.phone),
    email: blankToNull(v.email),
    wechat: blankToNull(v.wechat),
    province: v.region?.[0] ?? null,
    city: v.region?.[1] ?? null,
    address: blankToNull(v.address),
    industry: blankToNull(v.industry),
    company: blankToNull(v.company),
    position: blankToNull(v.position),
    source: blankToNull(v.source),
    level: v.level ?? null,
    status: v.status,
    tags: v.tags ?? [],
    notes: blankToNull(v.notes),
    custom: v.custom,
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Only the fields that differ from the record being edited (a smaller patch conflicts less). */
export function diffPatch(fields: CustomerFields, base: Customer): Partial<CustomerFields> {
  const patch: Record<string, unknown> = {};
  for (const f of EDITABLE_FIELDS) {
    const mine = (fields as Record<string, unknown>)[f];
    if (mine === undefined) continue;
    if (!same(mine, (base as Record<string, unknown>)[f])) patch[f] = mine;
  }
  const custom = customPatch(fields.custom, base); // only the custom fields that changed
  if (custom) patch.custom = custom;
  return patch as Partial<CustomerFields>;
}

/** Fields whose saved value differs from what was typed (normalization: phone form, lower-case email, half-width). */
export function normalizedFields(sent: Partial<CustomerFields>, saved: Customer): EditableField[] {
  return EDITABLE_FIELDS.filter((f) => {
    const mine = (sent as Record<string, unknown>)[f];
    return typeof mine === 'string' && !same(mine, (saved as Record<string, unknown>)[f]);
  });
}

// The customer fields a spreadsheet column can be mapped to, and the headers people write for them in
// Chinese and English. Matching ignores case, width (full-width letters), spaces, a trailing * and a
// parenthesised note such as "手机号（必填）".
import { toHalfWidth } from '../customers/normalize';
import { IMPORT_FIELD_KEYS, type ImportTarget } from '../../contract/import';

// the list lives in the contract (the renderer's mapping table uses it too)
export const IMPORT_FIELDS = IMPORT_FIELD_KEYS;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Aliases per field; earlier fields win when a header could mean two (公司名称 is the name, 公司 the company). */
const ALIASES: Record<ImportField, string[]> = {
  name: ['客户名称', '客户名', '客户', '公司名称', '企业名称', '单位名称', '名称', '客户姓名', '姓名', 'name', 'customer', 'customername', 'companyname', 'accountname', 'fullname'],
  mobile: ['手机', '手机号', '手机号码', '联系电话', '移动电话', '联系方式', '联系手机', 'mobile', 'mobilephone', 'cell', 'cellphone', 'phone', 'phonenumber'],
  phone: ['座机', '电话', '固定电话', '固话', '办公电话', '公司电话', 'tel', 'telephone', 'landline', 'officephone', 'workphone'],
  email: ['邮箱', '电子邮箱', '电子邮件', '邮件', '邮箱地址', 'email', 'e-mail', 'mail', 'emailaddress'],
  contactName: ['联系人', '联系人姓名', '联系人名称', 'contact', 'contactname', 'contactperson'],
  position: ['职位', '职务', '岗位', '头衔', 'position', 'title', 'jobtitle'],
  company: ['公司', '所在公司', '单位', '工作单位', 'company', 'organization', 'organisation'],
  province: ['省份', '省', '所在省份', '省/直辖市', '省市', 'province', 'state', 'region'],
  city: ['城市', '市', '所在城市', '地级市', 'city'],
  address: ['地址', '详细地址', '联系地址', '通讯地址', '公司地址', 'address', 'street', 'streetaddress'],
  industry: ['行业', '所属行业', '行业类别', 'industry', 'sector'],
  source: ['来源', '客户来源', '渠道', '获客渠道', 'source', 'leadsource', 'channel'],
  owner: ['负责人', '所属人', '归属人', '销售', '销售员', '业务员', '跟进人', '客户经理', 'owner', 'salesrep', 'assignedto', 'accountowner'],
  notes: ['备注', '说明', '描述', '备注信息', 'notes', 'note', 'remark', 'remarks', 'comment', 'comments', 'description'],
  tags: ['标签', '客户标签', 'tags', 'tag', 'labels'],
  level: ['级别', '意向', '客户级别', '意向等级', '客户等级', '意向程度', '购买意向', 'level', 'intent', 'rating', 'grade'],
  status: ['状态', '客户状态', '跟进状态', 'status', 'stage'],
  birthday: ['生日', '出生日期', '出生年月', 'birthday', 'dateofbirth', 'dob', 'birthdate'],
  gender: ['性别', 'gender', 'sex'],
  wechat: ['微信', '微信号', 'wechat', 'weixin', 'wechatid'],
  kind: ['类型', '客户类型', '客户类别', 'type', 'kind', 'customertype'],
};

export function headerKey(h: string): string {
  return toHalfWidth(h)
    .toLowerCase()
    .replace(/[(（][^)）]*[)）]/g, '')
    .replace(/[\s*:：_]/g, '')
    .trim();
}

const LOOKUP = new Map<string, ImportField>();
for (const f of Object.keys(ALIASES) as ImportField[]) for (const a of ALIASES[f]) if (!LOOKUP.has(headerKey(a))) LOOKUP.set(headerKey(a), f);

export function fieldForHeader(h: string): ImportField | null {
  return LOOKUP.get(headerKey(h)) ?? null;
}

export interface ColumnMapping {
  /** 0-based column index in the sheet */
  column: number;
  /** a built-in field or `custom.<key>` */
  field: ImportTarget | null;
}

/** A custom field as an import target: its key and its labels (zh and en). */
export interface CustomTarget {
  key: `custom.${string}`;
  labels: string[];
}

export const isCustomTarget = (f: ImportTarget): f is `custom.${string}` => f.startsWith('custom.');

/**
 * The field a header names. A custom field's own label (zh or en) wins over the built-in aliases: the
 * user defined 客户类型 themselves, so that column is theirs rather than the built-in 类型 (kind).
 */
export function targetForHeader(h: string, custom: readonly CustomTarget[] = []): ImportTarget | null {
  const k = headerKey(h);
  const c = custom.find((x) => x.labels.some((l) => l && headerKey(l) === k));
  return c ? c.key : fieldForHeader(h);
}

/** One field per column and one column per field: the first column that names a field gets it. */
export function autoMap(headers: readonly string[], custom: readonly CustomTarget[] = []): ColumnMapping[] {
  const taken = new Set<ImportTarget>();
  return headers.map((h, column) => {
    const f = h ? targetForHeader(h, custom) : null;
    if (!f || taken.has(f)) return { column, field: null };
    taken.add(f);
    return { column, field: f };
  });
}

/** A saved mapping (header text -> field) applied to this file's headers. */
export function applySavedMapping(headers: readonly string[], saved: readonly { header: string; field: ImportTarget | null }[]): ColumnMapping[] {
  const byKey = new Map(saved.map((s) => [headerKey(s.header), s.field] as const));
  const auto = autoMap(headers);
  const taken = new Set<ImportTarget>();
  const out = headers.map((h, column) => {
    const k = headerKey(h);
    const f = byKey.has(k) ? byKey.get(k)! : auto[column].field;
    if (!f || taken.has(f)) return { column, field: null };
    taken.add(f);
    return { column, field: f };
  });
  return out;
}

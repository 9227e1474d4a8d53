// Search semantics through customers:list: 汉字 substring, full pinyin, initials, phone digit fragments,
// email substring, mixed input, traditional characters, combined with filters and scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, makeWorld, type CustomersWorld } from './fixture';
import { customerSearchFields } from '../../../main/services/customers/searchFields';
import { parseSearchQuery } from '../../../main/services/customers/searchQuery';

let w: CustomersWorld;
const ids: Record<string, number> = {};

beforeAll(async () => {
  w = await makeWorld();
  const add = async (key: string, f: Parameters<typeof create>[1], caller = 'admin') => {
    ids[key] = (await create(w.t, { allowDuplicate: true, ...f }, caller)).id;
  };
  await add('zhangsan', { name: '张三', kind: 'person', mobile: '13800138000', email: 'zhang.san@qq.com', province: '浙江省', level: 'A' });
  await add('zhangsanfeng', { name: '张三丰', kind: 'person', mobile: '13912345678', province: '湖北省', level: 'B' });
  await add('lisi', { name: '李四', kind: 'person', mobile: '+86 137-0000-8000', phone: '0571-88886666', email: 'lisi@163.com' });
  await add('hzkj', { name: '杭州某某科技有限公司', contactName: '王五', phone: '(010)12345678', email: 'info@moumou.cn' });
  await add('cq', { name: '重庆长安贸易有限公司', contactName: '单田芳' });
  await add('john', { name: 'John Smith', kind: 'person', email: 'john@acme.com', company: 'Acme Inc.' });
  await add('trad', { name: '張偉', kind: 'person' });
  await add('zhouqi', { name: '周七', kind: 'person', mobile: '181 3192 5915' });
  await add('repOwn', { name: '张小花', kind: 'person' }, 'repA');
  await add('repB', { name: '张大山', kind: 'person' }, 'repB');
});
afterAll(() => w.t.close());

async function find(query: string, caller = 'admin', extra: object = {}) {
  const page = await w.t.ok(caller, 'customers:list', { query, limit: 100, ...extra });
  return page.rows.map((r) => r.id).sort((a, b) => a - b);
}
const idsOf = (...keys: string[]) => keys.map((k) => ids[k]).sort((a, b) => a - b);

describe('customer search', () => {
  it('finds a single 汉字 and 2-character substrings (n-gram table)', async () => {
    expect(await find('张')).toEqual(idsOf('zhangsan', 'zhangsanfeng', 'trad', 'repOwn', 'repB'));
    expect(await find('张三')).toEqual(idsOf('zhangsan', 'zhangsanfeng'));
    expect(await find('某科')).toEqual(idsOf('hzkj'));
    expect(await find('五')).toEqual(idsOf('hzkj')); // contact name
  });

  it('finds 汉字 substrings of 3+ characters (trigram)', async () => {
    expect(await find('张三丰')).toEqual(idsOf('zhangsanfeng'));
    expect(await find('科技有限')).toEqual(idsOf('hzkj'));
    expect(await find('长安贸易')).toEqual(idsOf('cq'));
  });

  it('finds full pinyin, with or without spaces', async () => {
    expect(await find('zhangsan')).toEqual(idsOf('zhangsan', 'zhangsanfeng'));
    expect(await find('zhang san')).toEqual(idsOf('zhangsan', 'zhangsanfeng'));
    expect(await find('ZhangSanFeng')).toEqual(idsOf('zhangsanfeng'));
    expect(await find('hangzhou')).toEqual(idsOf('hzkj'));
  });

  it('reads polyphones in context: 重庆 is chongqing, the surname 单 is shan', async () => {
    expect(await find('chongqing')).toEqual(idsOf('cq'));
    expect(await find('shantianfang')).toEqual(idsOf('cq'));
    expect(await find('zhongqing')).toEqual([]);
  });

  it('finds initials: "zs" finds 张三, "zsf" finds 张三丰', async () => {
    expect(await find('zs')).toEqual(idsOf('zhangsan', 'zhangsanfeng'));
    expect(await find('zsf')).toEqual(idsOf('zhangsanfeng'));
    expect(await find('ZS')).toEqual(idsOf('zhangsan', 'zhangsanfeng'));
    expect(await find('hzmm')).toEqual(idsOf('hzkj'));
  });

  it('finds phone digit fragments of any length, ignoring separators', async () => {
    expect(await find('8000')).toEqual(idsOf('zhangsan', 'lisi'));
    expect(await find('138 0013')).toEqual(idsOf('zhangsan'));
    expect(await find('138-0013-8000')).toEqual(idsOf('zhangsan'));
    expect(await find('88886666')).toEqual(idsOf('lisi'));
    expect(await find('0571')).toEqual(idsOf('lisi'));
    expect(await find('010')).toEqual(idsOf('hzkj'));
    expect(await find('39')).toEqual(idsOf('zhangsanfeng'));
    expect(await find('9')).toContain(ids.zhangsanfeng);
  });

  it('finds a mobile typed with the China country code (+86, 0086, 86), like the duplicate check', async () => {
    expect(await find('181 3192 5915')).toEqual(idsOf('zhouqi'));
    expect(await find('+86 181-3192-5915')).toEqual(idsOf('zhouqi'));
    expect(await find('+8618131925915')).toEqual(idsOf('zhouqi'));
    expect(await find('0086 181 3192 5915')).toEqual(idsOf('zhouqi'));
    expect(await find('86-181-3192-5915')).toEqual(idsOf('zhouqi'));
    expect(await find('＋８６ １８１ ３１９２ ５９１５')).toEqual(idsOf('zhouqi')); // full-width
    expect(await find('+86 137 0000 8000')).toEqual(idsOf('lisi')); // stored from '+86 137-0000-8000'
    // short digit queries stay substring searches: '86' is in lisi's landline 0571-88886666
    expect(await find('86')).toEqual(idsOf('lisi'));
    expect(await find('8888')).toEqual(idsOf('lisi'));
  });

  it('finds email substrings', async () => {
    expect(await find('qq.com')).toEqual(idsOf('zhangsan'));
    expect(await find('zhang.san@')).toEqual(idsOf('zhangsan'));
    expect(await find('163')).toEqual(idsOf('lisi'));
    expect(await find('moumou')).toEqual(idsOf('hzkj'));
  });

  it('finds latin names by substring and initials', async () => {
    expect(await find('smith')).toEqual(idsOf('john'));
    expect(await find('john smith')).toEqual(idsOf('john'));
    expect(await find('acme')).toEqual(idsOf('john'));
    expect(await find('js')).toContain(ids.john);
  });

  it('handles mixed input: 汉字 + pinyin, several words, full-width', async () => {
    expect(await find('张san')).toEqual(idsOf('zhangsan', 'zhangsanfeng'));
    expect(await find('张三 138')).toEqual(idsOf('zhangsan'));
    expect(await find('李四 0571')).toEqual(idsOf('lisi'));
    expect(await find('ｚｓ')).toEqual(idsOf('zhangsan', 'zhangsanfeng'));
  });

  it('folds traditional characters to simplified on both sides', async () => {
    expect(await find('张伟')).toEqual(idsOf('trad'));
    expect(await find('張')).toContain(ids.trad);
    expect(await find('zw')).toEqual(idsOf('trad'));
  });

  it('returns nothing for punctuation-only or unmatched queries, and ignores blank ones', async () => {
    expect(await find('!!!')).toEqual([]);
    expect(await find('zzzzzz')).toEqual([]);
    const blank = await w.t.ok('admin', 'customers:list', { query: '   ', limit: 100 });
    expect(blank.rows.length).toBe(Object.keys(ids).length);
  });

  it('combines with filters and with the data scope of a rep (own + pool)', async () => {
    expect(await find('张', 'admin', { filter: { provinces: ['浙江省'] } })).toEqual(idsOf('zhangsan'));
    expect(await find('zs', 'admin', { filter: { levels: ['B'] } })).toEqual(idsOf('zhangsanfeng'));
    expect(await find('张', 'repA')).toEqual(idsOf('repOwn'));
    expect(await find('张', 'repB')).toEqual(idsOf('repB'));
  });

  it('counts matches in total', async () => {
    const page = await w.t.ok('admin', 'customers:list', { query: '张', limit: 2 });
    expect(page.total).toBe(5);
    expect(page.rows.length).toBe(2);
    expect(page.nextCursor).not.toBeNull();
  });

  it('keeps the index in step with updates and deletes', async () => {
    const c = await w.t.ok('admin', 'customers:get', { id: ids.lisi });
    await w.t.ok('admin', 'customers:update', { id: ids.lisi, version: c.customer.version, patch: { name: '李四光', mobile: '13611112222' } });
    expect(await find('李四光')).toEqual(idsOf('lisi'));
    expect(await find('lsg')).toEqual(idsOf('lisi'));
    expect(await find('8000')).toEqual(idsOf('zhangsan'));
    expect(await find('1111')).toEqual(idsOf('lisi'));
    await w.t.ok('admin', 'customers:delete', { ids: [ids.lisi] });
    expect(await find('李四光')).toEqual([]);
    expect(await find('lsg')).toEqual([]);
  });
});

describe('search columns and query parsing', () => {
  it('computes pinyin, initials, digits and grams at write time', () => {
    const f = customerSearchFields({ name: '张三', kind: 'person', mobile: '13800138000', email: 'a@b.cn', company: '杭州某某科技有限公司' });
    expect(f.fts.py).toContain('zhangsan');
    expect(f.fts.ini).toContain('zs');
    expect(f.fts.ini).toContain('hzmmkjyxgs');
    expect(f.fts.digits).toBe('13800138000');
    expect(f.grams.split(' ')).toEqual(expect.arrayContaining(['张', '张三', 'zs', 'zh', '80', 'cn']));
    expect(f.nameKey).toBe('张三');
    expect(f.companyKey).toBe('杭州某某');
  });

  it('routes short queries to the n-gram table and long ones to the trigram table', () => {
    expect(parseSearchQuery('张')!.terms[0][0].table).toBe('customer_grams');
    expect(parseSearchQuery('zs')!.terms[0][0].table).toBe('customer_grams');
    expect(parseSearchQuery('80')!.terms[0][0].table).toBe('customer_grams');
    expect(parseSearchQuery('zhangsan')!.terms[0][0].table).toBe('customer_fts');
    expect(parseSearchQuery('138 0013')!.terms[0][0].match).toContain('"1380013"');
    expect(parseSearchQuery('  ')).toBeNull();
    expect(parseSearchQuery('"')!.impossible).toBe(true);
  });

  it('searches the national number for a mainland mobile written with +86, 0086 or 86', () => {
    const digits = (q: string) => parseSearchQuery(q)!.terms.map((term) => term.map((a) => a.text ?? a.token));
    for (const q of ['+86 181-3192-5915', '+8618131925915', '0086 181 3192 5915', '86-181-3192-5915', '8618131925915', '+86 (181) 3192 5915', '181 3192 5915']) {
      expect(digits(q), q).toEqual([['18131925915']]);
      expect(parseSearchQuery(q)!.terms[0][0].match, q).toContain('"18131925915"');
    }
    // anything that is not a whole +86 mobile keeps its digits (prefix/substring search as before)
    expect(digits('86')).toEqual([['86']]);
    expect(parseSearchQuery('86')!.terms[0][0].table).toBe('customer_grams');
    expect(digits('8613')).toEqual([['8613']]);
    expect(digits('+86')).toEqual([['86']]);
    expect(digits('0086')).toEqual([['0086']]);
    expect(digits('+86 181 3192')).toEqual([['861813192']]);
    expect(digits('86181319259')).toEqual([['86181319259']]); // 11 digits starting with 86: not a +86 mobile
    expect(digits('+86 12345678901')).toEqual([['8612345678901']]); // not a mobile prefix 1[3-9]
    expect(digits('+1 415 555 2671')).toEqual([['14155552671']]);
  });
});

import { pinyin } from 'pinyin-pro';
import { foldText, spell, customerSearchFields } from '../../main/services/customers/searchFields';
import { Prng } from '../../db/seed/prng';
import { company, person, region } from '../../db/seed/people';
const r = new Prng(1);
const names: string[] = []; const persons: string[] = [];
for (let i = 0; i < 10000; i++) { const reg = region(r); names.push(company(r, reg.city).name); persons.push(person(r).name); }
const time = (label: string, list: string[], fn: (s: string) => unknown) => { const t = performance.now(); for (const n of list) fn(n); console.log(label, ((performance.now() - t) / list.length * 1000).toFixed(1), 'us'); };
time('foldText co', names, foldText);
time('foldText co again', names, foldText);
time('pinyin co', names, (s) => pinyin(s, { toneType: 'none', type: 'array' }));
time('pinyin co again', names, (s) => pinyin(s, { toneType: 'none', type: 'array' }));
time('pinyin person surname', persons, (s) => pinyin(s, { toneType: 'none', type: 'array', surname: 'head' }));
time('spell co', names, (s) => spell(s + 'x'));
time('fields', names, (s) => customerSearchFields({ name: s, contactName: '张三', mobile: '13800138000', email: 'a@qq.com' }));

import { pinyin } from 'pinyin-pro';
import { Prng } from '../../db/seed/prng';
import { company, person, region } from '../../db/seed/people';
const r = new Prng(7);
const names: string[] = [];
for (let i = 0; i < 20000; i++) { const reg = region(r); names.push(company(r, reg.city).name); }
const time = (label: string, fn: (s: string) => unknown) => { const t = performance.now(); for (const n of names) fn(n); console.log(label, ((performance.now() - t) / names.length * 1000).toFixed(1), 'us'); };
for (const seg of [1, 2, 3]) time('seg ' + seg, (s) => pinyin(s, { toneType: 'none', type: 'array', segmentit: seg as never, toneSandhi: false }));
time('default', (s) => pinyin(s, { toneType: 'none', type: 'array' }));
time('default, nosandhi', (s) => pinyin(s, { toneType: 'none', type: 'array', toneSandhi: false }));
time('num', (s) => pinyin(s, { toneType: 'num', type: 'array' }));
console.log(pinyin('重庆银行长安街', { toneType: 'none', type: 'array', segmentit: 1 as never }), pinyin('重庆银行长安街', { toneType: 'none', type: 'array', segmentit: 3 as never }));

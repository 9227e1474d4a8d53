import { pinyin } from 'pinyin-pro';
import { foldText, spell } from '../../main/services/customers/searchFields';
const names: string[] = []; for (let i = 0; i < 10000; i++) names.push('杭州' + String.fromCharCode(0x4e00 + (i * 7) % 20000) + String.fromCharCode(0x4e00 + (i * 13) % 20000) + '科技有限公司');
const time = (label: string, fn: (s: string) => unknown) => { const t = performance.now(); for (const n of names) fn(n); console.log(label, ((performance.now() - t) / names.length * 1000).toFixed(1), 'us'); };
time('foldText', foldText);
time('pinyin array', (s) => pinyin(s, { toneType: 'none', type: 'array' }));
time('pinyin surname off', (s) => pinyin(s, { toneType: 'none', type: 'array', surname: 'off' }));
time('spell', (s) => spell(s + 'x'));

// 客户导入模板.xlsx: a header row the auto-mapping recognises (in the user's language, * on required
// columns), an example row, and a sheet of instructions.
import fs from 'node:fs';
import * as XLSX from 'xlsx';
import type { TFunction } from 'i18next';
import { IMPORT_FIELDS } from './fields';

export function writeTemplate(file: string, t: TFunction): void {
  const headers = IMPORT_FIELDS.map((f) => `${t(`import.fields.${f}`)}${f === 'name' ? '*' : ''}`);
  const example = t('import.template.example', { returnObjects: true }) as unknown as string[];
  const ws = XLSX.utils.aoa_to_sheet([headers, example]);
  ws['!cols'] = headers.map((h) => ({ wch: Math.max(10, h.length * 2 + 4) }));
  const help = XLSX.utils.aoa_to_sheet((t('import.template.helpLines', { returnObjects: true }) as unknown as string[]).map((l) => [l]));
  help['!cols'] = [{ wch: 90 }];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, t('import.template.sheet'));
  XLSX.utils.book_append_sheet(wb, help, t('import.template.help'));
  fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
}

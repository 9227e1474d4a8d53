// A corpus of hostile and broken spreadsheet files, generated into a temp folder at test time:
// zip bombs, sheets claiming a million rows or 16k columns, prototype-pollution headers and values,
// encrypted containers, garbage and truncated files, formulas.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import * as XLSX from 'xlsx';

/** A minimal zip writer (deflate), so the tests control every byte of the container. */
export function zip(entries: { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const comp = zlib.deflateRawSync(e.data);
    const crc = zlib.crc32 ? zlib.crc32(e.data) : 0;
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(comp.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(comp.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, comp);
    centrals.push(central, name);
    offset += 30 + name.length + comp.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const CT = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WB = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WB_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;

export function xlsxWithSheetXml(sheetXml: Buffer | string, declaredSize?: number): Buffer {
  const b = (s: string) => Buffer.from(s);
  return zip([
    { name: '[Content_Types].xml', data: b(CT) },
    { name: '_rels/.rels', data: b(RELS) },
    { name: 'xl/workbook.xml', data: b(WB) },
    { name: 'xl/_rels/workbook.xml.rels', data: b(WB_RELS) },
    { name: 'xl/worksheets/sheet1.xml', data: typeof sheetXml === 'string' ? b(sheetXml) : sheetXml, declaredSize },
  ]);
}

const SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = '</sheetData></worksheet>';

export interface HostileFile {
  name: string;
  file: string;
  /** expected reason when the file is refused; null = it must be previewed (bounded) */
  reason: string | null;
}

export function writeHostileCorpus(dir: string): HostileFile[] {
  const out: HostileFile[] = [];
  const put = (name: string, data: Buffer | string, reason: string | null) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, data);
    out.push({ name, file, reason });
  };
  // 1. zip bomb: 40 MB of spaces in the sheet (compresses ~1000:1)
  const spaces = Buffer.alloc(40 * 1024 * 1024, 0x20);
  put('zip-bomb.xlsx', xlsxWithSheetXml(Buffer.concat([Buffer.from(SHEET_HEAD), spaces, Buffer.from(SHEET_TAIL)])), 'zipBomb');
  // 2. a zip whose directory claims more than the total cap
  put('zip-huge-declared.xlsx', xlsxWithSheetXml(`${SHEET_HEAD}${SHEET_TAIL}`, 0xfff00000), 'zipBomb');
  // 3. a sheet that claims (and ends with) a cell in row 1,048,576
  {
    const ws: XLSX.WorkSheet = { '!ref': 'A1:B1048576', A1: { t: 's', v: '客户名称' }, A2: { t: 's', v: '甲' }, B1048576: { t: 's', v: 'x' } };
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'S');
    put('million-rows.xlsx', XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer, 'tooManyRows');
  }
  // 4. 1M+ lines of CSV
  put('million-rows.csv', '客户名称\n' + '甲\n'.repeat(1_000_001), 'tooManyRows');
  // 5. 16k columns in the header row
  {
    const ws: XLSX.WorkSheet = { '!ref': 'A1:XFD2', A1: { t: 's', v: '客户名称' }, XFD1: { t: 's', v: '最后一列' }, A2: { t: 's', v: '甲' } };
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'S');
    put('16k-columns.xlsx', XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer, 'tooManyCols');
  }
  // 6. 16k columns far below the header: ignored, the file is read
  {
    const ws: XLSX.WorkSheet = { '!ref': 'A1:XFD40', A1: { t: 's', v: '客户名称' }, A2: { t: 's', v: '甲' }, XFD40: { t: 's', v: 'far away' } };
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'S');
    put('wide-data.xlsx', XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer, null);
  }
  // 7. prototype pollution: headers and values, sheet named __proto__
  {
    const rows = [
      ['__proto__', 'constructor', 'prototype', '客户名称', 'toString', 'hasOwnProperty'],
      ['{"polluted":1}', '{"prototype":{"polluted":1}}', 'x', '原型客户', 'y', 'z'],
      ['__proto__', 'constructor', '__proto__', '__proto__', 'valueOf', '__defineGetter__'],
    ];
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '__proto__');
    put('proto.xlsx', XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer, null);
    put('proto.csv', rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n'), null);
  }
  // 8. encrypted: a real compound file with the streams Office writes for a password-protected file
  {
    const cfb = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(cfb, '/EncryptionInfo', Buffer.alloc(256, 1));
    XLSX.CFB.utils.cfb_add(cfb, '/EncryptedPackage', Buffer.alloc(4096, 7));
    put('encrypted.xlsx', Buffer.from(XLSX.CFB.write(cfb, { type: 'buffer' }) as Uint8Array), 'encrypted');
  }
  // 9. garbage, truncated, empty, an executable renamed
  put('garbage.xlsx', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)), 'unsupported');
  {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['客户名称'], ['甲']]), 'S');
    const good = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
    put('truncated.xlsx', good.subarray(0, Math.floor(good.length / 2)), 'corrupt');
  }
  put('empty.xlsx', Buffer.alloc(0), 'empty');
  put('elf.xls', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(2048)]), 'unsupported');
  // 10. formulas: the cached value is imported, formula text never evaluated
  {
    const ws: XLSX.WorkSheet = {
      '!ref': 'A1:B3',
      A1: { t: 's', v: '客户名称' },
      B1: { t: 's', v: '手机' },
      A2: { t: 's', v: '公式客户', f: 'CONCAT("公式","客户")' },
      B2: { t: 'n', v: 13800138000, f: '13800138000+0' },
      A3: { t: 's', v: "=cmd|' /C calc'!A0" },
      B3: { t: 's', v: '13900139000' },
    };
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'S');
    put('formulas.xlsx', XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer, null);
  }
  // 11. a sheet with nothing in it
  {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([]), 'Empty');
    put('empty-sheet.xlsx', XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer, 'emptySheet');
  }
  return out;
}

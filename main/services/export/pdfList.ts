// A list as one self-contained HTML table for the PDF printer (ctx.app.platform.pdf): title, time,
// row count, the columns the user chose. No script, no external resources.
import type { TFunction } from 'i18next';
import { formatCell, type ExportColumn } from './task';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function listHtml(p: { title: string; generatedAt: string; locale: string; columns: ExportColumn[]; rows: Record<string, unknown>[]; truncatedAt: number | null }, t: TFunction): string {
  const maps = p.columns.map((c) => (c.labels ? new Map(c.labels) : undefined));
  const head = p.columns.map((c) => `<th>${esc(c.label)}</th>`).join('');
  const body = p.rows
    .map(
      (r) =>
        `<tr>${p.columns
          .map((c, i) => {
            const o = formatCell(c, r[c.key], maps[i]);
            // the PDF is not a spreadsheet: show the text as stored, without the formula-guard apostrophe
            const text = o.kind === 'text' ? o.text.replace(/^'(?=[=+\-@\t\r\n])/, '') : o.kind === 'number' ? (c.kind === 'money' ? `¥${o.value.toFixed(2)}` : String(o.value)) : '';
            return `<td${o.kind === 'number' ? ' class="num"' : ''}>${esc(text)}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('');
  const rowsText = t('export.pdf.rows', { n: p.rows.length }) + (p.truncatedAt ? ' ' + t('export.pdf.truncated', { n: p.truncatedAt }) : '');
  return `<!doctype html><html lang="${p.locale}"><head><meta charset="utf-8"><title>${esc(p.title)}</title>
<style>
  @page { size: A4 landscape; margin: 12mm; }
  body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif; color: #222; }
  h1 { font-size: 18px; margin: 0 0 4px; } .meta { color: #666; font-size: 11px; margin-bottom: 10px; }
  table { border-collapse: collapse; width: 100%; font-size: 10px; }
  th, td { border: 1px solid #ddd; padding: 3px 5px; vertical-align: top; word-break: break-all; }
  th { background: #f5f7fa; text-align: left; } td.num { text-align: right; } thead { display: table-header-group; }
</style></head><body>
<h1>${esc(p.title)}</h1>
<div class="meta">${esc(t('export.pdf.generated'))}: ${esc(p.generatedAt)} · ${esc(rowsText)}</div>
<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>
</body></html>`;
}

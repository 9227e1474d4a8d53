// Small self-contained SVG charts for the PDF (no script, no external fonts or files).
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const W = 720;
const H = 280;
const PAD = { l: 88, r: 20, t: 20, b: 60 };
const COLORS = ['#1668dc', '#f5a623', '#52c41a', '#eb2f96'];

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function frame(max: number, fmt: (n: number) => string): string {
  const ih = H - PAD.t - PAD.b;
  let s = '';
  for (let i = 0; i <= 4; i++) {
    const y = PAD.t + ih - (ih * i) / 4;
    s += `<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`;
    s += `<text x="${PAD.l - 6}" y="${y + 4}" font-size="10" text-anchor="end" fill="#666">${esc(fmt((max * i) / 4))}</text>`;
  }
  return s;
}

function xLabels(labels: string[], x: (i: number) => number): string {
  const every = Math.max(1, Math.ceil(labels.length / 16));
  return labels
    .map((l, i) =>
      i % every === 0
        ? `<text x="${x(i)}" y="${H - PAD.b + 14}" font-size="10" text-anchor="end" transform="rotate(-35 ${x(i)} ${H - PAD.b + 14})" fill="#333">${esc(l.slice(0, 14))}</text>`
        : '',
    )
    .join('');
}

export function barChartSvg(labels: string[], values: number[], fmt: (n: number) => string): string {
  const max = niceMax(Math.max(0, ...values));
  const iw = W - PAD.l - PAD.r;
  const ih = H - PAD.t - PAD.b;
  const step = iw / Math.max(labels.length, 1);
  const bw = Math.max(2, step * 0.6);
  const x = (i: number) => PAD.l + step * i + step / 2;
  const bars = values
    .map((v, i) => {
      const h = (Math.max(v, 0) / max) * ih;
      return `<rect x="${x(i) - bw / 2}" y="${PAD.t + ih - h}" width="${bw}" height="${h}" fill="${COLORS[0]}"/>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${frame(max, fmt)}${bars}${xLabels(labels, x)}</svg>`;
}

export function lineChartSvg(labels: string[], series: { name: string; values: number[]; dashed?: boolean }[], fmt: (n: number) => string): string {
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const iw = W - PAD.l - PAD.r;
  const ih = H - PAD.t - PAD.b;
  const step = labels.length > 1 ? iw / (labels.length - 1) : 0;
  const x = (i: number) => PAD.l + (labels.length > 1 ? step * i : iw / 2);
  const y = (v: number) => PAD.t + ih - (Math.max(v, 0) / max) * ih;
  const lines = series
    .map((s, k) => {
      const pts = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
      return `<polyline points="${pts}" fill="none" stroke="${COLORS[k % COLORS.length]}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 4"' : ''}/>`;
    })
    .join('');
  const legend = series
    .map((s, k) => `<rect x="${PAD.l + k * 160}" y="4" width="12" height="4" fill="${COLORS[k % COLORS.length]}"/><text x="${PAD.l + k * 160 + 16}" y="10" font-size="11">${esc(s.name)}</text>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${frame(max, fmt)}${lines}${legend}${xLabels(labels, x)}</svg>`;
}

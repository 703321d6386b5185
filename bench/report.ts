// The bench's results as Markdown tables and an SVG plot of how each page's req/s changes with the scale.
import os from 'node:os';
import type { CheckoutFigures } from './checkout.js';
import type { StepResult } from './load.js';

export type ScaleResult = {
  scale: string;
  date: string;
  machine: string;
  data: { generated: boolean; seconds: number; counts: Record<string, number> };
  seconds: number;
  connections: number;
  steps: StepResult[];
  checkout: { sequential: CheckoutFigures; concurrent: CheckoutFigures & { buyers: number } };
  peakRssMb: number;
  warnings: string[];
};

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

export function scaleMarkdown(r: ScaleResult): string {
  const rows = r.steps.map((s) => `| ${s.name} | ${s.reqPerSec} | ${s.p50Ms} | ${s.p99Ms} | ${s.ratio ?? '—'} | ${s.ratioX ?? '—'} | ${s.errors + s.non2xx} | ${s.bytes ?? '—'} | ${s.loadavg} | ${s.serverUsPerReq ?? '—'} | ${s.clientUsPerReq ?? '—'} |`);
  const c = r.checkout;
  const co = (name: string, f: CheckoutFigures) => `| ${name} | ${f.checkouts} | ${f.errors} | ${f.meanMs} | ${f.p50Ms} | ${f.p99Ms} | ${f.requestsPerCheckout} | ${f.serverTimingMeanMs ?? '—'} | ${f.wallSeconds} |`;
  return [
    `### ${r.scale} — ${r.date}`,
    '',
    `${r.machine}; ${r.connections} connections, ${r.seconds} s per step after a warm-up; data: ${Object.entries(r.data.counts).map(([k, v]) => `${v} ${k}`).join(', ')}.`,
    '',
    '| step | req/s | p50 ms | p99 ms | × baseline (same bytes) | × baseline (\'x\') | errors | bytes | load avg before | server CPU µs/req | autocannon CPU µs/req |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    '| checkout | checkouts | errors | mean ms | p50 ms | p99 ms | requests each | Server-Timing mean ms | wall s |',
    '|---|---|---|---|---|---|---|---|---|',
    co('sequential, 1 buyer', c.sequential),
    co(`concurrent, ${c.concurrent.buyers} buyers`, c.concurrent),
    '',
    `Server peak RSS (VmHWM): ${r.peakRssMb} MB.`,
    ...(r.warnings.length ? ['', ...r.warnings.map((w) => `**${w}**`)] : []),
    '',
  ].join('\n');
}

/** A step's name without the 'x' baseline's size (it follows the category page, so it differs by scale). */
const stepKey = (s: StepResult) => (/^baseline node:http \d+ KB/.test(s.name) ? "baseline node:http, 'x' (category page size)" : s.name);

/** Per page: req/s at each scale and the slowdown from one scale to the next (time per request ratio). */
export function growthMarkdown(results: ScaleResult[]): string {
  // Steps matched by name (result files of older runs have one baseline, newer ones two); the 'x'
  // baseline's name carries its size, which follows the category page.
  const names = results[0]?.steps.map(stepKey) ?? [];
  const head = `| page | ${results.map((r) => `${r.scale} req/s`).join(' | ')} | ${results.slice(1).map((r, i) => `${results[i]!.scale} → ${r.scale} slower ×`).join(' | ')} |`;
  const sep = `|${'---|'.repeat(1 + results.length + results.length - 1)}`;
  const rows = names.map((n, k) => {
    const rps = results.map((r) => r.steps.find((s) => stepKey(s) === names[k])?.reqPerSec ?? 0);
    const slow = rps.slice(1).map((x, i) => (x ? (rps[i]! / x).toFixed(2) : '—'));
    return `| ${n} | ${rps.join(' | ')} | ${slow.join(' | ')} |`;
  });
  return [head, sep, ...rows, ''].join('\n');
}

/** A small line chart: one line per page, req/s (log scale) against the scale. */
export function growthSvg(results: ScaleResult[]): string {
  const W = 720, H = 400, L = 70, R = 230, T = 30, B = 50;
  const names = results[0]?.steps.map(stepKey) ?? [];
  const all = results.flatMap((r) => r.steps.map((s) => Math.max(1, s.reqPerSec)));
  const lo = Math.log10(Math.min(...all, 10)), hi = Math.log10(Math.max(...all, 100));
  const x = (i: number) => L + (results.length > 1 ? (i * (W - L - R)) / (results.length - 1) : (W - L - R) / 2);
  const y = (v: number) => T + ((hi - Math.log10(Math.max(1, v))) * (H - T - B)) / (hi - lo || 1);
  const colours = ['#444', '#999', '#d1495b', '#edae49', '#00798c', '#30638e', '#6a4c93', '#8ac926', '#b5651d', '#e377c2', '#17becf'];
  // The legend has 230 px: the baselines' long names shortened.
  const label = (n: string) => (n.startsWith('baseline node:http, \'x\'') ? "baseline, 'x'" : n.startsWith('baseline node:http, the category') ? 'baseline, same bytes' : n);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const ticks = [];
  for (let e = Math.ceil(lo); e <= Math.floor(hi); e++) ticks.push(`<line x1="${L}" x2="${W - R}" y1="${y(10 ** e)}" y2="${y(10 ** e)}" stroke="#ddd"/><text x="${L - 8}" y="${y(10 ** e) + 4}" text-anchor="end">${10 ** e}</text>`);
  const lines = names.map((n, k) => {
    const pts = results.map((r, i) => `${x(i).toFixed(1)},${y(r.steps.find((s) => stepKey(s) === n)?.reqPerSec ?? 1).toFixed(1)}`);
    const c = colours[k % colours.length];
    return `<polyline fill="none" stroke="${c}" stroke-width="2" points="${pts.join(' ')}"/>${pts.map((p) => `<circle cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="3" fill="${c}"/>`).join('')}<text x="${W - R + 10}" y="${T + 14 + k * 18}" fill="${c}">${esc(label(n))}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="#fff"/>
<text x="${L}" y="18" font-size="14">req/s at 20 connections (log scale) by data scale — ${esc(results[0]?.date.slice(0, 16) ?? '')}</text>
${ticks.join('\n')}
${results.map((r, i) => `<text x="${x(i)}" y="${H - B + 20}" text-anchor="middle">${esc(r.scale)}</text>`).join('')}
${lines.join('\n')}
</svg>
`;
}

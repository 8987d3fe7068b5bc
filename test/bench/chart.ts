// results.svg: cost per case by component (us-east-1) and latency percentiles per API call, drawn
// by hand as plain SVG bars (no charting dependency).
import { costComponents } from './cost-model.ts';
import type { BenchResults } from './report.ts';

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const WIDTH = 860;
const LABEL = 250;
const BAR_AREA = WIDTH - LABEL - 90;
const COLORS = { p50: '#4e79a7', p95: '#f28e2b', p99: '#e15759', cost: '#59a14f' } as const;

const text = (x: number, y: number, content: string, attrs = '', size = 12): string =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-family="sans-serif" font-size="${size}"${attrs ? ` ${attrs}` : ''}>${escape(content)}</text>`;

const rect = (x: number, y: number, w: number, h: number, fill: string): string =>
  `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(0, w).toFixed(1)}" height="${h.toFixed(1)}" fill="${fill}"/>`;

export const renderChart = (r: BenchResults): string => {
  const out: string[] = [];
  let y = 24;
  out.push(text(10, y, `No-meeting approval benchmark — ${r.startedAt.slice(0, 10)}, ${r.machine.cores} cores, commit ${r.commit}`, 'font-weight="bold"', 14));
  y += 26;

  const cost = r.costs?.['us-east-1'];
  if (cost) {
    out.push(text(10, y, `Cost per 1,000 cases, us-east-1 (USD), total $${cost.totalPerThousandCases.toFixed(3)}`, 'font-weight="bold"'));
    y += 12;
    const max = Math.max(...costComponents.map((c) => cost.perCase[c]), Number.MIN_VALUE);
    for (const c of costComponents) {
      const value = cost.perCase[c] * 1_000;
      y += 20;
      out.push(text(10, y + 4, c));
      out.push(rect(LABEL, y - 8, (cost.perCase[c] / max) * BAR_AREA, 14, COLORS.cost));
      out.push(text(LABEL + (cost.perCase[c] / max) * BAR_AREA + 6, y + 4, `$${value.toFixed(4)}`));
    }
    y += 34;
  }

  const latencies = r.endToEnd?.latencies;
  if (latencies && Object.keys(latencies).length) {
    out.push(text(10, y, `Latency per API call (ms) at ${r.options.concurrency} concurrent applicants`, 'font-weight="bold"'));
    out.push(rect(LABEL + 250, y - 10, 10, 10, COLORS.p50), text(LABEL + 264, y, 'p50'));
    out.push(rect(LABEL + 300, y - 10, 10, 10, COLORS.p95), text(LABEL + 314, y, 'p95'));
    out.push(rect(LABEL + 350, y - 10, 10, 10, COLORS.p99), text(LABEL + 364, y, 'p99'));
    y += 12;
    const max = Math.max(...Object.values(latencies).map((s) => s.p99), Number.MIN_VALUE);
    for (const [route, s] of Object.entries(latencies)) {
      y += 12;
      out.push(text(10, y + 12, route));
      for (const p of ['p50', 'p95', 'p99'] as const) {
        out.push(rect(LABEL, y, (s[p] / max) * BAR_AREA, 8, COLORS[p]));
        y += 9;
      }
      out.push(text(LABEL + (s.p99 / max) * BAR_AREA + 6, y - 2, `${s.p99.toFixed(0)} ms`));
    }
    y += 20;
  }

  if (!cost && !latencies) {
    out.push(text(10, y, 'No end-to-end run in these results (--only bundles).'));
    y += 20;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y + 10}" viewBox="0 0 ${WIDTH} ${y + 10}">\n<rect width="100%" height="100%" fill="white"/>\n${out.join('\n')}\n</svg>\n`;
};

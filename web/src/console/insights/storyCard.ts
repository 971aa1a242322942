import type { Dashboard } from '@doorstep/contract';

/**
 * 数据翻译官: the area's figures as a shareable story card (PNG) for residents — a title, four figures and a plain
 * sentence each. Drawn on a canvas in the browser; the numbers are the dashboard's, nothing is recomputed.
 */
export function storyCard(d: Dashboard, lang: 'zh-CN' | 'en-US') {
  const W = 1080;
  const H = 1350;
  const c = document.createElement('canvas');
  c.width = W;
  c.height = H;
  const g = c.getContext('2d')!;
  const zh = lang === 'zh-CN';
  const font = (size: number, weight = 400) =>
    `${weight} ${size}px "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif`;
  g.fillStyle = '#f6f1ea';
  g.fillRect(0, 0, W, H);
  g.fillStyle = '#0f2744';
  g.fillRect(0, 0, W, 260);
  g.fillStyle = '#ffffff';
  g.font = font(64, 700);
  g.fillText(d.area.name, 72, 130);
  g.font = font(34);
  g.fillText(
    zh ? `${d.from} 至 ${d.to} · 诉求办理情况` : `${d.from} to ${d.to} · how requests were handled`,
    72,
    200,
  );
  const m = d.measures;
  const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`);
  const tenths = (v: number | null) => (v === null ? '—' : String(Math.round(v * 10)));
  const rows: [string, string, string][] = [
    [
      zh ? '诉求' : 'Requests',
      String(m.requests),
      zh
        ? `这段时间，居民共提出诉求 ${m.requests} 件。`
        : `Residents raised ${m.requests} requests in this period.`,
    ],
    [
      zh ? '解决率' : 'Resolved',
      pct(m.resolutionRate.value),
      zh
        ? `每 10 件已评价的诉求，约 ${tenths(m.resolutionRate.value)} 件居民认为已经解决。`
        : `Of every 10 rated requests, about ${tenths(m.resolutionRate.value)} were resolved in residents' eyes.`,
    ],
    [
      zh ? '满意率' : 'Satisfied',
      pct(m.satisfactionRate.value),
      zh
        ? `共 ${m.satisfactionRate.denominator} 位居民做了评价。`
        : `${m.satisfactionRate.denominator} residents rated.`,
    ],
    [
      zh ? '温差' : 'Gap',
      m.temperatureGap.mean === null ? '—' : `${m.temperatureGap.mean}℃`,
      zh
        ? '居民感受与办理结论的差距，0℃ 表示感受与结论一致，越低差距越大。'
        : "How far residents' felt result is below the official one; 0℃ means they agree.",
    ],
  ];
  let y = 360;
  for (const [label, value, sentence] of rows) {
    g.fillStyle = '#ffffff';
    g.fillRect(56, y - 70, W - 112, 220);
    g.fillStyle = '#4a5565';
    g.font = font(34);
    g.fillText(label, 96, y);
    g.fillStyle = '#1d4e89';
    g.font = font(72, 700);
    g.fillText(value, 96, y + 84);
    g.fillStyle = '#2b3440';
    g.font = font(30);
    wrap(g, sentence, 420, y - 4, W - 420 - 96, 44);
    y += 250;
  }
  g.fillStyle = '#6b7585';
  g.font = font(26);
  g.fillText(
    zh ? `家门口 · 口径 ${m.definitionVersion}` : `Doorstep · definitions ${m.definitionVersion}`,
    72,
    H - 60,
  );
  return c.toDataURL('image/png');
}

function wrap(
  g: CanvasRenderingContext2D,
  text: string,
  x: number,
  y: number,
  width: number,
  lineHeight: number,
) {
  let line = '';
  for (const ch of [...text]) {
    if (g.measureText(line + ch).width > width && line) {
      g.fillText(line, x, y);
      y += lineHeight;
      line = ch;
    } else line += ch;
  }
  if (line) g.fillText(line, x, y);
}

// The drawings behind Graph: bars or a line on a value axis with round ticks, and a pie
// with a legend. Plain SVG scaled to its box; colours come from the stylesheet
// (series-0 … series-7); each mark has a tooltip with its label and value.
export interface Datum {
  label: string;
  value: number;
}

const W = 720;
const H = 320;

/** Round tick steps (1, 2 or 5 times a power of ten) covering min..max in about five steps. */
export function ticks(min: number, max: number): number[] {
  if (min === max) max = min + 1;
  const raw = (max - min) / 5;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) || raw;
  const out: number[] = [];
  for (let v = Math.floor(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Math.round(v / step) * step);
  if (out[out.length - 1] < max) out.push(out[out.length - 1] + step);
  return out;
}

function short(s: string, n = 10): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

export function BarLineChart(p: { data: Datum[]; line: boolean; title: string; desc: string; fmt: (n: number) => string }) {
  const vals = p.data.map((d) => d.value);
  const tk = ticks(Math.min(0, ...vals), Math.max(0, ...vals));
  const lo = tk[0];
  const hi = tk[tk.length - 1];
  const rotate = p.data.length > 8;
  const left = 64;
  const right = 16;
  const top = 24;
  const bottom = rotate ? 86 : 40;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const y = (v: number) => top + plotH - ((v - lo) / (hi - lo)) * plotH;
  const band = plotW / Math.max(1, p.data.length);
  const x = (i: number) => left + band * i + band / 2;
  const barW = Math.max(2, Math.min(56, band * 0.7));
  const labels = p.data.length <= 24;
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="chart-title" aria-describedby="chart-desc">
      <title id="chart-title">{p.title}</title>
      <desc id="chart-desc">{p.desc}</desc>
      {tk.map((v) => (
        <g key={v} class="tick">
          <line x1={left} x2={W - right} y1={y(v)} y2={y(v)} class={v === 0 ? 'axis' : 'grid'} />
          <text x={left - 8} y={y(v) + 4} text-anchor="end">
            {p.fmt(v)}
          </text>
        </g>
      ))}
      {p.line ? (
        <>
          <polyline class="series-line" points={p.data.map((d, i) => `${x(i)},${y(d.value)}`).join(' ')} />
          {p.data.map((d, i) => (
            <circle key={i} class="series-0" cx={x(i)} cy={y(d.value)} r={4}>
              <title>{`${d.label}: ${p.fmt(d.value)}`}</title>
            </circle>
          ))}
        </>
      ) : (
        p.data.map((d, i) => (
          <rect key={i} class={`series-${i % 8} bar`} x={x(i) - barW / 2} width={barW} y={Math.min(y(d.value), y(0))} height={Math.abs(y(d.value) - y(0))}>
            <title>{`${d.label}: ${p.fmt(d.value)}`}</title>
          </rect>
        ))
      )}
      {labels &&
        p.data.map((d, i) => (
          <text key={i} class="value-label" x={x(i)} y={y(d.value) - 6} text-anchor="middle">
            {p.fmt(d.value)}
          </text>
        ))}
      {p.data.map((d, i) =>
        rotate ? (
          <text key={i} class="cat-label" text-anchor="end" transform={`translate(${x(i)},${top + plotH + 14}) rotate(-40)`}>
            {short(d.label, 12)}
          </text>
        ) : (
          <text key={i} class="cat-label" x={x(i)} y={top + plotH + 20} text-anchor="middle">
            {short(d.label, Math.max(4, Math.floor(band / 14)))}
          </text>
        ),
      )}
    </svg>
  );
}

export function PieChart(p: { data: Datum[]; title: string; desc: string; fmt: (n: number) => string }) {
  const items = p.data.map((d, i) => ({ ...d, i })).filter((d) => d.value > 0);
  const total = items.reduce((s, d) => s + d.value, 0);
  const cx = 160;
  const cy = 160;
  const r = 130;
  let angle = -Math.PI / 2;
  const slices = items.map((d) => {
    const a0 = angle;
    const a1 = angle + (d.value / total) * Math.PI * 2;
    angle = a1;
    const large = a1 - a0 > Math.PI ? 1 : 0;
    const p0 = [cx + r * Math.cos(a0), cy + r * Math.sin(a0)];
    const p1 = [cx + r * Math.cos(a1), cy + r * Math.sin(a1)];
    const path = `M${cx},${cy} L${p0[0].toFixed(2)},${p0[1].toFixed(2)} A${r},${r} 0 ${large} 1 ${p1[0].toFixed(2)},${p1[1].toFixed(2)} Z`;
    return { d, path, whole: items.length === 1 };
  });
  const legend = items.slice(0, 12);
  return (
    <svg class="chart pie" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="chart-title" aria-describedby="chart-desc">
      <title id="chart-title">{p.title}</title>
      <desc id="chart-desc">{p.desc}</desc>
      {slices.map((s) =>
        s.whole ? (
          <circle key={s.d.i} class={`series-${s.d.i % 8} slice`} cx={cx} cy={cy} r={r}>
            <title>{`${s.d.label}: ${p.fmt(s.d.value)}`}</title>
          </circle>
        ) : (
          <path key={s.d.i} class={`series-${s.d.i % 8} slice`} d={s.path}>
            <title>{`${s.d.label}: ${p.fmt(s.d.value)} (${((s.d.value / total) * 100).toFixed(1)}%)`}</title>
          </path>
        ),
      )}
      {legend.map((d, k) => (
        <g key={d.i} class="legend" transform={`translate(330, ${30 + k * 22})`}>
          <rect class={`series-${d.i % 8}`} width={14} height={14} rx={2} />
          <text x={22} y={12}>
            {`${short(d.label, 16)}  ${p.fmt(d.value)} (${((d.value / total) * 100).toFixed(1)}%)`}
          </text>
        </g>
      ))}
      {items.length > legend.length && (
        <text x={330} y={30 + legend.length * 22 + 12} class="muted-text">
          …
        </text>
      )}
    </svg>
  );
}

// Draws every <div class="chart" data-series="ID"> from the JSON in <script type="application/json" id="ID">.
// JSON: {"kind": "stacked" | "line", "unit": "tokens" | "requests" | "percent" | "usd",
//        "x": [epoch seconds...], "series": [{"label": "...", "values": [number | null, ...]}]}
(function () {
  const palette = ["#6366f1", "#10b981", "#f59e0b", "#ef4444", "#06b6d4", "#a855f7", "#84cc16", "#ec4899", "#64748b", "#14b8a6"];
  const dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  const axisColor = dark ? "#a1a7b5" : "#5b616e";
  const gridColor = dark ? "#2a2f3b" : "#eceef2";

  function format(unit, v) {
    if (v == null) return "–";
    if (unit === "percent") return (Math.floor(v * 10) / 10).toFixed(1) + "%";
    if (unit === "usd") return "$" + (v >= 1 ? v.toFixed(2) : v.toPrecision(2));
    const a = Math.abs(v);
    if (a >= 1e9) return (v / 1e9).toFixed(1).replace(/\.0$/, "") + "B";
    if (a >= 1e6) return (v / 1e6).toFixed(1).replace(/\.0$/, "") + "M";
    if (a >= 1e3) return (v / 1e3).toFixed(1).replace(/\.0$/, "") + "K";
    return String(Math.round(v * 100) / 100);
  }

  function draw(el) {
    const source = document.getElementById(el.dataset.series);
    if (!source || typeof uPlot === "undefined") return;
    const data = JSON.parse(source.textContent);
    if (!data.x || data.x.length === 0) return;
    const stacked = data.kind === "stacked";
    const rows = data.series.map((s) => s.values.map((v) => (v == null ? null : Number(v))));
    let plotted = rows;
    if (stacked) {
      // Cumulative sums drawn back to front, so each band shows one series on top of the ones before it.
      const sums = new Array(data.x.length).fill(0);
      plotted = rows.map((row) => row.map((v, i) => (sums[i] += v || 0)));
    }
    const bars = stacked ? uPlot.paths.bars({ size: [0.7, 40] }) : null;
    const series = [{}].concat(
      data.series.map((s, i) => ({
        label: s.label,
        stroke: palette[i % palette.length],
        fill: stacked ? palette[i % palette.length] : undefined,
        width: stacked ? 0 : 2,
        paths: bars || undefined,
        points: { show: !stacked && data.x.length < 40 },
        spanGaps: false,
        value: (u, v, si, idx) => (idx == null ? "–" : format(data.unit, rows[i][idx])),
      }))
    );
    if (stacked) series.splice(1, series.length - 1, ...series.slice(1).reverse());
    const ordered = stacked ? plotted.slice().reverse() : plotted;
    const opts = {
      width: el.clientWidth || 600,
      height: Number(el.dataset.height || 260),
      series,
      scales: { x: { time: true }, y: data.unit === "percent" ? { range: [0, 100] } : { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      axes: [
        { stroke: axisColor, grid: { stroke: gridColor } },
        { stroke: axisColor, grid: { stroke: gridColor }, size: 60, values: (u, splits) => splits.map((v) => format(data.unit, v)) },
      ],
      legend: { live: true },
      // uPlot's cursor points take a function (its default) or false; true would be called as an element.
      cursor: stacked ? { points: { show: false } } : {},
    };
    el.textContent = "";
    const plot = new uPlot(opts, [data.x].concat(ordered), el);
    new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height: opts.height })).observe(el);
  }

  function init() {
    document.querySelectorAll(".chart[data-series]").forEach(draw);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

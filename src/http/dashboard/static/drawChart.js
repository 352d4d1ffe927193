/* Per-minute charts drawn as inline SVG: no chart library, no external resource. */

import { h } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';

function s(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A round axis top at or above `max`: 1, 2 or 5 times a power of ten. */
function niceTop(max) {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * power).find((v) => v >= max);
}

/**
 * Draws `minutes[i][key]` into `box` as bars or a line, with a summary line below it: the total,
 * or for lateness the peak.
 */
export function drawChart(box, minutes, key, unit, kind) {
  // Drawn at the box's own width, so the text keeps its size on a phone and on a wide screen.
  const W = Math.max(300, Math.round(box.clientWidth) || 720),
    H = 170,
    left = 44,
    right = 8,
    top = 10,
    bottom = 24;
  const plotW = W - left - right,
    plotH = H - top - bottom;
  const values = minutes.map((m) => m[key]);
  const present = values.filter((v) => typeof v === 'number');
  const total = key === 'latenessMsP95' ? null : present.reduce((a, b) => a + b, 0);
  const peak = present.length ? Math.max(...present) : 0;
  const yTop = niceTop(peak);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${key} per minute`, class: `chart-${kind}` });
  for (const fraction of [0, 0.5, 1]) {
    const y = top + plotH * (1 - fraction);
    svg.append(s('line', { x1: left, x2: W - right, y1: y, y2: y, class: 'grid-line' }));
    svg.append(s('text', { x: left - 6, y: y + 4, 'text-anchor': 'end', class: 'tick' }, String(Math.round(yTop * fraction * 100) / 100)));
  }
  const n = minutes.length;
  const step = n > 0 ? plotW / n : plotW;
  const yOf = (v) => top + plotH * (1 - v / yTop);
  if (kind === 'bars') {
    minutes.forEach((m, i) => {
      const v = values[i] || 0;
      if (v <= 0) return;
      const bar = s('rect', {
        x: left + i * step + step * 0.1,
        y: yOf(v),
        width: Math.max(step * 0.8, 1),
        height: top + plotH - yOf(v),
        class: 'bar',
      });
      bar.append(s('title', {}, `${m.minute}: ${v} ${unit}`));
      svg.append(bar);
    });
  } else {
    const points = [];
    minutes.forEach((m, i) => {
      if (typeof values[i] !== 'number') return;
      const x = left + i * step + step / 2;
      points.push(`${x},${yOf(values[i])}`);
      const dot = s('circle', { cx: x, cy: yOf(values[i]), r: 2.5, class: 'dot' });
      dot.append(s('title', {}, `${m.minute}: ${values[i]} ${unit}`));
      svg.append(dot);
    });
    if (points.length > 1) svg.append(s('polyline', { points: points.join(' '), class: 'line' }));
  }
  if (n > 0) {
    for (const i of [...new Set([0, Math.floor((n - 1) / 2), n - 1])]) {
      svg.append(
        s('text', { x: left + i * step + step / 2, y: H - 6, 'text-anchor': 'middle', class: 'tick' }, minutes[i].minute.slice(11)),
      );
    }
  }
  if (present.length === 0 || peak === 0) {
    svg.append(s('text', { x: left + plotW / 2, y: top + plotH / 2, 'text-anchor': 'middle', class: 'no-data' }, 'no data'));
  }
  const summary = total === null ? `peak ${peak} ${unit}` : `${total} ${unit} in all`;
  box.replaceChildren(svg, h('p', { class: 'chart-summary', 'data-testid': `${box.dataset.testid}-summary` }, summary));
}

/* The Charts view: runs, failures and lateness per minute over the last hours. */

import { api } from '../api.js';
import { byId } from '../dom.js';
import { drawChart } from '../drawChart.js';
import { refresh } from '../router.js';
import { FINISHED } from '../taskStatus.js';

async function load(_route, stale) {
  const hours = byId('charts-hours').value;
  const answer = await api(`charts?hours=${encodeURIComponent(hours)}`);
  if (stale()) return;
  const minutes = everyMinute(answer.minutes);
  drawChart(byId('chart-runs'), minutes, 'runs', 'runs', 'bars');
  drawChart(byId('chart-failures'), minutes, 'failures', 'failures', 'bars');
  drawChart(byId('chart-lateness'), minutes, 'latenessMsP95', 'ms', 'line');
}

/** The answer may leave out quiet minutes: put them back, so the time axis is even. */
function everyMinute(points) {
  if (points.length === 0) return [];
  const toMs = (m) => Date.UTC(+m.slice(0, 4), +m.slice(5, 7) - 1, +m.slice(8, 10), +m.slice(11, 13), +m.slice(14, 16));
  const label = (ms) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  const known = new Map(points.map((p) => [p.minute, p]));
  const out = [];
  const last = toMs(points[points.length - 1].minute);
  for (let ms = toMs(points[0].minute); ms <= last && out.length < 100000; ms += 60000) {
    out.push(known.get(label(ms)) || { minute: label(ms), runs: 0, failures: 0, latenessMsP95: null });
  }
  return out;
}

/** @type {import('../router.js').View} */
export const chartsView = {
  wire() {
    byId('charts-hours').addEventListener('change', () => void refresh());
  },
  load,
  concerns: (kind, data) => kind === 'task' && FINISHED.includes(data.status),
  // Charts aggregate the history: a burst of runs ending reloads them less often than a list.
  eventDelayMs: 5000,
};

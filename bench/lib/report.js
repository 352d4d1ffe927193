'use strict';
/** Turns repeated measurements into table rows, and rows into a Markdown table. */
const { median } = require('./stats');

/**
 * One row: the median of `runs`; with `vs` (the comparison, measured in the same repetitions) the
 * median of the per-repetition ratios runs[i] / vs.runs[i], so both sides of a ratio saw the same
 * machine load (the ratio of the medians when vs has another number of runs); with `goal`, whether the median (and ratio) meet it.
 */
function summarize({ measure, unit, runs, vs, goal, note }) {
  const row = { measure, unit, runs, median: median(runs) };
  if (vs) {
    row.vsLabel = vs.label;
    row.vsUnit = vs.unit ?? unit;
    row.vsMedian = median(vs.runs);
    // No ratio to a zero (lateness of 0 ms), nor where the caller says it means nothing.
    if (vs.ratio !== false && !vs.runs.includes(0)) {
      row.ratio = vs.runs.length === runs.length ? median(runs.map((r, i) => r / vs.runs[i])) : row.median / row.vsMedian;
    }
  }
  if (goal) {
    row.goal = goal.text;
    row.met = goal.met(row.median, row.ratio);
  }
  if (note) row.note = note;
  return row;
}

function formatNumber(value, unit) {
  if (unit === 's') return value.toFixed(value < 10 ? 3 : 1);
  if (unit === 'ms') return value.toFixed(value < 10 ? 2 : 1);
  return Math.round(value).toLocaleString('en-US');
}

function withUnit(value, unit) {
  return `${formatNumber(value, unit)} ${unit}`;
}

/** A Markdown table of the rows of one benchmark (a row with `error` says the benchmark failed). */
function renderTable(rows) {
  const lines = [
    '| Measure | Median | Runs | Compared with (median) | Ratio | Goal | Met |',
    '| --- | ---: | --- | --- | ---: | --- | --- |',
  ];
  for (const r of rows) {
    if (r.error) {
      lines.push(`| ${r.measure} | failed: ${r.error.replace(/\|/g, '\\|').replace(/\n/g, ' ')} | | | | | |`);
      continue;
    }
    const measure = r.note ? `${r.measure} (${r.note})` : r.measure;
    lines.push(
      [
        '',
        measure,
        withUnit(r.median, r.unit),
        r.runs.map((v) => formatNumber(v, r.unit)).join(', '),
        r.vsLabel ? `${r.vsLabel}: ${withUnit(r.vsMedian, r.vsUnit)}` : '',
        r.ratio === undefined ? '' : `${r.ratio.toFixed(r.ratio < 10 ? 2 : 1)}×`,
        r.goal ?? '',
        r.met === undefined ? '' : r.met ? 'yes' : '**no**',
        '',
      ]
        .join(' | ')
        .trim(),
    );
  }
  return lines.join('\n');
}

module.exports = { summarize, renderTable };

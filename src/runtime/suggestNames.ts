/** Up to `max` names closest to `wanted` (edit distance, or sharing its last segment), best first. */
export function suggestNames(wanted: string, names: Iterable<string>, max = 3): string[] {
  const lower = wanted.toLowerCase();
  const last = lower.split('.').pop() ?? lower;
  const limit = Math.max(3, Math.floor(wanted.length / 3));
  const scored: Array<[number, string]> = [];
  for (const name of names) {
    const n = name.toLowerCase();
    const d = distance(lower, n);
    if (d <= limit || (last.length >= 3 && n.split('.').pop() === last)) scored.push([d, name]);
  }
  return scored
    .sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]))
    .slice(0, max)
    .map(([, n]) => n);
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

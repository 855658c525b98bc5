/** The closest candidate to a misspelt key, if it is close enough to be what the user meant. */
export function suggestKey(key: string, candidates: readonly string[]): string | undefined {
  const normalized = normalize(key);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (normalize(candidate) === normalized) return candidate;
    const d = distance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  const allowed = key.length <= 4 ? 1 : key.length <= 8 ? 2 : 3;
  return bestDistance <= allowed ? best : undefined;
}

/** `imageTag`, `image-tag` and `IMAGE_TAG` all mean `image_tag`. */
function normalize(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-\s]/g, '_')
    .toLowerCase();
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
function distance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, d[i - 2]![j - 2]! + 1);
      d[i]![j] = value;
    }
  }
  return d[a.length]![b.length]!;
}

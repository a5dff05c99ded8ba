/**
 * A pure function's answers kept by their argument, for one called again and again with a few values (a plan's
 * source paths, a system's field names). Bounded: past `max` kept answers it starts afresh.
 */
export function memoized<T>(compute: (key: string) => T, max: number): (key: string) => T {
  const kept = new Map<string, T>();
  return (key) => {
    if (kept.has(key)) return kept.get(key)!;
    if (kept.size >= max) kept.clear();
    const value = compute(key);
    kept.set(key, value);
    return value;
  };
}

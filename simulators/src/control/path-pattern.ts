/** `*` matches any run of characters (slashes included); everything else matches itself. */
export function pathMatcher(pattern: string): (path: string) => boolean {
  if (pattern === '*') return () => true;
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const regex = new RegExp(`^${source}$`);
  return (path) => regex.test(path);
}

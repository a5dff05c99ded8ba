/**
 * The items of `source`, each next one already asked for while the consumer works on the one it has (one
 * ahead, never more): a source page is fetched while the page before is being stored. A failure to get an
 * item is told when the consumer reaches it, after every item before it. A consumer that stops early closes
 * the source once the item asked for ahead has arrived; that item is dropped.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  let finished = false;
  try {
    for (;;) {
      const result = await next;
      if (result.done) {
        finished = true;
        return;
      }
      next = iterator.next();
      // Told when reached (awaited above), not as an unhandled rejection while the consumer works.
      next.catch(() => undefined);
      yield result.value;
    }
  } catch (error) {
    finished = true;
    throw error;
  } finally {
    if (!finished) {
      await next.catch(() => undefined);
      await iterator.return?.();
    }
  }
}

/*
 * Faults that change a real answer's body: a list page that repeats records, a page that starts with
 * the previous page's last record, and a body cut off in the middle of its transfer.
 */

/** The records array of a list answer: PlanGrid's `data`, ServiceNow's `result`, Maximo's `member`. */
const LIST_KEYS = ['data', 'result', 'member'] as const;

type ListBody = Record<string, unknown>;

function listOf(body: unknown): { body: ListBody; key: string; items: unknown[] } | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  for (const key of LIST_KEYS) {
    const items = (body as ListBody)[key];
    if (Array.isArray(items)) return { body: body as ListBody, key, items };
  }
  return undefined;
}

const withItems = (list: { body: ListBody; key: string }, items: unknown[]) => ({
  ...list.body,
  [list.key]: items,
});

/** A JSON answer with the same status and headers as `response`, and this body. */
function jsonLike(response: Response, body: unknown): Response {
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  headers.set('content-type', 'application/json');
  return new Response(JSON.stringify(body), { status: response.status, headers });
}

async function parsed(response: Response): Promise<unknown> {
  try {
    return JSON.parse(await response.clone().text());
  } catch {
    return undefined;
  }
}

/** The page repeats its first third (at least one record) at its end. */
export async function duplicateRecords(response: Response): Promise<Response> {
  const list = listOf(await parsed(response));
  if (!list || list.items.length === 0) return response;
  const repeated = list.items.slice(0, Math.max(1, Math.ceil(list.items.length / 3)));
  return jsonLike(response, withItems(list, [...list.items, ...repeated]));
}

/**
 * Remembers each faulted page's last record per path, and puts it in front of the next page answered on
 * that path: the same record on two consecutive pages, as offset paging does when records move.
 */
export function createOverlap() {
  const carried = new Map<string, unknown>();
  return {
    /** The faulted page: answered as it is, its last record kept for the next page. */
    async remember(path: string, response: Response): Promise<Response> {
      const list = listOf(await parsed(response));
      if (list && list.items.length > 0) carried.set(path, list.items.at(-1));
      return response;
    },
    /** Any page: when a record is carried for its path, it comes first. */
    async carry(path: string, response: Response): Promise<Response> {
      if (!carried.has(path)) return response;
      const list = listOf(await parsed(response));
      if (!list) return response;
      const record = carried.get(path);
      carried.delete(path);
      return jsonLike(response, withItems(list, [record, ...list.items]));
    },
    pending: () => carried.size > 0,
    clear: () => carried.clear(),
  };
}

/**
 * The answer's headers (with its full Content-Length) and the first half of its body, then `cut` closes
 * the connection: the client sees a premature end. The cut comes a moment later, so that the server has
 * sent the headers and the first half by then. Without a connection to cut, the body stream fails.
 */
export async function truncatedBody(response: Response, cut?: () => void): Promise<Response> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const headers = new Headers(response.headers);
  headers.set('content-length', String(bytes.length));
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2))));
    },
    async pull(controller) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (!cut) return controller.error(new Error('the simulator cut this body off (truncated fault)'));
      cut();
      controller.close();
    },
  });
  return new Response(body, { status: response.status, headers });
}

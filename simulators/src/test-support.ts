/** Small helpers the contract tests share: credentials and JSON calls against a started simulator. */
export const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

export const PLANGRID_ACCEPT = 'application/vnd.plangrid+json; version=1';
export const plangridHeaders = { accept: PLANGRID_ACCEPT, authorization: basic('pg-demo-key', '') };
export const nuvoloHeaders = { accept: 'application/json', authorization: basic('admin', 'nuvolo-demo') };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert on loosely typed JSON answers
export async function json<T = any>(response: Response | Promise<Response>): Promise<T> {
  return (await (await response).json()) as T;
}

export const sendJson = (method: string, body: unknown, headers: Record<string, string> = {}) => ({
  method,
  headers: { ...headers, 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

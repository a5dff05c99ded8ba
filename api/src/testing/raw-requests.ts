import { headersText, PASSWORD, type ApiWorld } from './api-world.js';

/*
 * Requests with exactly the credentials a test chooses (a forged cookie, someone else's CSRF token, a spoofed
 * address), where ApiClient would keep and send its own.
 */
export interface Credentials {
  /** The whole `Cookie` header. */
  cookie?: string;
  csrf?: string;
  bearer?: string;
  headers?: Record<string, string>;
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  json: Record<string, any> | null;
  text: string;
}

export async function send(
  world: ApiWorld,
  method: string,
  path: string,
  credentials: Credentials = {},
  body?: unknown,
): Promise<RawAnswer> {
  const headers: Record<string, string> = { ...credentials.headers };
  if (credentials.cookie !== undefined) headers.cookie = credentials.cookie;
  if (credentials.csrf !== undefined) headers['x-csrf-token'] = credentials.csrf;
  if (credentials.bearer !== undefined) headers.authorization = `Bearer ${credentials.bearer}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await world.app.request(path, {
    method,
    headers,
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  world.transcript.responses.push(text, headersText(response.headers));
  let json: Record<string, any> | null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/** A signed-in browser's state: its session cookie (`isync_session=…`, as sent) and CSRF token. */
export interface SignedIn {
  cookie: string;
  csrf: string;
  answer: RawAnswer;
}

/** The cookie pair a response sets, or null. */
export const cookieSet = (answer: RawAnswer): string | null =>
  answer.headers.get('set-cookie')?.split(';')[0] ?? null;

export async function signIn(
  world: ApiWorld,
  email: string,
  credentials: Credentials = {},
  password = PASSWORD,
): Promise<SignedIn> {
  const answer = await send(world, 'POST', '/api/auth/login', credentials, { email, password });
  const cookie = cookieSet(answer);
  if (answer.status !== 200 || !cookie) throw new Error(`sign-in as ${email} failed: ${answer.text}`);
  return { cookie, csrf: answer.json!.csrfToken as string, answer };
}

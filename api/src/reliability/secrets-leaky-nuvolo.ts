import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NuvoloControl, RunningSimulator } from '@isync/simulators';

/** The credentials the leaky Nuvolo accepts, all of them canaries. */
export interface LeakyCredentials {
  username: string;
  password: string;
  clientId: string;
  clientSecret: string;
  accessToken: string;
  refreshToken: string;
}

/**
 * A ServiceNow stand-in that is as careless as a real one can be: it issues the canary OAuth tokens, and
 * answers every refused request and every other work-order create with an error that echoes the
 * Authorization header and the request body back. Everything else goes to the Nuvolo simulator, so a sync
 * through it has successes and failures.
 */
export async function startLeakyNuvolo(nuvolo: RunningSimulator<NuvoloControl>, canary: LeakyCredentials) {
  const basic = `Basic ${Buffer.from(`${canary.username}:${canary.password}`).toString('base64')}`;
  const upstream = `Basic ${Buffer.from('admin:nuvolo-demo').toString('base64')}`;
  let creates = 0;

  const echo = (res: ServerResponse, status: number, authorization: string, body: string) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        error: { message: `Rejected request with Authorization: ${authorization}`, detail: `Body: ${body}` },
        status: 'failure',
      }),
    );

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const authorization = req.headers.authorization ?? '';
    const path = req.url ?? '/';
    if (path.startsWith('/oauth_token.do')) {
      const form = new URLSearchParams(body);
      const granted =
        form.get('client_secret') === canary.clientSecret &&
        (form.get('password') === canary.password || form.get('refresh_token') === canary.refreshToken);
      if (!granted) return echo(res, 401, authorization, body);
      return res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          access_token: canary.accessToken,
          refresh_token: canary.refreshToken,
          token_type: 'Bearer',
          expires_in: 1799,
        }),
      );
    }
    if (authorization !== basic && authorization !== `Bearer ${canary.accessToken}`) {
      return echo(res, 401, authorization, body);
    }
    if (req.method === 'POST' && ++creates % 2 === 0) return echo(res, 400, authorization, body);
    const answer = await fetch(new URL(path, nuvolo.url), {
      method: req.method!,
      headers: {
        ...(req.headers['content-type'] && { 'content-type': req.headers['content-type'] }),
        authorization: upstream,
        accept: 'application/json',
      },
      ...(body !== '' && { body }),
    });
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'link', 'x-total-count', 'location'])
      if (answer.headers.has(name)) headers[name] = answer.headers.get(name)!.replaceAll(nuvolo.url, url);
    res.writeHead(answer.status, headers).end((await answer.text()).replaceAll(nuvolo.url, url));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => res.writeHead(502).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const REDACTED = '[REDACTED]';

/** Headers whose values are credentials, whatever the connection's own list says. */
export const DEFAULT_SECRET_HEADERS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
];

const SECRET_QUERY_PARAMETER =
  /^(access_token|refresh_token|id_token|token|api_?key|key|password|passwd|client_secret|secret|signature|sig)$/i;

// Shorter strings would redact ordinary words and digits out of every message.
const MIN_SECRET_LENGTH = 4;

/**
 * Removes secrets from everything the client writes: error messages, response snippets, log
 * lines. It knows the connection's secrets and learns the values of credential headers as
 * requests go by (including the token inside `Bearer …` and the password inside `Basic …`).
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  private readonly secretHeaders: ReadonlySet<string>;

  constructor(secrets: Iterable<string> = [], secretHeaders: Iterable<string> = DEFAULT_SECRET_HEADERS) {
    this.secretHeaders = new Set([
      ...DEFAULT_SECRET_HEADERS,
      ...[...secretHeaders].map((h) => h.toLowerCase()),
    ]);
    for (const secret of secrets) this.add(secret);
  }

  add(secret: string): void {
    for (const form of [secret, encodeURIComponent(secret)]) {
      if (form.length >= MIN_SECRET_LENGTH) this.secrets.add(form);
    }
  }

  isSecretHeader(name: string): boolean {
    return this.secretHeaders.has(name.toLowerCase());
  }

  /** Learns the secrets carried by a request's credential headers. */
  learnFromHeaders(headers: Readonly<Record<string, string>>): void {
    for (const [name, value] of Object.entries(headers)) {
      if (!this.isSecretHeader(name)) continue;
      this.add(value);
      const [scheme, credentials] = value.split(/\s+/, 2);
      if (credentials === undefined) continue;
      this.add(credentials);
      if (scheme?.toLowerCase() === 'basic') {
        const decoded = Buffer.from(credentials, 'base64').toString('utf8');
        this.add(decoded);
        const colon = decoded.indexOf(':');
        if (colon >= 0) this.add(decoded.slice(colon + 1));
      }
    }
  }

  text(text: string): string {
    let result = text;
    // Longest first, so that a secret containing another is replaced whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      result = result.split(secret).join(REDACTED);
    }
    return result;
  }

  /** The URL without user info and with credential-like query parameters blanked. */
  url(url: string | URL): string {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    for (const name of [...parsed.searchParams.keys()]) {
      if (SECRET_QUERY_PARAMETER.test(name)) parsed.searchParams.set(name, REDACTED);
    }
    return this.text(parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED));
  }

  /** Learns the secrets carried in a URL: its password and its credential-like query parameters. */
  learnFromUrl(url: URL): void {
    if (url.password !== '') this.add(decodeURIComponent(url.password));
    for (const [name, value] of url.searchParams) {
      if (SECRET_QUERY_PARAMETER.test(name)) this.add(value);
    }
  }
}

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
  /** The secrets longest first, kept between calls: every request's URL and log line is redacted. */
  private longestFirst: string[] | null = null;
  /** Credential header values already learned: every request carries the same few again. */
  private readonly learnedHeaderValues = new Set<string>();
  private readonly secretHeaders: ReadonlySet<string>;
  /** Grows with every new secret: what was redacted before may need redacting again. */
  version = 0;

  constructor(secrets: Iterable<string> = [], secretHeaders: Iterable<string> = DEFAULT_SECRET_HEADERS) {
    this.secretHeaders = new Set([
      ...DEFAULT_SECRET_HEADERS,
      ...[...secretHeaders].map((h) => h.toLowerCase()),
    ]);
    for (const secret of secrets) this.add(secret);
  }

  add(secret: string): void {
    for (const form of [secret, encodeURIComponent(secret)]) {
      if (form.length >= MIN_SECRET_LENGTH && !this.secrets.has(form)) {
        this.secrets.add(form);
        this.longestFirst = null;
        this.version += 1;
      }
    }
  }

  isSecretHeader(name: string): boolean {
    return this.secretHeaders.has(name.toLowerCase());
  }

  /** Learns the secrets carried by a request's credential headers. */
  learnFromHeaders(headers: Readonly<Record<string, string>>): void {
    for (const [name, value] of Object.entries(headers)) {
      if (!this.isSecretHeader(name) || this.learnedHeaderValues.has(value)) continue;
      this.learnedHeaderValues.add(value);
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
    this.longestFirst ??= [...this.secrets].sort((a, b) => b.length - a.length);
    for (const secret of this.longestFirst) {
      result = result.split(secret).join(REDACTED);
    }
    return result;
  }

  /** The URL without user info and with credential-like query parameters blanked. */
  url(url: string | URL): string {
    // A request's own URL rarely carries credentials: then it is written as it is, without parsing it again.
    if (url instanceof URL && url.username === '' && url.password === '' && !this.hasSecretParameter(url))
      return this.text(url.href.replaceAll(encodeURIComponent(REDACTED), REDACTED));
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    for (const name of [...parsed.searchParams.keys()]) {
      if (SECRET_QUERY_PARAMETER.test(name)) parsed.searchParams.set(name, REDACTED);
    }
    return this.text(parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED));
  }

  private hasSecretParameter(url: URL): boolean {
    if (url.search === '') return false;
    for (const name of url.searchParams.keys()) if (SECRET_QUERY_PARAMETER.test(name)) return true;
    return false;
  }

  /** Learns the secrets carried in a URL: its password and its credential-like query parameters. */
  learnFromUrl(url: URL): void {
    if (url.password !== '') this.add(decodeURIComponent(url.password));
    for (const [name, value] of url.searchParams) {
      if (SECRET_QUERY_PARAMETER.test(name)) this.add(value);
    }
  }
}

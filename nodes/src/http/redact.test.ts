import { describe, expect, it } from 'vitest';
import { Redactor } from './redact.js';

describe('Redactor', () => {
  it('redacts a secret learned after it has already redacted text', () => {
    const redactor = new Redactor(['first-secret']);
    expect(redactor.text('first-secret and later-secret')).toBe('[REDACTED] and later-secret');
    redactor.add('later-secret');
    expect(redactor.text('first-secret and later-secret')).toBe('[REDACTED] and [REDACTED]');
  });

  it('learns each new bearer token, also when the header was seen with an older one', () => {
    const redactor = new Redactor();
    redactor.learnFromHeaders({ Authorization: 'Bearer token-one' });
    redactor.learnFromHeaders({ Authorization: 'Bearer token-one' });
    redactor.learnFromHeaders({ Authorization: 'Bearer token-two' });
    expect(redactor.text('sent token-one then token-two')).toBe('sent [REDACTED] then [REDACTED]');
  });

  it('writes a URL without user info or credential parameters, and a plain one as it is', () => {
    const redactor = new Redactor(['s3cr3t-value']);
    expect(redactor.url(new URL('https://user:pw@api.test/items?api_key=abcd&page=2'))).toBe(
      'https://api.test/items?api_key=[REDACTED]&page=2',
    );
    expect(redactor.url(new URL('https://api.test/items/s3cr3t-value?page=2&q=a%20b'))).toBe(
      'https://api.test/items/[REDACTED]?page=2&q=a%20b',
    );
    expect(redactor.url('https://api.test/items?')).toBe('https://api.test/items?');
  });
});

import { describe, expect, it } from 'vitest';
import { redactObject } from './redact.js';

describe('redactObject', () => {
  it('replaces credential-named fields at any depth and leaves the rest', () => {
    expect(
      redactObject({ title: 'Leak', auth: { Password: 'p', token: 't' }, list: [{ apiKey: 'k', n: 1 }] }),
    ).toEqual({
      title: 'Leak',
      auth: { Password: '[redacted]', token: '[redacted]' },
      list: [{ apiKey: '[redacted]', n: 1 }],
    });
  });
});

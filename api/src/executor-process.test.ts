import { describe, expect, it } from 'vitest';
import { roleArgument } from './executor-process.js';

describe('the --role argument', () => {
  it('reads --role NAME and --role=NAME, and nothing when absent', () => {
    expect(roleArgument(['--role', 'executor'])).toBe('executor');
    expect(roleArgument(['--demo', '--role=api'])).toBe('api');
    expect(roleArgument(['--demo'])).toBeUndefined();
  });

  it('refuses an unknown role and says which ones exist', () => {
    expect(() => roleArgument(['--role', 'worker'])).toThrow('--role must be one of all, api, executor');
    expect(() => roleArgument(['--role'])).toThrow('(got nothing)');
  });
});

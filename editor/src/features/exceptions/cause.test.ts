import { describe, expect, it } from 'vitest';
import { causeInBrief } from './cause';

describe('causeInBrief', () => {
  it('leaves out the request address so the reason shows first', () => {
    expect(
      causeInBrief(
        'Nuvolo answered 500 to POST http://127.0.0.1:39629/api/now/table/x_nuvo?sysparm=true: "Internal Server Error" — the server failed',
      ),
    ).toBe('Nuvolo answered 500: "Internal Server Error" — the server failed');
    expect(causeInBrief('Nuvolo answered 502 to GET https://a.test/api/now/table/x — try later')).toBe(
      'Nuvolo answered 502 — try later',
    );
    expect(
      causeInBrief('Nuvolo answered 200 to GET https://a.test/x with a body that is not valid JSON'),
    ).toBe('Nuvolo answered 200 with a body that is not valid JSON');
  });

  it('keeps a cause that names no request as it is', () => {
    expect(causeInBrief('Mapping of "state" failed: no value for "Open "')).toBe(
      'Mapping of "state" failed: no value for "Open "',
    );
  });
});

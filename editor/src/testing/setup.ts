import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => cleanup());

// jsdom lays nothing out; CodeMirror and MUI ask for these and only need them to exist.
if (typeof window !== 'undefined') {
  const rects = () => Object.assign([], { item: () => null }) as unknown as DOMRectList;
  Range.prototype.getClientRects ??= rects;
  Range.prototype.getBoundingClientRect ??= () => new DOMRect();
  window.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}

// No API in component tests: requests resolve against the page's address and are answered 503, so a
// component shows its "cannot load" state instead of the test logging an unparsable URL.
if (typeof window !== 'undefined') {
  const NodeRequest = globalThis.Request;
  globalThis.Request = class extends NodeRequest {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      super(typeof input === 'string' ? new URL(input, window.location.href) : input, init);
    }
  };
  globalThis.fetch = () =>
    Promise.resolve(
      new Response(JSON.stringify({ error: { message: 'No API in component tests.' } }), {
        status: 503,
        headers: { 'content-type': 'application/json' },
      }),
    );
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from './sandbox.js';
import type { ExpressionResult, Sandbox } from './sandbox.js';

/*
 * Known isolate escapes and denial-of-service attempts. Each attempt is an expression that answers
 * "HOST" (or a host object) should it reach anything outside its isolate. An attempt is contained
 * when its batch settles without reaching the host, the process running the test is unharmed, and
 * afterwards both the attacked sandbox and another integration's sandbox still evaluate correctly.
 */
interface Attempt {
  name: string;
  source: string;
  /** Memory limit for this attempt's sandbox; the default keeps the slow ones fast. */
  memoryLimitMb?: number;
}

const reachesHost = (probe: string) => `typeof (${probe}) !== 'undefined' ? 'HOST' : 'isolate'`;

const CORPUS: Attempt[] = [
  { name: 'this.constructor.constructor', source: 'this.constructor.constructor("return process")().pid' },
  { name: 'array constructor chain', source: '[].constructor.constructor("return process")()' },
  { name: 'record constructor chain', source: 'record.constructor.constructor("return process")().env' },
  { name: 'Function("return this")', source: reachesHost('Function("return this")().process') },
  { name: 'global via globalThis', source: reachesHost('globalThis.process ?? globalThis.require') },
  { name: 'eval', source: 'eval(\'typeof process !== "undefined" ? "HOST" : "isolate"\')' },
  { name: 'indirect eval', source: "(0, eval)(\"typeof require !== 'undefined' ? 'HOST' : 'isolate'\")" },
  {
    name: 'caller chain',
    source:
      '(function f() { let c = f.caller; while (c && c.caller) c = c.caller; return c && c.constructor("return typeof process")() !== "undefined" ? "HOST" : "isolate"; })()',
  },
  {
    name: 'Error.prepareStackTrace frames',
    source:
      '(() => { Error.prepareStackTrace = (_, frames) => frames.map((f) => { const self = f.getThis?.(); return self && (self.process || self.require) ? "HOST" : "isolate"; }); return new Error().stack; })()',
  },
  {
    name: 'Error.prepareStackTrace on a stack overflow',
    source:
      '(() => { Error.prepareStackTrace = (e, frames) => frames.map((f) => String(f.getFunction?.())); const r = (n) => r(n + 1); try { r(0); } catch (e) { return e.stack; } })()',
  },
  {
    name: 'Proxy get trap on the result',
    source:
      'new Proxy({}, { get: (_, key) => (key === "toJSON" ? () => { throw new Error("boom"); } : "HOST") })',
  },
  { name: 'Proxy ownKeys that never ends', source: 'new Proxy({}, { ownKeys() { for (;;) {} } })' },
  {
    name: 'Proxy as the prototype of Object',
    source:
      '(Object.setPrototypeOf(Object.prototype, new Proxy({}, { get: (_, key) => (key === "then" ? undefined : "HOST") })), 1)',
  },
  {
    name: 'SharedArrayBuffer and Atomics.wait',
    source: 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)',
  },
  { name: 'endless loop', source: '(() => { for (;;) {} })()' },
  { name: 'endless loop in a microtask', source: '(Promise.resolve().then(() => { for (;;) {} }), 1)' },
  { name: 'endless async loop', source: '(async () => { for (;;) await null; })()' },
  {
    name: 'gradual memory bomb',
    source: '(() => { const chunks = []; for (;;) chunks.push(new Array(2 ** 17).fill(chunks.length)); })()',
  },
  { name: 'single giant array (Array.from)', source: 'Array.from({ length: 2 ** 27 }).length' },
  { name: 'single giant array (fill)', source: 'new Array(2 ** 27).fill(0).length' },
  { name: 'single giant typed array', source: 'new Float64Array(2 ** 28).length' },
  { name: 'a 500 MB string result', source: '"x".repeat(500 * 2 ** 20)' },
  { name: 'a 100 MB JSON result from one small string', source: 'Array(1e6).fill("x".repeat(100))' },
  { name: 'string doubling', source: '(() => { let s = "x"; for (;;) s += s; })()' },
  { name: 'deep recursion', source: '(function down(n) { return down(n + 1) + 1; })(0)' },
  {
    name: 'deeply nested result',
    source: '(() => { let v = []; for (let i = 0; i < 1e6; i++) v = [v]; return v; })()',
  },
  { name: 'dynamic import()', source: 'import("node:fs")' },
  { name: 'WebAssembly memory', source: 'new WebAssembly.Memory({ initial: 65536 }).buffer.byteLength' },
  {
    name: 'WebAssembly module',
    source:
      'new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))).exports',
  },
  {
    name: 'replacing JSON for the runner',
    source: '(JSON.stringify = () => "HOST", JSON.parse = () => "HOST", 1)',
  },
  { name: 'polluting Object.prototype', source: '(Object.prototype.polluted = "HOST", 1)' },
  { name: 'a result that cannot be copied', source: '(() => { const a = {}; a.self = a; return a; })()' },
];

function mentionsHost(result: ExpressionResult | undefined): boolean {
  if (!result?.ok) return false;
  const json = JSON.stringify(result.value) ?? '';
  return json.includes('HOST') || /\bpid\b|"env"|"argv"/.test(json);
}

const record = { title: 'leak 7', uid: 'i-7' };
const expected = { ok: true, value: 'PG-i-7 LEAK 7' };
const normal = '"PG-" + record.uid + " " + text.upper(record.title)';

let neighbour: Sandbox;
let contained = 0;

beforeAll(() => {
  neighbour = createSandbox({ expressions: { ref: normal } });
});

afterAll(async () => {
  await neighbour.close();
  console.log(`reliability: sandbox: ${CORPUS.length} attempts, ${contained} contained`);
});

describe('sandbox escape and denial-of-service corpus', () => {
  it.each(CORPUS)(
    '$name is contained and the sandboxes keep serving',
    async (attempt) => {
      const sandbox = createSandbox({
        expressions: { attempt: attempt.source, ref: normal },
        memoryLimitMb: attempt.memoryLimitMb ?? 64,
        timeoutMs: 500,
      });
      try {
        const [result] = await sandbox.evaluate('attempt', [record]);
        expect(mentionsHost(result), JSON.stringify(result)?.slice(0, 200)).toBe(false);
        expect(Object.prototype).not.toHaveProperty('polluted');
        expect(typeof JSON.stringify).toBe('function');

        const [again] = await sandbox.evaluate('ref', [record]);
        const [other] = await neighbour.evaluate('ref', [record]);
        expect(other).toEqual(expected);
        // Replacing globals of its own isolate may break the attacked plan, never the host or others.
        if (!attempt.name.startsWith('replacing') && !attempt.name.startsWith('Proxy as the prototype')) {
          expect(again).toEqual(expected);
        }
        contained++;
      } finally {
        await sandbox.close();
      }
    },
    30_000,
  );
});

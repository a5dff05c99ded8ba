import { EXPRESSION_PARAMETER } from './compile.js';
import { HELPERS_SOURCE } from './helpers-source.js';

/**
 * The script run once per isolate. It evaluates to a factory: given the expression function bodies
 * (JSON `{id: body}`), it installs the helpers, compiles every expression and returns
 * `runBatch(idsJson, recordsJson) → resultsJson`, where the results are, per record, one
 * `{ok, value}` or `{ok: false, error: {kind, message}}` per expression id, in the order of ids.
 *
 * Crossing the isolate boundary costs far more than JSON, so a batch crosses it once each way as
 * one string. Should a value not serialise (a BigInt, a cycle), the batch is serialised again
 * result by result so that only that record fails. JSON is captured up front so an expression
 * cannot replace it.
 */
export const BATCH_RUNNER_SOURCE = String.raw`(function (bodiesJson) {
  'use strict';
  const { parse, stringify } = JSON;
  ${HELPERS_SOURCE}

  const bodies = parse(bodiesJson);
  const compiled = new Map();
  for (const id of Object.keys(bodies)) compiled.set(id, new Function('${EXPRESSION_PARAMETER}', bodies[id]));

  const describe = (error) => {
    const message = error instanceof Error ? error.name + ': ' + error.message : 'threw ' + String(error);
    const outOfMemory = error instanceof RangeError && /allocation failed/.test(error.message);
    return { kind: outOfMemory ? 'memory' : 'error', message };
  };

  const evaluateOne = (fn, record) => {
    try {
      return { ok: true, value: fn(record) };
    } catch (error) {
      return { ok: false, error: describe(error) };
    }
  };

  const unserialisable = (error) => ({ ok: false, error: { kind: 'error', message: 'the value cannot be copied out: ' + error.message } });
  const serialisable = (result) => {
    try {
      stringify(result);
      return result;
    } catch (error) {
      return unserialisable(error);
    }
  };

  return function runBatch(idsJson, recordsJson) {
    const fns = parse(idsJson).map((id) => compiled.get(id));
    const records = parse(recordsJson);
    const rows = new Array(records.length);
    for (let r = 0; r < records.length; r++) {
      const cells = new Array(fns.length);
      for (let e = 0; e < fns.length; e++) cells[e] = evaluateOne(fns[e], records[r]);
      rows[r] = cells;
    }
    try {
      return stringify(rows);
    } catch {
      return stringify(rows.map((cells) => cells.map(serialisable)));
    }
  };
})`;

import { describe, expect, it } from 'vitest';
import type { PlanStage } from '@isync/core';
import { TraceBook } from './traces.js';

const stages = [{ nodeId: 'destination', type: 'destination', config: {} }] as unknown as PlanStage[];

describe('a node trace’s time', () => {
  it('adds spans that do not overlap', () => {
    const book = new TraceBook(stages);
    book.add('destination', { in: 2, durationMs: 100, startedAt: 0 });
    book.add('destination', { in: 2, durationMs: 50, startedAt: 200 });
    expect(book.list()[0]).toMatchObject({ in: 4, durationMs: 150 });
  });

  it('counts the time two overlapping spans share once (two batches pushing at once)', () => {
    const book = new TraceBook(stages);
    book.add('destination', { durationMs: 100, startedAt: 0 });
    // Began while the first was still going, ended after it: 60 ms of its 100 are new.
    book.add('destination', { durationMs: 100, startedAt: 40 });
    // Wholly inside what is counted already.
    book.add('destination', { durationMs: 20, startedAt: 50 });
    expect(book.list()[0]!.durationMs).toBe(140);
  });

  it('counts a span that began earlier but ended later than one counted already (batches ending out of order)', () => {
    const book = new TraceBook(stages);
    book.add('destination', { durationMs: 60, startedAt: 40 });
    book.add('destination', { durationMs: 120, startedAt: 0 });
    book.add('destination', { durationMs: 10, startedAt: 300 });
    // Bridges the two spans counted so far: only 120..300 is new.
    book.add('destination', { durationMs: 200, startedAt: 110 });
    expect(book.list()[0]!.durationMs).toBe(310);
  });

  it('adds a span without a start as it is', () => {
    const book = new TraceBook(stages);
    book.add('destination', { durationMs: 30 });
    book.add('destination', { durationMs: 30 });
    expect(book.list()[0]!.durationMs).toBe(60);
  });
});

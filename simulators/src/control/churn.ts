import { z } from 'zod';
import type { Rng } from '../shared/prng.js';

/** What a server lets the churn engine do to its main records; each returns the id it touched. */
export interface ChurnTarget {
  create(rng: Rng): string;
  update(rng: Rng): string | undefined;
  changeStatus(rng: Rng): string | undefined;
  remove(rng: Rng): string | undefined;
  /** Someone in the system closes out an open record as done (a technician completes a work order). */
  complete(rng: Rng): string | undefined;
}

// `complete` comes last so that mixes and batches without it draw the same changes as before it existed.
const churnKinds = ['create', 'update', 'statusChange', 'delete', 'complete'] as const;
type ChurnKind = (typeof churnKinds)[number];

export const churnOpsSchema = z
  .object({
    create: z.number().int().min(0).max(100_000).default(0),
    update: z.number().int().min(0).max(100_000).default(0),
    statusChange: z.number().int().min(0).max(100_000).default(0),
    delete: z.number().int().min(0).max(100_000).default(0),
    complete: z.number().int().min(0).max(100_000).default(0),
  })
  .strict();
export type ChurnOps = z.input<typeof churnOpsSchema>;

export const steadyChurnSchema = z
  .object({
    perSecond: z.number().positive().max(10_000),
    /** Relative weights of each kind of change. */
    mix: z
      .object({
        create: z.number().min(0).default(1),
        update: z.number().min(0).default(2),
        statusChange: z.number().min(0).default(1),
        delete: z.number().min(0).default(0),
        complete: z.number().min(0).default(0),
      })
      .strict()
      .default({ create: 1, update: 2, statusChange: 1, delete: 0, complete: 0 }),
  })
  .strict();
export type SteadyChurn = z.input<typeof steadyChurnSchema>;

export interface ChurnResult {
  created: string[];
  updated: string[];
  statusChanged: string[];
  deleted: string[];
  completed: string[];
}

export interface Churn {
  apply(ops: ChurnOps): ChurnResult;
  start(options: SteadyChurn): void;
  stop(): void;
  readonly running: boolean;
}

const resultKey: Record<ChurnKind, keyof ChurnResult> = {
  create: 'created',
  update: 'updated',
  statusChange: 'statusChanged',
  delete: 'deleted',
  complete: 'completed',
};

const emptyResult = (): ChurnResult => ({
  created: [],
  updated: [],
  statusChanged: [],
  deleted: [],
  completed: [],
});

export function createChurn(target: () => ChurnTarget, rng: Rng): Churn {
  let timer: NodeJS.Timeout | undefined;

  const applyOne = (kind: ChurnKind, result: ChurnResult) => {
    const t = target();
    const change: Record<ChurnKind, () => string | undefined> = {
      create: () => t.create(rng),
      update: () => t.update(rng),
      statusChange: () => t.changeStatus(rng),
      delete: () => t.remove(rng),
      complete: () => t.complete(rng),
    };
    const id = change[kind]();
    if (id) result[resultKey[kind]].push(id);
  };

  return {
    apply: (input) => {
      const ops = churnOpsSchema.parse(input);
      const result = emptyResult();
      for (const kind of churnKinds) for (let i = 0; i < ops[kind]; i++) applyOne(kind, result);
      return result;
    },
    start: (input) => {
      const { perSecond, mix } = steadyChurnSchema.parse(input);
      if (timer) clearInterval(timer);
      const total = churnKinds.reduce((sum, kind) => sum + mix[kind], 0);
      if (total === 0) return;
      const tickMs = Math.max(10, Math.min(1000, 1000 / perSecond));
      let due = 0;
      let last = performance.now();
      timer = setInterval(() => {
        const now = performance.now();
        due += ((now - last) / 1000) * perSecond;
        last = now;
        const sink = emptyResult();
        for (; due >= 1; due -= 1) {
          let roll = rng.next() * total;
          const kind = churnKinds.find((k) => (roll -= mix[k]) < 0) ?? 'update';
          applyOne(kind, sink);
        }
      }, tickMs);
      timer.unref();
    },
    stop: () => {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
    get running() {
      return timer !== undefined;
    },
  };
}

import { z } from 'zod';
import type { Rng } from '../shared/prng.js';

/** What a server lets the churn engine do to its main records; each returns the id it touched. */
export interface ChurnTarget {
  create(rng: Rng): string;
  update(rng: Rng): string | undefined;
  changeStatus(rng: Rng): string | undefined;
  remove(rng: Rng): string | undefined;
}

const churnKinds = ['create', 'update', 'statusChange', 'delete'] as const;
type ChurnKind = (typeof churnKinds)[number];

export const churnOpsSchema = z
  .object({
    create: z.number().int().min(0).max(100_000).default(0),
    update: z.number().int().min(0).max(100_000).default(0),
    statusChange: z.number().int().min(0).max(100_000).default(0),
    delete: z.number().int().min(0).max(100_000).default(0),
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
      })
      .strict()
      .default({ create: 1, update: 2, statusChange: 1, delete: 0 }),
  })
  .strict();
export type SteadyChurn = z.input<typeof steadyChurnSchema>;

export interface ChurnResult {
  created: string[];
  updated: string[];
  statusChanged: string[];
  deleted: string[];
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
};

export function createChurn(target: () => ChurnTarget, rng: Rng): Churn {
  let timer: NodeJS.Timeout | undefined;

  const applyOne = (kind: ChurnKind, result: ChurnResult) => {
    const t = target();
    const id =
      kind === 'create'
        ? t.create(rng)
        : kind === 'update'
          ? t.update(rng)
          : kind === 'statusChange'
            ? t.changeStatus(rng)
            : t.remove(rng);
    if (id) result[resultKey[kind]].push(id);
  };

  return {
    apply: (input) => {
      const ops = churnOpsSchema.parse(input);
      const result: ChurnResult = { created: [], updated: [], statusChanged: [], deleted: [] };
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
        const sink: ChurnResult = { created: [], updated: [], statusChanged: [], deleted: [] };
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

import { createSandbox } from './sandbox.js';

// Expression cost per record per expression, for 100k records in pages of 1000 (a source page).
const RECORDS = 100_000;
const BATCH = 1_000;
const expressions = {
  title: 'text.upper(record.title)',
  due: 'date.serviceNow(record.due_at)',
  assignee: 'coalesce(record.assignees[0] && record.assignees[0].email, record.created_by.email)',
};

const records = Array.from({ length: RECORDS }, (_, i) => ({
  uid: `0f3c${i}`,
  number: i,
  title: `Leaking pipe in room ${i % 400}`,
  status: i % 3 === 0 ? 'closed' : 'open',
  due_at: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
  assignees: i % 2 === 0 ? [{ uid: `u${i % 50}`, email: `tech${i % 50}@example.com` }] : [],
  created_by: { email: 'manager@example.com' },
}));

const sandbox = createSandbox({ expressions });
try {
  const pages = Array.from({ length: RECORDS / BATCH }, (_, p) => records.slice(p * BATCH, (p + 1) * BATCH));
  for (const page of pages.slice(0, 10)) await sandbox.evaluateBatch(page); // warm-up: isolate start and JIT

  const started = process.hrtime.bigint();
  let failed = 0;
  for (const page of pages) {
    for (const results of await sandbox.evaluateBatch(page)) {
      failed += Object.values(results).filter((result) => !result.ok).length;
    }
  }
  const elapsedUs = Number(process.hrtime.bigint() - started) / 1000;
  if (failed > 0) throw new Error(`${failed} evaluations failed`);
  const usPerRecord = elapsedUs / RECORDS / Object.keys(expressions).length;
  console.log(`BENCH expr.us_per_record ${usPerRecord.toFixed(3)} µs`);
} finally {
  await sandbox.close();
}

import type { Reporter, TestModule } from 'vitest/node';

/*
 * The reliability suite's summary. Each part of the suite prints `reliability: <part>: <figure>` lines;
 * this reporter (used by `npm run test:reliability`) gathers them, prints them together at the end, and
 * fails the run when a part printed nothing, so a part that stopped running cannot pass unnoticed.
 * Whether each figure meets its target is asserted by the part's own tests.
 */
export const PARTS = [
  'load',
  'faults',
  'hostile-input',
  'sandbox',
  'access',
  'sessions',
  'embed-tokens',
  'secrets',
  'ssrf',
  'audit',
  'schedules',
  'floor',
  'wizard-steps',
  'limits',
  'url-credentials',
  'malformed',
  'forwarded-for',
  'sign-in',
] as const;

const FIGURE = /^reliability: ([\w-]+): .*$/gm;

export default class ReliabilityFigures implements Reporter {
  private readonly figures: string[] = [];

  onUserConsoleLog(log: { content: string }): void {
    for (const match of log.content.matchAll(FIGURE)) this.figures.push(match[0]);
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const printed = new Set(this.figures.map((line) => line.split(': ')[1]));
    const missing = PARTS.filter((part) => !printed.has(part));
    const failed = modules.filter((module) => !module.ok()).length;
    const lines = [
      '',
      'Reliability figures',
      ...this.figures.map((line) => `  ${line}`),
      ...missing.map((part) => `  reliability: ${part}: MISSING (the part printed no figure)`),
      failed > 0 || missing.length > 0
        ? `  targets: NOT MET (${failed} test file(s) failed, ${missing.length} part(s) missing)`
        : '  targets: met',
      '',
    ];
    process.stdout.write(lines.join('\n') + '\n');
    if (missing.length > 0) process.exitCode = 1;
  }
}

import type { RawAnswer } from './raw-requests.js';

/**
 * Counts a security suite's cases and collects every answer that is not the expected one, so the suite can
 * print `reliability: <name>: <cases> cases, <violations> violations` and fail listing each violation.
 */
export class CaseTally {
  cases = 0;
  readonly violations: string[] = [];

  /** One case; `problem` says what is wrong, or is null when all is as expected. */
  check(name: string, problem: string | null): void {
    this.cases++;
    if (problem) this.violations.push(`${name}: ${problem}`);
  }

  /** One case expecting this status (and error code); a 5xx is always a violation. */
  answer(name: string, answer: RawAnswer, status: number, code?: string): void {
    const got = answer.json?.error?.code as string | undefined;
    const ok = answer.status === status && (code === undefined || got === code);
    this.check(
      name,
      ok ? null : `expected ${status}${code ? ` ${code}` : ''}, got ${answer.status}${got ? ` ${got}` : ''}`,
    );
  }

  /** The violations found after the first `from`, for one test's assertion. */
  since(from: number): string[] {
    return this.violations.slice(from);
  }

  line(name: string): string {
    return `reliability: ${name}: ${this.cases} cases, ${this.violations.length} violations`;
  }
}

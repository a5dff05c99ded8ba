import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { ValidationError } from '@isync/core';

/** The shortest password iSync takes; length alone is not enough (12 spaces are 12 characters). */
export const MIN_PASSWORD_LENGTH = 12;
/** zxcvbn's score (0–4) a password needs: 3 is "safely unguessable" for an online attack with throttling. */
const MIN_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;
const zxcvbn = () => (estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs }));

/** zxcvbn's warnings, in words. */
const WARNINGS: Record<string, string> = {
  straightRow: 'a straight row of keys is easy to guess',
  keyPattern: 'a short keyboard pattern is easy to guess',
  simpleRepeat: 'repeated characters such as "aaa" are easy to guess',
  extendedRepeat: 'repeated groups such as "abcabcabc" are easy to guess',
  sequences: 'sequences such as "abc" or "6543" are easy to guess',
  recentYears: 'recent years are easy to guess',
  dates: 'dates are easy to guess',
  topTen: 'it is one of the most used passwords',
  topHundred: 'it is a very often used password',
  common: 'it is a commonly used password',
  similarToCommon: 'it is too close to a commonly used password',
  wordByItself: 'a single word is easy to guess',
  namesByThemselves: 'single names or surnames are easy to guess',
  commonNames: 'common names and surnames are easy to guess',
  userInputs: 'it contains your name, email or organisation',
  pwned: 'it appeared in a data breach',
};

/**
 * Why a password is too weak, in words that help choose a better one, or null when it is strong enough:
 * at least 12 characters and hard to guess by zxcvbn's estimate (dictionaries of common passwords, names
 * and words, keyboard patterns, repeats, dates), counting the user's own name and email as easy to guess.
 */
export function passwordProblem(password: string, userInputs: readonly string[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `Use at least ${MIN_PASSWORD_LENGTH} characters; a few unrelated words make a long password that is easy to remember.`;
  const inputs = userInputs
    .flatMap((input) => [input, ...input.split(/[@.\s_-]+/)])
    .filter((s) => s.length > 2);
  const { score, feedback } = zxcvbn().check(password, inputs);
  if (score >= MIN_SCORE) return null;
  const why = feedback.warning ? WARNINGS[feedback.warning] : undefined;
  return `This password is too easy to guess${why ? `: ${why}` : ''}. Add another word or two that are not related (a short phrase only you would write), and avoid names, dates and keyboard patterns.`;
}

/** Refuses a weak password with a 400 naming the field and saying how to choose a better one. */
export function assertStrongPassword(
  password: string,
  userInputs: readonly string[] = [],
  field = 'password',
): void {
  const problem = passwordProblem(password, userInputs);
  if (problem) throw new ValidationError(`${field}: ${problem}`, { field, reason: problem });
}

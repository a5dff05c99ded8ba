/**
 * The simulators' notion of "now". Tests move it forward (through `/__sim/clock`) to expire tokens
 * or roll rate-limit windows without sleeping.
 */
export interface SimClock {
  now(): number;
  advance(ms: number): void;
  reset(): void;
}

export function createClock(): SimClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
    reset: () => {
      offset = 0;
    },
  };
}

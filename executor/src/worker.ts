import type { Logger } from '@isync/core';
import type { Scheduler } from './schedulers/scheduler.js';

export interface ServeOptions {
  logger: Logger;
  /** Closes what the scheduler does not own (the store), after the scheduler has closed. */
  onClosed?: () => Promise<void>;
  /** Default `process.exit`. */
  exit?: (code: number) => void;
  signals?: readonly NodeJS.Signals[];
}

/**
 * Runs an executor until it is told to stop (SIGTERM from the orchestrator, SIGINT from a terminal):
 * it then takes no more work, lets every run finish the page or batch in hand (cursor and counts saved,
 * the run finished as stopped), closes the scheduler and what `onClosed` closes, and exits 0 (1 when
 * closing failed). A second signal ends the process at once (the default action). Answers the same stop,
 * for callers that stop it themselves.
 */
export async function serveUntilStopped(
  scheduler: Scheduler,
  { logger, onClosed, exit = (code) => process.exit(code), signals = ['SIGTERM', 'SIGINT'] }: ServeOptions,
): Promise<(reason: string) => Promise<void>> {
  let stopping: Promise<void> | undefined;
  const stop = (reason: string) =>
    (stopping ??= (async () => {
      logger.info({ reason }, 'executor stopping: finishing the work in hand');
      let code = 0;
      try {
        await scheduler.close();
        await onClosed?.();
      } catch (error) {
        logger.error({ err: error }, 'executor did not stop cleanly');
        code = 1;
      }
      logger.info({ code }, 'executor stopped');
      exit(code);
    })());
  for (const signal of signals) process.once(signal, () => void stop(signal));
  await scheduler.start();
  return stop;
}

/*
 * How a run is stopped: at once (`signal`: requests in flight are abandoned) or gracefully (`stop`: the page
 * or batch in hand is finished and stored), and with what words.
 */

/** Raised to end a run early with a reason a user can act on. */
export class RunAborted extends Error {}

/** A stop reason asked by a person: the run ends `canceled` with these words, keeping what it did. */
export class RunCancel {
  constructor(readonly message: string) {}
}

/** A run's two stop signals, and what they say. */
export class RunStops {
  constructor(
    readonly signal: AbortSignal,
    readonly stop: AbortSignal,
  ) {}

  get asked(): boolean {
    return this.stop.aborted || this.signal.aborted;
  }

  /** The cancel that stopped the run, if a person canceled it. */
  cancel(): RunCancel | null {
    for (const reason of [this.stop.reason, this.signal.reason])
      if (reason instanceof RunCancel) return reason;
    return null;
  }

  /** Why the run was stopped: a stop that says why (a cancel, a suspended tenant, a lost lock) is told as it is. */
  message(): string {
    const said = [this.signal.reason, this.stop.reason].find((reason) => typeof reason === 'string');
    return (
      this.cancel()?.message ??
      (said as string | undefined) ??
      'The run was stopped (the executor shut down); it continues with the next run.'
    );
  }

  /** Between pages and batches: what is done so far is stored, so a stop loses nothing. */
  throwIfAsked(): void {
    if (this.asked) throw new RunAborted(this.message());
  }
}

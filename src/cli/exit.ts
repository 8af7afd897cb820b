/** Process exit codes. */
export const ExitCode = {
  /** Success. */
  Ok: 0,
  /** Bad flags or arguments. */
  Usage: 1,
  /** `graft diff`: the documents differ. */
  Different: 1,
  /** The merge or evaluation failed. */
  Runtime: 2,
  /** Success, but something was deferred on purpose (`--skip-nats` and friends). */
  Partial: 3,
} as const;

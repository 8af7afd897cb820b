/**
 * External stores (NATS, Vault, AWS) behind one small contract: created on first use in a run,
 * shared by every call of that run, closed when the run ends.
 *
 * @module
 */

/** The environment variables a run reads: the process's, or what a test or a flag says. */
export type Environment = (name: string) => string | undefined;

/** A client of an external store, as one run uses it. */
export interface Backend {
  /** Releases connections; called once when the run ends, whatever happened. */
  close(): Promise<void>;
}

/** Creates a backend; called at most once per run, when a document first needs it. */
export type BackendFactory = () => Promise<Backend>;

/** The backends of one run, by name, each created on first use. */
export class Backends {
  readonly #factories: ReadonlyMap<string, BackendFactory>;
  readonly #opened = new Map<string, Promise<Backend>>();

  constructor(factories: ReadonlyMap<string, BackendFactory>) {
    this.#factories = factories;
  }

  /** The backend of that name, created now if this is its first use in the run. */
  get<T extends Backend>(name: string): Promise<T> {
    let backend = this.#opened.get(name);
    if (!backend) {
      const factory = this.#factories.get(name);
      if (!factory) return Promise.reject(new Error(`no backend named ${name}`));
      backend = factory();
      this.#opened.set(name, backend);
    }
    return backend as Promise<T>;
  }

  /** Closes every backend the run opened (errors while closing are ignored). */
  async close(): Promise<void> {
    const opened = [...this.#opened.values()];
    this.#opened.clear();
    await Promise.all(opened.map(async (b) => {
      try {
        await (await b).close();
      } catch {
        // A backend that failed to open, or to close, has nothing left to release.
      }
    }));
  }
}

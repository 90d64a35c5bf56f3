import type { BackendFailure, BackendName } from './backend.ts';

/** Result of the start-up benchmark: a square float32 matmul on the chosen backend. */
export interface MatmulTiming {
  size: number;
  /** Median wall time of one multiply including the read-back, in milliseconds. */
  milliseconds: number;
  gflops: number;
  /** Largest absolute difference from a plain JavaScript multiply of the same matrices. */
  maxAbsError: number;
}

/** Messages the page sends to the engine Worker. Every request carries an id that its reply echoes. */
export type EngineRequest = { id: number; type: 'init'; preferred: BackendName | null };

/** Messages the engine Worker sends back. */
export type EngineResponse =
  | {
      id: number;
      type: 'ready';
      backend: BackendName;
      failures: BackendFailure[];
      matmul: MatmulTiming;
    }
  | { id: number; type: 'error'; message: string };

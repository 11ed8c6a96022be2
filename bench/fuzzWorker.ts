// Runs fuzz inputs for bench/fuzz.ts in a worker thread, so an input that never finishes (a
// quadratic or catastrophic case) can be stopped after a timeout without losing the run.
import { parentPort } from 'node:worker_threads';
import { runInput, type FuzzInput } from './fuzzLib';

// Loaded: the parent starts an input's clock only now (loading the code is not the input's time).
parentPort!.postMessage({ ready: true });
parentPort!.on('message', (input: FuzzInput) => {
  void runInput(input).then((o) => {
    const { input: _input, ...rest } = o;
    parentPort!.postMessage(rest);
  });
});

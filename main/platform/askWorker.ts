// One request to a long-lived worker thread and its one reply (the checkpointer's and the FTS merger's rounds).
import type { Worker } from 'node:worker_threads';

/** Post `request` and wait for the worker's next message; null when the worker exits first. */
export function askWorker<Reply>(w: Worker, request: unknown): Promise<Reply | null> {
  return new Promise((resolve) => {
    const done = (reply: Reply) => {
      w.off('message', done);
      w.off('exit', gone);
      resolve(reply);
    };
    const gone = () => {
      w.off('message', done);
      resolve(null);
    };
    w.on('message', done);
    w.once('exit', gone);
    w.postMessage(request);
  });
}

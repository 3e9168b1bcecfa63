// Knows when the controller's reconciles end, from the metrics it reports (no sleeping): the
// controller counts every finished reconcile in `reconcileTotal` and every finished work item
// in the work queue's duration histogram.

/** Wraps `metrics` so that the bench can await reconciles; pass `metrics` on to the controller. */
export function observeReconciles(metrics) {
  let finished = 0;
  let lastResult;
  let inFlight = 0;
  let depth = 0;
  const listeners = new Set();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };

  function waitUntil(done, what, timeoutMs) {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const listener = () => {
        if (!done()) return;
        clearTimeout(timer);
        listeners.delete(listener);
        resolve();
      };
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(new Error(`kustomize-controller: ${what} not seen within ${timeoutMs} ms`));
      }, timeoutMs);
      listeners.add(listener);
    });
  }

  return {
    metrics: {
      ...metrics,
      queue: {
        ...metrics.queue,
        setDepth(name, value) {
          depth = value;
          metrics.queue.setDepth(name, value);
          notify();
        },
        observeQueueLatency(name, seconds) {
          inFlight += 1;
          metrics.queue.observeQueueLatency(name, seconds);
        },
        observeWorkDuration(name, seconds) {
          inFlight -= 1;
          metrics.queue.observeWorkDuration(name, seconds);
          notify();
        },
      },
      reconcileTotal: {
        inc(controller, result) {
          finished += 1;
          lastResult = result;
          metrics.reconcileTotal.inc(controller, result);
          notify();
        },
      },
    },
    /** Resolves when the next reconcile after this call has finished. */
    nextReconcile(timeoutMs = 30_000) {
      const target = finished + 1;
      return waitUntil(() => finished >= target, 'the end of a reconcile', timeoutMs);
    },
    /** `success`, `requeue_after` or `error`: how the last reconcile ended. */
    lastResult: () => lastResult,
    /** Resolves when nothing is queued or running. */
    idle(timeoutMs = 30_000) {
      return waitUntil(() => depth === 0 && inFlight === 0, 'an idle work queue', timeoutMs);
    },
  };
}

// oracle: virtual
// Lesson: a multi-step job that listens to an AbortSignal. Listeners registered with
// { once: true } clean up; aborting midway with new Error("aborted") stops the current step
// and skips the rest, and finally blocks still run.
const start = Date.now();
const at = (): string => `[${String(Date.now() - start).padStart(3)} ms]`;
function step(name: string, ms: number, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(name);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      console.log(at(), `step "${name}" interrupted`);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
async function job(signal: AbortSignal): Promise<string[]> {
  const done: string[] = [];
  signal.addEventListener('abort', () => console.log(at(), 'job saw the abort:', (signal.reason as Error).message), { once: true });
  try {
    for (const [name, ms] of [['download', 100], ['unzip', 80], ['transform', 150], ['upload', 60]] as const) {
      console.log(at(), 'starting', name);
      done.push(await step(name, ms, signal));
    }
    return done;
  } finally {
    console.log(at(), 'cleanup after', done.length, 'steps:', done.join(', ') || 'none');
  }
}
const controller = new AbortController();
setTimeout(() => controller.abort(new Error('aborted')), 250);
job(controller.signal)
  .then((steps) => console.log(at(), 'completed', steps))
  .catch((err: Error) => console.log(at(), 'job failed:', err.name, err.message, err === controller.signal.reason));
const second = new AbortController();
setTimeout(() => job(second.signal).then((steps) => console.log(at(), 'second job completed', steps)), 30);

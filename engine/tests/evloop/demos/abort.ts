// oracle: virtual
// Cancellation: a ten-step job gets the request's AbortSignal; when the client disconnects
// midway, the step in progress stops and the steps after it never run.
import { setTimeout as delay } from "node:timers/promises";

const STEPS = 10;
const DISCONNECT_AFTER_MS = 350;

class Job {
  done: string[] = [];
  constructor(readonly name: string) {}

  async run(signal: AbortSignal): Promise<void> {
    for (let step = 1; step <= STEPS; step++) {
      signal.throwIfAborted();
      await delay(50 + Math.floor(Math.random() * 30), undefined, { signal });
      this.done.push(`step ${step}`);
      console.log(`${Date.now() - startedAt} ms: ${this.name} finished step ${step}`);
    }
  }
}

const startedAt = Date.now();
const request = new AbortController();
request.signal.addEventListener(
  "abort",
  () => console.log(`${Date.now() - startedAt} ms: client went away (${request.signal.reason.message})`),
  { once: true },
);
setTimeout(() => request.abort(new Error("socket closed")), DISCONNECT_AFTER_MS);

const job = new Job("report");
try {
  await job.run(request.signal);
  console.log("finished every step");
} catch (e: any) {
  console.log(`stopped: ${e.name}: ${e.message}`);
  console.log(`cause: ${e.cause?.message}`);
}
console.log(`${job.done.length} of ${STEPS} steps ran:`, job.done);
console.log("aborted:", request.signal.aborted);

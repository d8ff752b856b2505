// oracle: virtual
// Lesson: a job queue built on EventEmitter. It emits queued/start/done for each job and
// 'drain' when everything has finished; listeners turn the events into a log.
import { EventEmitter } from 'node:events';
type Job = { id: string; ms: number };
class JobQueue extends EventEmitter {
  private pending: Job[] = [];
  private active = 0;
  constructor(private readonly concurrency: number) {
    super();
  }
  add(id: string, ms: number): this {
    this.pending.push({ id, ms });
    this.emit('queued', id, this.pending.length);
    this.next();
    return this;
  }
  private next(): void {
    while (this.active < this.concurrency && this.pending.length > 0) {
      const job = this.pending.shift()!;
      this.active++;
      this.emit('start', job.id);
      setTimeout(() => {
        this.active--;
        this.emit('done', job.id, job.ms);
        if (this.active === 0 && this.pending.length === 0) this.emit('drain');
        else this.next();
      }, job.ms);
    }
  }
}
const start = Date.now();
const stamp = (): string => `${String(Date.now() - start).padStart(4)} ms`;
const queue = new JobQueue(2);
const finished: string[] = [];
queue.on('queued', (id: string, depth: number) => console.log(stamp(), 'queued', id, 'depth', depth));
queue.on('start', (id: string) => console.log(stamp(), 'start ', id));
queue.on('done', (id: string, ms: number) => {
  finished.push(id);
  console.log(stamp(), 'done  ', id, `(${ms} ms)`);
});
queue.once('drain', () => {
  console.log(stamp(), 'drained:', finished.join(' -> '));
  console.log('listeners:', queue.listenerCount('done'), queue.listenerCount('drain'));
});
queue.add('resize', 120).add('encode', 300).add('thumbnail', 50).add('upload', 90);
setTimeout(() => queue.add('notify', 10), 400);

// TypeScript's parameter properties assign the constructor's arguments to `this` (after
// `super` in a derived class); modifiers, `implements` and `abstract` leave nothing behind.
interface Job {
  run(): Promise<string>;
}
abstract class BaseJob implements Job {
  protected attempts = 0;
  constructor(public readonly id: number, private label: string) {}
  abstract run(): Promise<string>;
  describe(): string {
    return `${this.label}#${this.id} after ${this.attempts} attempts`;
  }
}
class SleepJob extends BaseJob {
  constructor(id: number, public ms: number) {
    super(id, 'sleep');
  }
  async run(): Promise<string> {
    this.attempts++;
    await new Promise<void>((resolve) => setTimeout(resolve, this.ms));
    return this.describe();
  }
}
const job: Job = new SleepJob(7, 5);
console.log(job);
job.run().then((text: string) => console.log(text, job));

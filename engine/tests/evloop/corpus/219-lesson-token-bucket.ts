// oracle: virtual
// Lesson: a token bucket rate limiter. Tokens refill continuously from Date.now(); each
// request takes one, and a burst beyond the capacity is refused.
class TokenBucket {
  private tokens: number;
  private lastRefill = Date.now();
  allowed = 0;
  denied = 0;
  constructor(private readonly capacity: number, private readonly perSecond: number) {
    this.tokens = capacity;
  }
  private refill(): void {
    const now = Date.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.lastRefill) / 1000) * this.perSecond);
    this.lastRefill = now;
  }
  tryTake(): boolean {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.allowed++;
      return true;
    }
    this.denied++;
    return false;
  }
  get level(): string {
    return this.tokens.toFixed(2);
  }
}
const bucket = new TokenBucket(3, 4);
const start = Date.now();
let timeline = '';
let n = 0;
const id = setInterval(() => {
  n++;
  const burst = n % 10 === 5 ? 4 : 1;
  for (let i = 0; i < burst; i++) timeline += bucket.tryTake() ? '+' : '-';
  if (n % 5 === 0) {
    console.log(`${String(Date.now() - start).padStart(5)} ms  ${timeline.padEnd(10)} tokens left ${bucket.level}`);
    timeline = '';
  }
  if (n === 30) {
    clearInterval(id);
    console.log(bucket);
  }
}, 100);

// oracle: virtual
// Generic classes and methods, instantiated with explicit type arguments on `new`.
class Stack<T> {
  private items: T[] = [];
  push(...xs: T[]): this {
    this.items.push(...xs);
    return this;
  }
  pop(): T | undefined {
    return this.items.pop();
  }
  peek(): T | undefined {
    return this.items.at(-1);
  }
  map<U>(fn: (x: T) => U): Stack<U> {
    return new Stack<U>().push(...this.items.map(fn));
  }
  get size(): number {
    return this.items.length;
  }
}
const numbers = new Stack<number>().push(1, 2, 3);
const labels: Stack<string> = numbers.map<string>((n) => `#${n}`);
console.log(numbers, labels, numbers.size, labels.peek());
console.log(numbers.pop(), numbers.pop(), numbers.size);
class Pair<K, V = K> {
  constructor(public readonly key: K, public value: V) {}
}
const p = new Pair<string, number[]>('scores', [1, 2]);
console.log(p, new Pair<number>(1, 2), new Map<string, Pair<string>>([['a', new Pair('a', 'b')]]));

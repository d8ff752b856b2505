// Generic parameters on functions and generic arguments on calls and on `new` are erased.
function first<T>(items: T[]): T | undefined {
  return items[0];
}
function wait<T extends string>(value: T, ms: number): Promise<T> {
  return new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));
}
const tasks: Array<() => void> = [];
tasks.push(() => console.log('first task'));
const done = new Promise<void>((resolve) => resolve());
done.then(() => console.log('done', first<number>([7, 8])));
wait<'late'>('late', 5).then((v) => console.log(v));
tasks[0]();

// `type` aliases and `interface`s leave nothing behind, whatever their shape.
type State = 'CLOSED' | 'OPEN' | 'HALF_OPEN';
type Handler<T> = (value: T, at: number) => void;
type Pair<A, B = A> = [A, B];
interface Task {
  id: number;
  run(): Promise<void>;
  readonly name?: string;
  [extra: string]: unknown;
}
interface Timed<T> extends Task { started: T }
const state: State = 'OPEN';
const onValue: Handler<string> = (value, at) => console.log('value', value, 'at', at);
const pair: Pair<number> = [1, 2];
onValue(state, pair[0] + pair[1]);

// oracle: virtual
// Lesson: an order lifecycle as a state machine: a transition table, a switch for side
// effects, and a custom error for illegal moves.
type OrderState = 'created' | 'paid' | 'shipped' | 'delivered' | 'cancelled';
const transitions: Record<OrderState, readonly OrderState[]> = {
  created: ['paid', 'cancelled'],
  paid: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};
class InvalidTransitionError extends Error {
  constructor(public readonly from: OrderState, public readonly to: OrderState) {
    super(`cannot go from ${from} to ${to}`);
    this.name = 'InvalidTransitionError';
  }
}
class Order {
  state: OrderState = 'created';
  readonly history: string[] = [];
  constructor(readonly id: string, private total: number) {}
  transition(to: OrderState): this {
    if (!transitions[this.state].includes(to)) throw new InvalidTransitionError(this.state, to);
    switch (to) {
      case 'paid':
        this.history.push(`charged ${this.total.toFixed(2)}`);
        break;
      case 'cancelled':
        if (this.state === 'paid') this.history.push(`refunded ${this.total.toFixed(2)}`);
        break;
      case 'shipped':
      case 'delivered':
        this.history.push(`${to} ${this.id}`);
        break;
    }
    this.state = to;
    return this;
  }
}
const scripts: OrderState[][] = [['paid', 'shipped', 'delivered'], ['paid', 'cancelled'], ['shipped'], ['cancelled', 'paid']];
scripts.forEach((steps, i) => {
  const order = new Order(`ord-${i + 1}`, 19.99 * (i + 1));
  try {
    for (const step of steps) order.transition(step);
    console.log(order.id, 'ended', order.state, order.history);
  } catch (err) {
    if (err instanceof InvalidTransitionError) console.log(order.id, `${err}`, '| from', err.from, '| history', order.history);
    else throw err;
  }
});
console.log(new Order('ord-x', 5).transition('paid'));

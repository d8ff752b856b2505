// Overload signatures have no body and no run-time effect; only the implementation runs.
function pad(value: string): string;
function pad(value: number): string;
function pad(value: string | number): string {
  return `[${value}]`;
}
let total!: number;
total = 2;
console.log(pad('a'), pad(total));

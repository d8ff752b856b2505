// oracle: node
// A method taken off its object loses `this` (class bodies are strict, so it is undefined);
// arrow-function fields keep the instance.
class Button {
  label;
  constructor(label) {
    this.label = label;
  }
  click() {
    return `clicked ${this.label}`;
  }
  onClick = () => `arrow clicked ${this.label}`;
}
const ok = new Button('OK');
console.log(ok.click(), ok.onClick());
const detached = ok.click;
try {
  detached();
} catch (e) {
  console.log(e.constructor.name, e.message);
}
const arrow = ok.onClick;
console.log(arrow());
const handlers = [ok.onClick, () => ok.click()];
console.log(handlers.map((h) => h()));
console.log(Object.keys(ok));
const other = { label: 'borrowed', click: ok.click };
console.log(other.click());

// `new` on things that are not constructors, and classes called without `new`, are TypeErrors.
class Thing {}
const arrow = () => 1;
const tries = [() => new arrow(), () => Thing(), () => new (class extends Thing {})(), () => new 5()];
for (let i = 0; i < tries.length; i++) {
  try {
    const made = tries[i]();
    console.log(i, 'made', made instanceof Thing);
  } catch (e) {
    console.log(i, e.name, e.message);
  }
}
class NeedsSuper extends Thing {
  constructor() {
    this.x = 1;
    super();
  }
}
try {
  new NeedsSuper();
} catch (e) {
  console.log(e.name, e.message);
}

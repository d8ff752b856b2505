// oracle: node
// Circular references print as [Circular *1] with a <ref *1> marker on the target.
const parent = { name: 'parent', children: [] };
const child = { name: 'child', parent };
parent.children.push(child);
console.log(parent);
console.log(child);
const self = { id: 1 };
self.self = self;
console.log(self, [self]);
const a = { name: 'a' };
const b = { name: 'b', a };
a.b = b;
console.log({ a, b });
const list = [1, 2];
list.push(list);
console.log(list);
const m = new Map();
m.set('me', m);
console.log(m);

// oracle: node
// The whole switch body is one scope: a `let` in one case is in the dead zone in another
// unless each case gets its own braces.
function scoped(kind) {
  switch (kind) {
    case 'a': { const msg = 'block scoped a'; return msg; }
    case 'b': { const msg = 'block scoped b'; return msg; }
  }
  return 'none';
}
console.log(scoped('a'), scoped('b'), scoped('c'));
function shared(kind) {
  switch (kind) {
    case 'set':
      let value = 'assigned in first case';
      return value;
    case 'read':
      return value;
  }
}
console.log(shared('set'));
try {
  shared('read');
} catch (e) {
  console.log(e.name, e.message);
}

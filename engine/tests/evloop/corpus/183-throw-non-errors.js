// oracle: node
// Anything can be thrown: strings, numbers, objects, undefined. catch gets it as is, and a
// catch without a binding ignores it.
const throwers = [
  () => { throw 'a plain string'; },
  () => { throw 404; },
  () => { throw { code: 'E_RETRY', retryIn: 100 }; },
  () => { throw null; },
  () => { throw undefined; },
  () => { throw [1, 2]; },
  () => { throw new Error('a real error'); },
];
for (const t of throwers) {
  try {
    t();
  } catch (caught) {
    const kind = caught instanceof Error ? 'Error' : caught === null ? 'null' : typeof caught;
    console.log(kind.padEnd(10), caught instanceof Error ? caught.message : caught);
  }
}
try {
  JSON.parse('{oops');
} catch {
  console.log('optional catch binding: no variable needed');
}
const result = (() => { try { throw 1; } catch (n) { return n + 1; } })();
console.log(result);

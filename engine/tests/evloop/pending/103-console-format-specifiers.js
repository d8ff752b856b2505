// oracle: node
// A first string argument may hold %s %d %i %f %j %o %O %c %% placeholders; extra arguments
// are appended with spaces, missing ones leave the placeholder as is.
console.log('%s is %d years old', 'Ada', 36);
console.log('%s has %i items costing %f', 'cart', 3.9, '1.50');
console.log('%d%% done', 75, 'extra', { x: 1 });
console.log('%s and %s', 'only one');
console.log('%j is JSON', { a: [1, 2] });
console.log('%o vs %O', [1, { a: 2 }], { b: { c: {} } });
console.log('%c styled text is plain in Node', 'color: red');
console.log('%s', null, undefined, '%s');
console.log('%d', '42abc', '%i', 'x');
console.log('no placeholders', '%s', 5);
console.log(5, '%s is not a format when not first', 'x');
console.log('%s', { nested: { deep: { deeper: true } } }, ['%s']);
console.log('%s', Symbol('sym'), '%d', -0);

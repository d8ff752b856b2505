// oracle: node
// log, info and debug write to stdout; error and warn write to stderr. Each call is one line
// (or more), formatted the same way.
console.log('log goes to stdout', { level: 1 });
console.info('info goes to stdout', [1, 2]);
console.debug('debug goes to stdout too');
console.error('error goes to stderr:', new Map([['code', 500]]));
console.warn('warn goes to stderr as well');
console.log('multi\nline');
console.log();
console.log('', '');
console.log('after an empty line');
console.error('second stderr line');

// A .cts file is CommonJS, like .cjs: after the main script, nextTick runs before promise jobs.
let order: string = 'start';
Promise.resolve().then((): void => { order += ' then microtask'; });
process.nextTick((): void => { order += ' then tick'; });
setTimeout((): void => console.log(order), 1);

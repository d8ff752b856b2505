// Immediates run first-in first-out in the check phase.
for (let i = 1; i <= 4; i++) {
  setImmediate(() => console.log('immediate', i));
}
setImmediate(() => console.log('immediate last'));
console.log('queued');

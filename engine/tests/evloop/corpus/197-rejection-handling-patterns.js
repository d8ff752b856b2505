// oracle: node
// A rejection handled in the same tick is fine; try/catch around await handles async throws;
// .catch() returns a new promise that fulfils.
async function risky(fail) {
  await null;
  if (fail) throw new Error('risky failed');
  return 'risky ok';
}
const p = Promise.reject(new Error('handled in the same tick'));
p.catch((e) => console.log('caught:', e.message));
(async () => {
  try {
    console.log(await risky(false));
    console.log(await risky(true));
  } catch (e) {
    console.log('try/catch got:', e.message);
  }
  const recovered = await risky(true).catch((e) => `recovered from "${e.message}"`);
  console.log(recovered);
  const settled = await Promise.allSettled([risky(false), risky(true)]);
  console.log(settled.map((s) => (s.status === 'fulfilled' ? s.value : s.reason.message)));
  const f = await Promise.reject(new Error('x')).finally(() => console.log('finally ran')).catch((e) => e.message);
  console.log('after finally:', f);
})();

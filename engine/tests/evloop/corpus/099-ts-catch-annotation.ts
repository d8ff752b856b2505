// `catch (e: any)` and `catch (e: unknown)` annotate the binding only.
function fail(reason: string): never {
  throw reason;
}
try {
  fail('boom');
} catch (e: any) {
  console.log('caught', e);
}
async function later(): Promise<number> {
  try {
    await Promise.reject('async boom');
  } catch (e: unknown) {
    console.log('caught async', e);
  }
  return 1;
}
later().then((n: number) => console.log('after', n));

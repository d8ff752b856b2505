// A finally block may itself await; the function result waits for it.
async function guarded(fail) {
  try {
    console.log('try', fail);
    await null;
    if (fail) {
      throw 'failure';
    }
    return 'ok';
  } catch (e) {
    console.log('catch', e);
    return 'recovered';
  } finally {
    console.log('finally start', fail);
    await new Promise((resolve) => setTimeout(resolve, 5));
    console.log('finally end', fail);
  }
}
guarded(false).then((v) => console.log('result false ->', v));
guarded(true).then((v) => console.log('result true ->', v));

// switch: strict equality, fall-through, default in the middle, break and return inside.
function classify(code) {
  switch (code) {
    case 200:
    case 204:
      return 'ok';
    case '404':
      return 'string 404';
    default:
      return 'other';
    case 404:
      return 'not found';
    case 500: {
      const msg = 'server';
      return msg;
    }
  }
}
console.log(classify(200), classify(204), classify(404), classify('404'), classify(500), classify(302));
let log = '';
for (let i = 0; i < 4; i++) {
  switch (i % 3) {
    case 0:
      log += 'zero ';
    case 1:
      log += 'one ';
      break;
    default:
      log += 'other ';
      continue;
  }
  log += '| ';
}
console.log(log);

// oracle: node
// finally runs when break, continue or return leave a try block, innermost first.
const log = [];
for (let i = 0; i < 4; i++) {
  try {
    if (i === 1) continue;
    if (i === 3) break;
    log.push(`body ${i}`);
  } finally { log.push(`finally ${i}`); }
}
console.log(log.join(', '));
function find(items, target) {
  for (const item of items) {
    try {
      try {
        if (item === target) return `found ${item}`;
      } finally { console.log('inner finally', item); }
    } finally { console.log('outer finally', item); }
  }
}
console.log(find(['a', 'b', 'c'], 'b'));
outer: for (const x of [1, 2]) {
  for (const y of [1, 2]) {
    try {
      if (y === 2) continue outer;
      console.log('pair', x, y);
    } finally { console.log('cleanup', x, y); }
  }
}

// oracle: node
// Jumps out of try/catch/finally: a finally's own break or return replaces what was pending,
// nested finallies run innermost first, and a switch's break inside a try stays inside it.
const log = [];
for (let i = 0; i < 3; i++) {
  try {
    throw new Error(`boom ${i}`);
  } catch (e) {
    log.push(e.message);
    if (i === 1) continue;
  } finally {
    log.push(`f${i}`);
    if (i === 2) break;
  }
  log.push(`after ${i}`);
}
console.log(log.join(' '));
function swallow() {
  for (;;) {
    try {
      return 'from try';
    } finally {
      break;
    }
  }
  return 'after loop';
}
console.log(swallow());
let n = 0;
while (n < 1000) {
  try {
    throw n;
  } finally {
    n++;
    continue;
  }
}
console.log('n', n);
outer: for (const a of ['x', 'y']) {
  try {
    try {
      for (const b of [1, 2]) {
        try {
          if (b === 2) break outer;
        } finally {
          console.log('innermost', a, b);
        }
      }
    } finally {
      console.log('middle', a);
    }
  } finally {
    console.log('outer', a);
  }
}
const kinds = [];
for (const k of ['a', 'b']) {
  try {
    switch (k) {
      case 'a':
        kinds.push('case a');
        break;
      default:
        kinds.push('default');
    }
    kinds.push(`after switch ${k}`);
  } finally {
    kinds.push(`finally ${k}`);
  }
}
console.log(kinds.join(', '));
block: {
  try {
    break block;
  } finally {
    console.log('labelled block finally');
  }
}
try {
  for (const v of [1]) {
    try {
      break;
    } finally {
      throw new Error(`finally threw after break ${v}`);
    }
  }
} catch (e) {
  console.log(e.message);
}
async function later() {
  for (const d of [1, 2, 3]) {
    try {
      await null;
      if (d === 2) continue;
      if (d === 3) break;
      console.log('awaited', d);
    } finally {
      await null;
      console.log('async finally', d);
    }
  }
  return 'done';
}
later().then(console.log);

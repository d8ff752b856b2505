// oracle: node
// Patterns in parameters: an options object with defaults, a default for the whole pattern,
// and array patterns in callbacks.
function connect({ host = 'localhost', port = 5432, ssl = false, ...extra } = {}) {
  return `${ssl ? 'postgres+ssl' : 'postgres'}://${host}:${port} ${JSON.stringify(extra)}`;
}
console.log(connect());
console.log(connect({ host: 'db.internal', ssl: true }));
console.log(connect({ port: 6543, user: 'app', pool: 10 }));
const pairs = [['apples', 3], ['pears', 0], ['plums', 12]];
console.log(pairs.filter(([, count]) => count > 0).map(([fruit, count]) => `${count} ${fruit}`));
const point = ({ x, y }, [dx, dy] = [0, 0]) => ({ x: x + dx, y: y + dy });
console.log(point({ x: 1, y: 2 }), point({ x: 1, y: 2 }, [5, -5]));
function area({ w, h = w }) {
  return w * h;
}
console.log(area({ w: 3 }), area({ w: 3, h: 4 }));
try {
  area();
} catch (e) {
  console.log(e.name, e.message);
}
console.log(connect.length, area.length, point.length);

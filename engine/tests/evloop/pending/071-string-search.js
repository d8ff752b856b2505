// oracle: node
// includes, startsWith and endsWith, with their position arguments and case sensitivity.
const url = 'https://api.example.com/v2/users?active=true';
console.log(url.startsWith('https://'), url.startsWith('http://'), url.endsWith('true'), url.includes('/v2/'));
console.log(url.startsWith('api', 8), url.endsWith('.com', 23), url.includes('https', 1));
console.log('Node'.includes('node'), 'Node'.toLowerCase().includes('node'), ''.includes(''), 'abc'.includes(''));
const files = ['index.ts', 'README.md', 'app.test.ts', 'style.css', 'util.spec.ts'];
console.log(files.filter((f) => f.endsWith('.ts') && !f.includes('.test.') && !f.includes('.spec.')));
const route = (path) =>
  path.startsWith('/api/') ? 'api' : path === '/' ? 'home' : path.endsWith('/') ? 'directory' : 'page';
console.log(['/api/users', '/', '/docs/', '/about'].map(route));
try {
  'abc'.startsWith(/a/);
} catch (e) {
  console.log(e.name, e.message);
}
console.log('abc'.endsWith('c', 10), 'abc'.endsWith('a', 1), 'abc'.startsWith('c', -5));

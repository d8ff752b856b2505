// oracle: virtual
// import.meta in a .js file makes Node treat it as an ES module: no require, strict mode.
console.log(typeof import.meta, typeof import.meta.url, import.meta.url.startsWith('file://'));
console.log(typeof require, typeof module, typeof exports, typeof __filename, this);
try {
  undeclaredGlobal = 1;
} catch (e) {
  console.log(e.name, e.message);
}
console.log(typeof import.meta.resolve);

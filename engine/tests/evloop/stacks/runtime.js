// Errors the runtime makes, and built-ins that call back.
const show = (e) => console.log(e.stack);
try { undefined.x; } catch (e) { show(e); }
try { null.x(); } catch (e) { show(e); }
try { let u; u(); } catch (e) { show(e); }
try { notDefined; } catch (e) { show(e); }
function lookup(cfg) { return cfg.settings.depth; }
try { lookup({}); } catch (e) { show(e); console.log(e); }
try { [].reduce((a, b) => a); } catch (e) { show(e); }
try { JSON.parse("{bad"); } catch (e) { show(e); }
[1].reduce((a, b) => show(new Error("reduce")), 0);
new Map([[1, 2]]).forEach(() => show(new Error("map forEach")));
new Set([1]).forEach(() => show(new Error("set forEach")));
new Promise(() => show(new Error("executor")));
"ab".replace("a", () => { show(new Error("replace")); return ""; });
Array.from([1], () => show(new Error("from")));
[1].filter(() => show(new Error("filter")));
[1].find(() => show(new Error("find")));
[1].some(() => show(new Error("some")));
[1].forEach(function named(x) { [2].forEach((y) => show(new Error("nested forEach"))); });
JSON.parse('{"a":1}', (k, v) => { if (k === "a") show(new Error("reviver")); return v; });

// Dates on a clock without a time zone (UTC): construction, arithmetic, ISO strings, JSON,
// inspect, and invalid dates.
const d = new Date(Date.UTC(2024, 1, 29, 12, 0, 0));
console.log(d, [d], { at: d }, d.toISOString(), JSON.stringify({ d }), d.getDay(), d.getMonth(), typeof (d - 0), d - new Date(0));
console.log(`${new Date(0)}`, String(new Date(86400000)), new Date('2024-03-01') - d, new Date('nope'), isNaN(new Date('x')));
console.log(new Date(2020, 0, 31).getDate(), new Date(0).getTimezoneOffset(), Date.UTC(2026, 0, 1));

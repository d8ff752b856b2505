// A 1,000,000-iteration arithmetic loop: the interpreter's raw speed on plain code.
let acc = 0;
for (let i = 0; i < 1000000; i++) {
  acc = (acc + i * i) % 1000003;
}
console.log("acc", acc);

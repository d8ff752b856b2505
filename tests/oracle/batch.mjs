// The command line the models' oracle scripts share: one run from the arguments, or with
// `--batch` a JSON array of runs on stdin, each announced by a `run N` line. The log is written
// at the end, in one piece.
import { readFileSync } from "node:fs";

export async function main(run, fromArguments) {
  const lines = [];
  const print = (line) => lines.push(line);
  if (process.argv[2] !== "--batch") {
    await run(fromArguments(process.argv.slice(2)), print);
  } else {
    const runs = JSON.parse(readFileSync(0, "utf8"));
    for (const [n, r] of runs.entries()) {
      print(`run ${n}`);
      await run(r, print);
    }
  }
  process.stdout.write(lines.map((line) => `${line}\n`).join(""));
}

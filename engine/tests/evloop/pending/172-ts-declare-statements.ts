// oracle: virtual
// `declare` statements (ambient variables, functions, classes) emit nothing, so using a
// declared name that does not exist still fails at run time.
declare const BUILD_ID: string;
declare function track(event: string): void;
declare class ExternalWidget {
  render(): void;
}
declare global {
  interface Window {
    custom: string;
  }
}
const mode = typeof BUILD_ID === 'undefined' ? 'no build id' : BUILD_ID;
console.log(mode, typeof track, typeof ExternalWidget);
try {
  track('start');
} catch (e) {
  console.log((e as Error).name, (e as Error).message);
}
let counter!: number;
counter = 1;
const total: number = counter + 1;
console.log(total);
export {};

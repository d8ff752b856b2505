// `as`, the non-null `!` and `satisfies` change nothing at run time.
const config = { retries: 3, backoff: 10 } satisfies { retries: number; backoff: number };
const raw: unknown = '42';
const text = raw as string;
const maybe: number[] | undefined = [1, 2, 3];
const count = maybe!.length;
const exact = ['a', 'b'] as const;
console.log(text + '!', count, config.retries * config.backoff, exact[1]);
const nested = ((raw as unknown) as string).length;
console.log(nested);

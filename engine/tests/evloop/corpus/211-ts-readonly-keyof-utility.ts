// oracle: virtual
// keyof, typeof in type positions, indexed access, mapped and utility types, readonly arrays
// and tuples: all erased, so only the plain data and logic remain.
const defaults = { retries: 3, timeout: 1000, verbose: false };
type Config = typeof defaults;
type Key = keyof Config;
type Partial2<T> = { [K in keyof T]?: T[K] };
type Timeout = Config['timeout'];
function configure(overrides: Partial2<Config>): Readonly<Config> {
  return Object.freeze({ ...defaults, ...overrides });
}
const cfg = configure({ timeout: 50 });
const keys = Object.keys(cfg) as Key[];
const t: Timeout = cfg.timeout;
const names: readonly string[] = ['a', 'b'];
const tuple: readonly [number, string] = [1, 'one'];
const record: Record<Key, string> = { retries: 'n', timeout: 'ms', verbose: 'flag' };
const picked: Pick<Config, 'retries'> = { retries: 1 };
const omitted: Omit<Config, 'verbose'> = { retries: 2, timeout: 3 };
console.log(cfg, keys, t, names, tuple, record, picked, omitted);
const lookup = <T, K extends keyof T>(obj: T, key: K): T[K] => obj[key];
console.log(lookup(cfg, 'retries'), lookup(record, 'verbose'));

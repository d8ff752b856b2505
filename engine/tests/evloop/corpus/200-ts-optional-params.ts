// oracle: virtual
// Optional parameters (x?: T) are just undefined when omitted; optional properties in types
// and interfaces leave no trace at run time.
interface RequestOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  retries?: number;
}
function request(url: string, options?: RequestOptions, verbose?: boolean): string {
  const method = options?.method ?? 'GET';
  const retries = options?.retries ?? 0;
  const headerCount = Object.keys(options?.headers ?? {}).length;
  return `${method} ${url} retries=${retries} headers=${headerCount}${verbose ? ' (verbose)' : ''}`;
}
console.log(request('/users'));
console.log(request('/users', { method: 'POST', headers: { 'x-id': '1' } }));
console.log(request('/users', undefined, true));
class Logger {
  constructor(private prefix?: string) {}
  log(message: string, level?: string): void {
    console.log([this.prefix, level?.toUpperCase(), message].filter(Boolean).join(' '));
  }
}
new Logger().log('no prefix');
new Logger('[app]').log('with prefix', 'warn');
const optionalArrow = (a: number, b?: number): number => a + (b ?? 10);
console.log(optionalArrow(1), optionalArrow(1, 2), request.length, optionalArrow.length);

import { describe, expect, it } from 'vitest';
import { ServerList } from './server-list.ts';

describe('ServerList', () => {
  it('starts on the first address and moves on, round the list, only when the current one fails', () => {
    const list = new ServerList(['http://a/', 'http://b', 'http://c']);
    expect(list.current()).toBe('http://a');
    list.failed('http://b'); // an older call's failure on an address no longer in use: no move
    expect(list.current()).toBe('http://a');
    list.failed('http://a/');
    expect(list.current()).toBe('http://b');
    list.failed('http://b');
    list.failed('http://c');
    expect(list.current()).toBe('http://a');
  });

  it('refuses an empty list', () => {
    expect(() => new ServerList([])).toThrow();
  });
});

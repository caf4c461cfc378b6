import { describe, expect, it } from 'vitest';
import { isAllowedSender } from '../../../main/ipc/sender-policy';

describe('isAllowedSender', () => {
  it('accepts our renderer on app://rafael, whatever the page', () => {
    expect(isAllowedSender('app://rafael/index.html')).toBe(true);
    expect(isAllowedSender('app://rafael/index.html#/candidatures')).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['missing', undefined],
    ['file URL', 'file:///tmp/evil.html'],
    ['another app:// host', 'app://evil/index.html'],
    ['a web page', 'https://cap-metiers.pro/'],
    ['look-alike host', 'app://rafael.evil/index.html'],
    ['dev server outside dev mode', 'http://localhost:5173/'],
    ['garbage', 'not a url'],
  ])('refuses %s', (_label, url) => {
    expect(isAllowedSender(url)).toBe(false);
  });

  it('accepts the dev server origin only in dev mode', () => {
    expect(isAllowedSender('http://localhost:5173/src/main.tsx', { isDev: true, devServerUrl: 'http://localhost:5173' })).toBe(true);
    expect(isAllowedSender('http://localhost:5173/', { isDev: false, devServerUrl: 'http://localhost:5173' })).toBe(false);
    expect(isAllowedSender('http://localhost:5174/', { isDev: true, devServerUrl: 'http://localhost:5173' })).toBe(false);
  });
});

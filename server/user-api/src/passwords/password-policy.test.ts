import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORD_COUNT, passwordProblem } from './password-policy.js';

describe('the password policy', () => {
  it('refuses fewer than 8 characters, counting an emoji as one', () => {
    expect(passwordProblem('seven77')).toMatch(/fewer than 8/);
    expect(passwordProblem('🦄🦄🦄🦄🦄🦄🦄')).toMatch(/fewer than 8/);
    expect(passwordProblem('🦄🦄🦄🦄🦄🦄🦄🦄')).toBeUndefined();
  });

  it('allows at least 64 characters and refuses more than 1024', () => {
    expect(passwordProblem('a long passphrase '.repeat(4))).toBeUndefined();
    expect(passwordProblem('q'.repeat(1024))).toBeUndefined();
    expect(passwordProblem('q'.repeat(1025))).toMatch(/more than 1024/);
  });

  it('refuses the most common passwords in any case', () => {
    for (const password of ['password', '12345678', 'qwertyuiop', 'Baseball', 'SUNSHINE', 'iloveyou']) {
      expect(passwordProblem(password), password).toBe('is one of the most common passwords');
    }
  });

  it('asks nothing of composition: plain lowercase words and spaces pass', () => {
    expect(passwordProblem('correct horse battery staple')).toBeUndefined();
    expect(passwordProblem('zyxwvutsrqponm')).toBeUndefined();
  });

  it('checks a list of ten thousand passwords', () => {
    expect(COMMON_PASSWORD_COUNT).toBe(10_000);
  });
});

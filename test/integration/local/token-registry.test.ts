// The task-token registry on its own: what it releases, and that it keeps nothing once work ends.
import { describe, expect, it } from 'vitest';
import { AwsJsonError } from '#infra/local/aws-json.ts';
import { TaskReleasedError } from '#infra/local/step-functions/task-errors.ts';
import { createTokenRegistry } from '#infra/local/step-functions/token-registry.ts';

const EXECUTION = 'arn:aws:states:us-east-1:000000000000:execution:m:e1';
const spec = (scopes: string[] = []) => ({ stateName: 'Wait', scopes, timeoutSeconds: 30 });

const codeOf = (action: () => void): string | undefined => {
  try {
    action();
    return undefined;
  } catch (error) {
    return error instanceof AwsJsonError ? error.code : 'other';
  }
};

describe('token registry', () => {
  it('completes a claimed token once, then answers TaskTimedOut; a forged token is InvalidToken', async () => {
    const registry = createTokenRegistry({ isKnownExecution: (arn) => arn === EXECUTION });
    const token = registry.mint(EXECUTION);
    const wait = registry.claim(EXECUTION, { payload: { taskToken: token } }, spec());
    registry.succeed(token, { ok: 1 });
    await expect(wait?.promise).resolves.toEqual({ ok: 1 });
    expect(registry.size).toBe(0);
    expect(codeOf(() => registry.succeed(token, {}))).toBe('TaskTimedOut');
    expect(codeOf(() => registry.succeed('forged', {}))).toBe('InvalidToken');
  });

  it('keeps a callback that came before the claim and settles the task with it', async () => {
    const registry = createTokenRegistry({ isKnownExecution: () => true });
    const token = registry.mint(EXECUTION);
    registry.fail(token, 'Refused', 'no');
    const wait = registry.claim(EXECUTION, [token], spec());
    await expect(wait?.promise).rejects.toMatchObject({ name: 'Refused', message: 'no' });
    expect(registry.size).toBe(0);
  });

  it('releases only the waits inside a failed scope, and everything when the execution ends', async () => {
    const registry = createTokenRegistry({ isKnownExecution: () => true });
    const inMap = registry.mint(EXECUTION);
    const outside = registry.mint(EXECUTION);
    registry.mint(EXECUTION); // read but never passed to a task
    const mapWait = registry.claim(EXECUTION, { t: inMap }, spec(['Each']));
    const otherWait = registry.claim(EXECUTION, { t: outside }, spec());
    registry.releaseScope(EXECUTION, 'Each');
    const released = await mapWait?.promise.catch((error: unknown) => error);
    expect(released).toBeInstanceOf(TaskReleasedError);
    expect(released).toMatchObject({ isCatchable: false, isRetryable: false });
    expect(registry.size).toBe(2);

    registry.releaseExecution(EXECUTION);
    await expect(otherWait?.promise).rejects.toBeInstanceOf(TaskReleasedError);
    expect(registry.size).toBe(0);
  });

  it('does not claim tokens of another execution', () => {
    const registry = createTokenRegistry({ isKnownExecution: () => true });
    const foreign = registry.mint(`${EXECUTION}-other`);
    expect(registry.claim(EXECUTION, { t: foreign }, spec())).toBeUndefined();
    registry.releaseExecution(`${EXECUTION}-other`);
    expect(registry.size).toBe(0);
  });
});

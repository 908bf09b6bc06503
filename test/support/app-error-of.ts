import { AppError } from '../../src/common/app-error';

/** The AppError `fn` throws; anything else it throws, or nothing, fails the test. */
export function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

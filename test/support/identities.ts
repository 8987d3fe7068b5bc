// Test identities that pass GB 11643's check digit, distinct per test so cases never mix.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

let counter = 0;

/**
 * A resident id of 110101 (Beijing Dongcheng), unique across the test run: the birth date comes from
 * the process id (each test worker its own day, 1960 onwards) and the sequence number counts up
 * within the process, so no two concurrent workers hand out the same id (the shared stack's cases
 * are told apart by identity).
 */
export const aResidentId = (): string => {
  counter = (counter + 1) % 1000;
  const born = new Date(Date.UTC(1960, 0, 1) + (process.pid % 15_000) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const body = `110101${born}${String(counter).padStart(3, '0')}`;
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * (WEIGHTS[i] as number), 0);
  return `${body}${CHECK[sum % 11]}`;
};

export const anApplicant = () => {
  const residentId = aResidentId();
  return { name: '张三', resident_id: residentId, sub: `test-${residentId}-${Math.random().toString(36).slice(2, 8)}` };
};

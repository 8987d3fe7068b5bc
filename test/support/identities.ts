// Test identities that pass GB 11643's check digit, distinct per test so cases never mix.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

let counter = 0;

/** A resident id born 1990-03-07 in 110101 (Beijing Dongcheng), with a unique sequence number. */
export const aResidentId = (): string => {
  counter = (counter + 1) % 1000;
  const seq = String((process.pid * 7 + counter) % 1000).padStart(3, '0');
  const body = `11010119900307${seq}`;
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * (WEIGHTS[i] as number), 0);
  return `${body}${CHECK[sum % 11]}`;
};

export const anApplicant = () => {
  const residentId = aResidentId();
  return { name: '张三', resident_id: residentId, sub: `test-${residentId}-${Math.random().toString(36).slice(2, 8)}` };
};

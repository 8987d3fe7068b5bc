// The province's courier: the EMS client on the contract's endpoint and credentials.
import { clock } from '../clock.ts';
import { courierContract } from './credentials.ts';
import type { Courier } from './courier.ts';
import { emsClient } from './ems-client.ts';

export const contractCourier = async (): Promise<Courier> => {
  const contract = await courierContract();
  return emsClient({ endpoint: contract.endpoint, credentials: contract, now: () => clock.now() });
};

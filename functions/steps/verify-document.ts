// PLACEHOLDER: being written in this session; replaced before commit of the skeleton.
export const handler = async (_event: unknown): Promise<unknown> => {
  throw new Error('not implemented yet');
};

// The case workflow (Step Functions): start one execution per case and answer task tokens.
import { ExecutionAlreadyExists, SFNClient, SendTaskFailureCommand, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { requireStateMachineArn } from './config.ts';
import { traced } from './tracer.ts';

const client = traced(new SFNClient({}));

export interface CaseExecutionInput {
  readonly caseNo: string;
  readonly resumeAt?: 'approval' | 'issuance';
}

/**
 * Starts the case's execution, named by the case number so a retried submit can never start two.
 * An execution of that name that already exists (even finished) counts as started.
 */
export const startCaseExecution = async (input: CaseExecutionInput): Promise<void> => {
  try {
    await client.send(
      new StartExecutionCommand({ stateMachineArn: requireStateMachineArn(), name: input.caseNo, input: JSON.stringify(input) }),
    );
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
  }
};

export const completeTask = async (taskToken: string, output: unknown): Promise<void> => {
  await client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
};

/** Fails the waiting task with a named error the ASL catches (e.g. DepartmentRefused). */
export const failTask = async (taskToken: string, error: string, cause: unknown): Promise<void> => {
  await client.send(new SendTaskFailureCommand({ taskToken, error, cause: JSON.stringify(cause) }));
};

// The state machines the server runs, checked and prepared once at start: a definition the
// interpreter cannot run faithfully stops the server with a message naming the machine and state.
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { partitionOf, stateMachineArnOf } from './arns.ts';
import { analyseDefinition, type AvailableServices, type TaskPlan } from './definition.ts';
import { isJsonObject, type JsonObject } from './json.ts';
import { toLibraryDefinition } from './library-definition.ts';
import { RESOURCE_NAME } from './names.ts';

export interface PreparedMachine {
  readonly name: string;
  readonly arn: string;
  readonly roleArn: string;
  /** The definition as given (DescribeStateMachine returns it). */
  readonly definition: JsonObject;
  readonly interpreter: StateMachine;
  readonly tasks: ReadonlyMap<string, TaskPlan>;
  /** Epoch milliseconds. */
  readonly creationDate: number;
}

export interface MachineSettings {
  readonly region: string;
  readonly accountId: string;
  readonly services: AvailableServices;
  readonly retryIntervalScale: number;
}

const prepare = (name: string, definition: unknown, settings: MachineSettings): PreparedMachine => {
  if (!RESOURCE_NAME.test(name)) throw new Error(`invalid state machine name ${JSON.stringify(name)}`);
  try {
    if (!isJsonObject(definition)) throw new Error('the definition is not a JSON object');
    const tasks = analyseDefinition(definition, settings.services);
    // Validates the definition as written (asl-validator, paths and ARNs); the rewritten one is not.
    new StateMachine(definition as unknown as StateMachineDefinition);
    const rewritten = toLibraryDefinition(definition, { retryIntervalScale: settings.retryIntervalScale });
    const interpreter = new StateMachine(rewritten as unknown as StateMachineDefinition, { validationOptions: { noValidate: true } });
    return {
      name,
      arn: stateMachineArnOf(settings, name),
      roleArn: `arn:${partitionOf(settings.region)}:iam::${settings.accountId}:role/local-step-functions`,
      definition,
      interpreter,
      tasks,
      creationDate: Date.now(),
    };
  } catch (error) {
    throw new Error(`state machine ${name}: ${(error as Error).message}`, { cause: error });
  }
};

/** Prepared machines by ARN. */
export const prepareMachines = (
  machines: ReadonlyArray<{ readonly name: string; readonly definition: unknown }>,
  settings: MachineSettings,
): ReadonlyMap<string, PreparedMachine> => {
  const prepared = new Map<string, PreparedMachine>();
  for (const { name, definition } of machines) {
    const machine = prepare(name, definition, settings);
    if (prepared.has(machine.arn)) throw new Error(`state machine ${name} is given twice`);
    prepared.set(machine.arn, machine);
  }
  return prepared;
};

// The case workflow: a Standard state machine running statemachines/case.asl.json, the same file
// the local stack's Step Functions endpoint runs. `${...}` placeholders in the file name the
// functions it invokes (arnSubstitution in infra/functions.ts); this construct supplies them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Aws, Stack, Token, Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  DefinitionBody,
  LogLevel,
  StateMachine,
  StateMachineType,
  type IStateMachine,
} from 'aws-cdk-lib/aws-stepfunctions';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { arnSubstitution, functionSpecs, type FunctionName } from '../functions.ts';

/** The definition the platform ships. */
export const caseDefinitionFile = fileURLToPath(new URL('../../statemachines/case.asl.json', import.meta.url));

/**
 * Placeholders that name no function. `${Partition}` lets a definition write service integration
 * ARNs that work in aws-cn (arn:${Partition}:states:::lambda:invoke).
 */
const platformSubstitutions: Readonly<Record<string, string>> = { Partition: Aws.PARTITION };

const functionBySubstitution = new Map(
  (Object.keys(functionSpecs) as FunctionName[]).map((name) => [arnSubstitution(name), name] as const),
);

/** The `${Name}` placeholders of an ASL text, in order of first use. */
export const placeholdersOf = (definition: string): string[] => [
  ...new Set([...definition.matchAll(/\$\{([^}]*)\}/g)].map((match) => match[1] ?? '')),
];

/** The functions a definition invokes; an unknown placeholder is a synth error naming it. */
export const invokedFunctions = (definition: string, file: string): FunctionName[] =>
  placeholdersOf(definition)
    .filter((placeholder) => !Object.hasOwn(platformSubstitutions, placeholder))
    .map((placeholder) => {
      const name = functionBySubstitution.get(placeholder);
      if (name === undefined) {
        throw new Error(
          `${file} uses \${${placeholder}}, which names no function in infra/functions.ts ` +
            `(known: ${[...functionBySubstitution.keys(), ...Object.keys(platformSubstitutions)].join(', ')})`,
        );
      }
      return name;
    });

export interface WorkflowProps {
  /** The province's handlers by name; every function the definition names must be here. */
  readonly functions: Readonly<Record<FunctionName, IFunction>>;
  /** Physical state machine name; fixed so callers can be given its ARN without a reference. */
  readonly stateMachineName: string;
  /**
   * The ASL file to run.
   * @default statemachines/case.asl.json
   */
  readonly definitionFile?: string;
  /**
   * 《网络安全法》第二十一条: network logs are kept for no less than six months.
   * @default RetentionDays.SIX_MONTHS
   */
  readonly logRetention?: RetentionDays;
}

export class Workflow extends Construct {
  readonly stateMachine: StateMachine;
  /** The functions the definition invokes (and may invoke: nothing else). */
  readonly invokes: readonly FunctionName[];
  private readonly byName: IStateMachine;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    const file = props.definitionFile ?? caseDefinitionFile;
    const definition = readFileSync(file, 'utf8');
    JSON.parse(definition); // a malformed file fails here, with the parser's position, not at deploy
    this.invokes = invokedFunctions(definition, file);
    assertPartitionAgnostic(definition, file, Stack.of(this).region);

    const substitutions: Record<string, string> = {};
    for (const placeholder of placeholdersOf(definition)) {
      if (Object.hasOwn(platformSubstitutions, placeholder)) substitutions[placeholder] = platformSubstitutions[placeholder] as string;
    }
    for (const name of this.invokes) substitutions[arnSubstitution(name)] = props.functions[name].functionArn;

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      // Inline (not DefinitionBody.fromFile, which uploads an S3 asset): `cdk diff` then shows a
      // changed state, and the template alone says what runs.
      definitionBody: DefinitionBody.fromString(definition),
      definitionSubstitutions: substitutions,
      logs: {
        destination: new LogGroup(this, 'Logs', { retention: props.logRetention ?? RetentionDays.SIX_MONTHS }),
        level: LogLevel.ALL,
        // Inputs and outputs carry applicants' identity data; the audit trail lives in DynamoDB.
        includeExecutionData: false,
      },
      tracingEnabled: true,
    });

    // The unqualified ARN is what the definition names: no `:*` version/alias wildcard needed.
    for (const name of this.invokes) props.functions[name].grantInvokeLatestVersion(this.stateMachine);

    // A reference by name, without a token: a function the state machine invokes cannot also
    // hold a token of the state machine (each would depend on the other).
    this.byName = StateMachine.fromStateMachineName(this, 'ByName', props.stateMachineName);

    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Execution logging (logs:CreateLogDelivery, logs:PutResourcePolicy, ...) and X-Ray (xray:PutTraceSegments, ...) support no resource-level permissions.',
    });
  }

  /** The state machine as a function should hold it: a token, or a by-name ARN if that would cycle. */
  referenceFor(name: FunctionName): IStateMachine {
    return this.invokes.includes(name) ? this.byName : this.stateMachine;
  }
}

// `arn:aws:states:::lambda:invoke` fails at execution time in aws-cn ("The resource belongs to a
// different partition from the running execution", aws/aws-cdk#4597): refuse to synth it there.
const assertPartitionAgnostic = (definition: string, file: string, region: string): void => {
  const partition = Token.isUnresolved(region) ? undefined : RegionInfo.get(region).partition;
  if (partition === undefined || partition === 'aws') return;
  if (definition.includes('"arn:aws:')) {
    throw new Error(`${file} hard-codes "arn:aws:" ARNs, which do not work in partition ${partition}; write arn:\${Partition}:... instead`);
  }
};

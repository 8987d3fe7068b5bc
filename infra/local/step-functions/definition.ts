// Checks a definition for what the local interpreter can run faithfully, and plans each Task state:
// which integration its Resource means and which Map/Parallel states enclose it. Everything that
// would only fail mid-execution (an unsupported Resource, JSONata, duplicate names) fails here, at
// server start, naming the state.
import { isJsonObject, type JsonObject } from './json.ts';
import { walkStates } from './walk-states.ts';

export type DynamoDbOperation = 'getItem' | 'putItem' | 'updateItem' | 'deleteItem';

export type Integration =
  | { readonly kind: 'lambda:invoke' }
  | { readonly kind: 'lambda:invoke.waitForTaskToken' }
  | { readonly kind: 'lambda:function' }
  | { readonly kind: 'dynamodb'; readonly operation: DynamoDbOperation }
  | { readonly kind: 'events:putEvents' };

export interface TaskPlan {
  readonly stateName: string;
  readonly resource: string;
  readonly integration: Integration;
  /** Enclosing Map and Parallel state names, outermost first. */
  readonly scopes: readonly string[];
  /** ErrorEquals names of this task's own Retry and Catch. */
  readonly handles: readonly string[];
  /** ErrorEquals names of each enclosing scope's Retry and Catch, aligned with `scopes`. */
  readonly scopeHandles: ReadonlyArray<readonly string[]>;
}

/** Every ErrorEquals name of a state's Retry and Catch rules. */
const handledErrors = (state: JsonObject): string[] =>
  [state.Retry, state.Catch].flatMap((rules) =>
    Array.isArray(rules)
      ? rules.flatMap((rule) => (isJsonObject(rule) && Array.isArray(rule.ErrorEquals) ? rule.ErrorEquals.filter((e): e is string => typeof e === 'string') : []))
      : [],
  );

/** Whether a Retry/Catch list names this error (States.TaskFailed matches all but a timeout). */
export const handlesError = (names: readonly string[], error: string): boolean =>
  names.includes(error) || names.includes('States.ALL') || (names.includes('States.TaskFailed') && error !== 'States.Timeout');

export interface AvailableServices {
  readonly dynamodb: boolean;
  readonly putEvents: boolean;
}

const SERVICE = /^arn:aws[\w-]*:states:::(.+)$/;
const LAMBDA_FUNCTION = /^arn:aws[\w-]*:lambda:[\w-]+:\d{12}:function:[\w-]+(:[\w$-]+)?$/;
const DYNAMODB = /^dynamodb:(getItem|putItem|updateItem|deleteItem)$/;
const TASK_TOKEN = '$$.Task.Token';

// Fields the interpreter silently ignores (variables, Distributed Map, JSONata-only fields):
// running a definition that relies on them would quietly do something else than AWS.
const IGNORED_FIELDS = [
  'Assign',
  'Arguments',
  'Output',
  'Items',
  'Credentials',
  'ItemReader',
  'ItemBatcher',
  'ResultWriter',
  'ToleratedFailurePercentage',
  'ToleratedFailurePercentagePath',
  'ToleratedFailureCount',
  'ToleratedFailureCountPath',
];

const ignoredFieldOf = (state: JsonObject): string | undefined => {
  const field = IGNORED_FIELDS.find((name) => state[name] !== undefined);
  if (field) return field;
  const rules = [state.Catch, state.Choices].flatMap((list) => (Array.isArray(list) ? list.filter(isJsonObject) : []));
  if (rules.some((rule) => rule.Assign !== undefined || rule.Condition !== undefined)) return 'Assign/Condition in a Catch or Choice rule';
  const processor = state.ItemProcessor;
  if (isJsonObject(processor) && isJsonObject(processor.ProcessorConfig) && processor.ProcessorConfig.Mode === 'DISTRIBUTED') {
    return 'ProcessorConfig.Mode DISTRIBUTED';
  }
  return undefined;
};

const integrationOf = (resource: string): Integration | undefined => {
  if (LAMBDA_FUNCTION.test(resource)) return { kind: 'lambda:function' };
  const service = SERVICE.exec(resource)?.[1];
  if (service === 'lambda:invoke') return { kind: 'lambda:invoke' };
  if (service === 'lambda:invoke.waitForTaskToken') return { kind: 'lambda:invoke.waitForTaskToken' };
  if (service === 'events:putEvents') return { kind: 'events:putEvents' };
  const operation = service === undefined ? undefined : DYNAMODB.exec(service)?.[1];
  return operation ? { kind: 'dynamodb', operation: operation as DynamoDbOperation } : undefined;
};

const checkTask = (name: string, state: JsonObject, resource: string, integration: Integration, services: AvailableServices): void => {
  const parameters = state.Parameters;
  if (integration.kind === 'lambda:invoke' || integration.kind === 'lambda:invoke.waitForTaskToken') {
    if (!isJsonObject(parameters) || (parameters.FunctionName === undefined && parameters['FunctionName.$'] === undefined)) {
      throw new Error(`Task state ${name}: Parameters.FunctionName is required for ${resource}`);
    }
  }
  if (integration.kind === 'lambda:invoke.waitForTaskToken' && !JSON.stringify(parameters).includes(TASK_TOKEN)) {
    throw new Error(`Task state ${name}: a .waitForTaskToken task must pass ${TASK_TOKEN} in its Parameters`);
  }
  if (integration.kind === 'dynamodb' && !services.dynamodb) {
    throw new Error(`Task state ${name} uses ${resource} but no dynamodb client was given`);
  }
  if (integration.kind === 'events:putEvents' && !services.putEvents) {
    throw new Error(`Task state ${name} uses ${resource} but no putEvents function was given`);
  }
  if (state.TimeoutSeconds !== undefined && state.TimeoutSecondsPath !== undefined) {
    throw new Error(`Task state ${name}: TimeoutSeconds and TimeoutSecondsPath are mutually exclusive`);
  }
  if (state.HeartbeatSeconds !== undefined && state.HeartbeatSecondsPath !== undefined) {
    throw new Error(`Task state ${name}: HeartbeatSeconds and HeartbeatSecondsPath are mutually exclusive`);
  }
  if (typeof state.HeartbeatSeconds === 'number' && typeof state.TimeoutSeconds === 'number' && state.HeartbeatSeconds >= state.TimeoutSeconds) {
    throw new Error(`Task state ${name}: HeartbeatSeconds must be smaller than TimeoutSeconds`);
  }
};

/** Plans every Task state; throws a message naming the state for anything it cannot run. */
export const analyseDefinition = (definition: JsonObject, services: AvailableServices): ReadonlyMap<string, TaskPlan> => {
  if (definition.QueryLanguage === 'JSONata') {
    throw new Error('QueryLanguage JSONata is not supported by the local interpreter (it would silently ignore every expression); use JSONPath');
  }
  const seen = new Set<string>();
  const tasks = new Map<string, TaskPlan>();
  // Scopes are visited before the states inside them, so their handlers are known by then.
  const handlersOf = new Map<string, string[]>();
  walkStates(definition, (name, state, scopes) => {
    handlersOf.set(name, handledErrors(state));
    // The interpreter keys its per-state overrides by name, so a name must mean one state.
    if (seen.has(name)) throw new Error(`state name ${name} is used more than once; state names must be unique across all branches`);
    seen.add(name);
    if (state.QueryLanguage === 'JSONata') {
      throw new Error(`state ${name}: QueryLanguage JSONata is not supported by the local interpreter; use JSONPath`);
    }
    const ignored = ignoredFieldOf(state);
    if (ignored) throw new Error(`state ${name}: ${ignored} is not supported by the local interpreter (it would be silently ignored)`);
    if (state.Type !== 'Task') return;
    const resource = state.Resource;
    const integration = typeof resource === 'string' ? integrationOf(resource) : undefined;
    if (typeof resource !== 'string' || integration === undefined) {
      throw new Error(
        `Task state ${name}: Resource ${JSON.stringify(resource)} is not supported locally ` +
          '(supported: lambda:invoke, lambda:invoke.waitForTaskToken, a Lambda function ARN, dynamodb:getItem|putItem|updateItem|deleteItem, events:putEvents)',
      );
    }
    checkTask(name, state, resource, integration, services);
    tasks.set(name, { stateName: name, resource, integration, scopes, handles: handledErrors(state), scopeHandles: scopes.map((scope) => handlersOf.get(scope) ?? []) });
  });
  return tasks;
};

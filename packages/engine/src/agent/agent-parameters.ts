import { EngineError } from '../errors';
import { type ModelConfig, modelConfigSchema } from '../nodes/model';

/** Generation parameters an Agent accepts, as named on the Model node. */
export const ACCEPTED_PARAMETERS = [
  'temperature',
  'topP',
  'maxOutputTokens',
  'stop',
  'presencePenalty',
  'frequencyPenalty',
  'seed',
] as const;

/** One accepted parameter name. */
export type AgentParameterName = (typeof ACCEPTED_PARAMETERS)[number];
/** Values of the accepted parameters. */
export type AgentParameters = Pick<ModelConfig, AgentParameterName>;

// Settings of model training, not of using a model: people coming from ML tooling try these first.
const TRAINING_PARAMETERS = new Set([
  'batchsize',
  'learningrate',
  'lr',
  'epochs',
  'nepochs',
  'numepochs',
  'trainingsteps',
  'warmupsteps',
  'weightdecay',
  'gradientaccumulationsteps',
  'dropout',
  'momentum',
  'optimizer',
]);

const ALIASES: Record<string, AgentParameterName> = {
  maxtokens: 'maxOutputTokens',
  stopsequences: 'stop',
};

/** Why a parameter was refused. */
export type AgentParameterProblem = 'unknown_parameter' | 'training_parameter' | 'invalid_value';

/** setParameter refused a name or value; the message lists what is accepted. */
export class AgentParameterError extends EngineError {
  readonly problem: AgentParameterProblem;
  readonly parameter: string;
  constructor(problem: AgentParameterProblem, parameter: string, message: string) {
    super('invalid_parameter', message);
    this.name = 'AgentParameterError';
    this.problem = problem;
    this.parameter = parameter;
  }
}

const normalize = (name: string) => name.replace(/[-_\s]/g, '').toLowerCase();
const acceptedList = `Parameters you can set: ${ACCEPTED_PARAMETERS.join(', ')}.`;

/** Checks one parameter and returns its parsed value; throws AgentParameterError otherwise. */
export function checkParameter(name: string, value: unknown): { name: AgentParameterName; value: unknown } {
  const accepted = ACCEPTED_PARAMETERS.find((candidate) => candidate === name);
  if (!accepted) {
    const key = normalize(name);
    if (TRAINING_PARAMETERS.has(key)) {
      throw new AgentParameterError(
        'training_parameter',
        name,
        `"${name}" is a training parameter. Agentry agents use a ready-made model; they are not trained or fine-tuned. ` +
          `To make an agent know your own material, add a knowledge base (Knowledge nodes) and connect it. ${acceptedList}`,
      );
    }
    const suggestion = ALIASES[key] ?? ACCEPTED_PARAMETERS.find((candidate) => normalize(candidate) === key);
    const hint = suggestion ? ` Did you mean "${suggestion}"?` : '';
    throw new AgentParameterError(
      'unknown_parameter',
      name,
      `Unknown parameter "${name}".${hint} ${acceptedList}`,
    );
  }
  const parsed = modelConfigSchema.shape[accepted].safeParse(value);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((issue) => issue.message).join('; ');
    throw new AgentParameterError('invalid_value', name, `Invalid value for "${name}": ${reason}.`);
  }
  return { name: accepted, value: parsed.data };
}

import { CliError } from '../cli-error';
import type { GraphChange } from '@agentry/api';
import { type ConnectionOptions, resolveConnection } from './sync-client';
import { readFolder, readState } from './sync-files';
import { type AgentPlan, planChanges, planSync } from './sync-plan';

const GRAPH_CHANGE: Record<GraphChange['kind'], string> = {
  'node-added': '+ node',
  'node-removed': '- node',
  'node-changed': '~ node',
  'edge-added': '+ edge',
  'edge-removed': '- edge',
};

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? 'unset';
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** The lines that tell a person what pushing one agent would change. */
export function describePlan(plan: AgentPlan): string[] {
  const lines: string[] = [];
  const head = plan.action === 'create' ? 'create' : planChanges(plan) ? 'update' : 'unchanged';
  lines.push(`${plan.local.slug}: ${head}${plan.conflict ? ' (CONFLICT)' : ''}`);
  if (plan.conflict) lines.push(`  ! ${plan.conflict}`);
  for (const change of plan.graphChanges) {
    const where = change.nodeId ?? change.edgeId ?? '';
    lines.push(`  ${GRAPH_CHANGE[change.kind]} ${where} (${change.label})`);
    for (const setting of change.settings ?? [])
      lines.push(`      ${setting.key}: ${short(setting.before)} → ${short(setting.after)}`);
  }
  if (plan.graphChanged && plan.graphChanges.length === 0) lines.push('  ~ layout (node positions)');
  if (plan.embedChanges) lines.push(`  ~ embed settings: ${plan.embedChanges.join(', ')}`);
  const cases = plan.caseChanges;
  if (cases) {
    const parts = [
      cases.added.length && `added ${cases.added.join(', ')}`,
      cases.removed.length && `removed ${cases.removed.join(', ')}`,
      cases.changed.length && `changed ${cases.changed.join(', ')}`,
      cases.reordered && 'reordered',
    ].filter(Boolean);
    lines.push(`  ~ test cases: ${parts.join('; ')}`);
  }
  return lines;
}

/**
 * `agentry diff <dir>`: what `push` would change, per agent, and the conflicts it would refuse. Exits 0
 * when nothing would change, 1 when something would (or a file has problems).
 */
export async function diffCommand(
  dir: string | undefined,
  options: ConnectionOptions & { force?: boolean },
): Promise<number> {
  if (!dir) throw new CliError('Usage: agentry diff <dir> [--server URL] [--key KEY]');
  const connection = resolveConnection(options, readState(dir)?.server);
  const { agents, problems } = readFolder(dir);
  const plan = await planSync(connection, dir, agents, options.force === true);
  for (const entry of plan.agents) for (const line of describePlan(entry)) console.log(line);
  if (problems.length > 0) console.log(`Files push would refuse:\n${problems.join('\n')}`);
  const changing = plan.agents.filter((entry) => planChanges(entry) || entry.conflict);
  if (changing.length === 0 && problems.length === 0) {
    console.log(`Nothing to push: ${dir} matches ${connection.server}.`);
    return 0;
  }
  return 1;
}

import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { createApiKeyFor, createApiKeyInput, listApiKeys, revokeApiKey } from '../../services/api-keys';
import { testCredential, testCredentialInput } from '../../services/credential-test';
import {
  createCredential,
  createCredentialInput,
  deleteCredential,
  listCredentials,
  renameCredential,
  renameCredentialInput,
  setCredentialHosts,
  setCredentialHostsInput,
  setCredentialPrices,
  setCredentialPricesInput,
} from '../../services/credentials';
import { addMember, addMemberInput, listMembers, removeMember } from '../../services/members';
import { protectedProcedure, roleProcedure } from '../init';

const idInput = z.object({ id: z.string().min(1).max(100) });

/** Workspace members. */
export const membersRouter = {
  list: protectedProcedure.query(({ ctx }) => listMembers(ctx.runtime, ctx.actor)),
  add: roleProcedure('owner')
    .input(addMemberInput)
    .mutation(({ ctx, input }) => addMember(ctx.runtime, ctx.actor, input)),
  remove: roleProcedure('owner')
    .input(idInput)
    .mutation(({ ctx, input }) => removeMember(ctx.runtime, ctx.actor, input.id)),
} satisfies TRPCRouterRecord;

/** API keys for the HTTP API. */
export const apiKeysRouter = {
  list: protectedProcedure.query(({ ctx }) => listApiKeys(ctx.runtime, ctx.actor)),
  create: roleProcedure('editor')
    .input(createApiKeyInput)
    .mutation(({ ctx, input }) => createApiKeyFor(ctx.runtime, ctx.actor, input)),
  revoke: roleProcedure('editor')
    .input(idInput)
    .mutation(({ ctx, input }) => revokeApiKey(ctx.runtime, ctx.actor, input.id)),
} satisfies TRPCRouterRecord;

/** Provider credentials; secrets go in and never come out. */
export const credentialsRouter = {
  list: protectedProcedure.query(({ ctx }) => listCredentials(ctx.runtime, ctx.actor)),
  create: roleProcedure('editor')
    .input(createCredentialInput)
    .mutation(({ ctx, input }) => createCredential(ctx.runtime, ctx.actor, input)),
  delete: roleProcedure('editor')
    .input(idInput)
    .mutation(({ ctx, input }) => deleteCredential(ctx.runtime, ctx.actor, input.id)),
  rename: roleProcedure('editor')
    .input(renameCredentialInput)
    .mutation(({ ctx, input }) => renameCredential(ctx.runtime, ctx.actor, input)),
  /** Replaces the hosts the HTTP Request tool may send the key to. */
  setHosts: roleProcedure('editor')
    .input(setCredentialHostsInput)
    .mutation(({ ctx, input }) => setCredentialHosts(ctx.runtime, ctx.actor, input)),
  /** Replaces the prices (USD per million tokens) the credential sets for its models. */
  setPrices: roleProcedure('editor')
    .input(setCredentialPricesInput)
    .mutation(({ ctx, input }) => setCredentialPrices(ctx.runtime, ctx.actor, input)),
  /** A minimal real call with the stored key; answers ok or the provider's error in words. */
  test: roleProcedure('editor')
    .input(testCredentialInput)
    .mutation(({ ctx, input }) => testCredential(ctx.runtime, ctx.actor, input)),
} satisfies TRPCRouterRecord;

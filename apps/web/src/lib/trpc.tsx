'use client';

import type { AppRouter } from '@agentry/api/trpc';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpLink, splitLink, TRPCClientError } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { type ReactNode, useState } from 'react';
import superjson from 'superjson';
import { failureText, type IssueFacts, issueText } from '@/i18n/error-words';

// Mirrors packages/api/src/trpc/password-procedures.ts: importing a value from @agentry/api here would
// pull server code into the browser bundle.
const PASSWORD_PROCEDURES = ['auth.signIn', 'auth.signUpOwner'];

/** Typed tRPC hooks for client components. */
export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

/** What the API's error formatter adds to a failed call (packages/api/src/trpc/init.ts). */
interface ErrorData {
  httpStatus?: number;
  appCode?: string;
  fields?: Record<string, string>;
  issues?: IssueFacts[];
}

/**
 * The message to show for a failed call, in the page's language where the failure's kind is known (the
 * API's detail follows it); field errors are shown next to their fields.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const data = error.data as ErrorData | undefined;
    // No data: the request never got an answer from the API (offline, server down).
    const network = data === undefined && error.cause instanceof TypeError;
    return failureText({ ...data, message: error.message, network }) ?? error.message;
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}

/** Per-field messages from a 400 response, keyed by field name, in the page's language where known. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (error instanceof TRPCClientError) {
    const data = error.data as ErrorData | undefined;
    const fields = { ...data?.fields };
    for (const issue of data?.issues ?? []) {
      const text = issueText(issue);
      if (text && issue.path in fields) fields[issue.path] = text;
    }
    return fields;
  }
  return {};
}

/** Provides React Query and the tRPC client to the app. */
export function TrpcProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { staleTime: 5_000, retry: false, refetchOnWindowFocus: false } },
      }),
  );
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        splitLink({
          // The server refuses batches holding a password check, so each one is counted on its own.
          condition: (operation) => PASSWORD_PROCEDURES.includes(operation.path),
          true: httpLink({ url: '/api/trpc', transformer: superjson }),
          false: httpBatchLink({ url: '/api/trpc', transformer: superjson }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

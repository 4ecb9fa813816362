'use client';

import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc';

// Mirrors MCP_OAUTH_MESSAGE_TYPE in packages/api/src/http/mcp-oauth-callback.ts: importing it would pull
// server code into the browser bundle.
const MESSAGE_TYPE = 'agentry:mcp-oauth';

/** What the callback page posts when a sign-in ends. */
type SignInMessage =
  | { type: typeof MESSAGE_TYPE; ok: true; credentialId: string; serverUrl: string }
  | { type: typeof MESSAGE_TYPE; ok: false; error: string };

function isSignInMessage(data: unknown): data is SignInMessage {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === MESSAGE_TYPE;
}

/** A sign-in in progress or its failure, as the picker shows it. */
export interface McpSignIn {
  /** Opens the server's sign-in in a popup (call it from the click, so the browser allows the popup). */
  start(url: string): Promise<void>;
  /** Waiting for the person to finish signing in. */
  waiting: boolean;
  /** The sign-in page, when the browser blocked the popup: offered as a link. */
  blockedUrl?: string;
  error?: string;
}

/**
 * Signs in to an MCP server that asks for OAuth: `mcpOAuth.start` makes (or reuses) the workspace's sign-in
 * credential for the URL and gives the server's authorization page, opened in a popup; the callback page
 * tells this window (postMessage to our own origin, or a BroadcastChannel when the sign-in pages cut the
 * opener off) and `onSignedIn` gets the credential. The tokens stay on the server.
 */
export function useMcpSignIn(onSignedIn: (credentialId: string) => void): McpSignIn {
  const trpc = useTRPC();
  const start = useMutation(trpc.mcpOAuth.start.mutationOptions());
  const [waiting, setWaiting] = useState(false);
  const [blockedUrl, setBlockedUrl] = useState<string>();
  const [error, setError] = useState<string>();
  // The credential this window waits for: a message about another sign-in (another tab's) is not ours.
  const expected = useRef<string | undefined>(undefined);
  const signedIn = useRef(onSignedIn);
  signedIn.current = onSignedIn;

  useEffect(() => {
    if (!waiting) return;
    const finish = (message: SignInMessage) => {
      if (message.ok && message.credentialId !== expected.current) return;
      expected.current = undefined;
      setWaiting(false);
      setBlockedUrl(undefined);
      if (message.ok) signedIn.current(message.credentialId);
      else setError(message.error);
    };
    const onMessage = (event: MessageEvent) => {
      if (event.origin === window.location.origin && isSignInMessage(event.data)) finish(event.data);
    };
    window.addEventListener('message', onMessage);
    const channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel(MESSAGE_TYPE);
    channel?.addEventListener('message', (event) => {
      if (isSignInMessage(event.data)) finish(event.data);
    });
    return () => {
      window.removeEventListener('message', onMessage);
      channel?.close();
    };
  }, [waiting]);

  return {
    waiting,
    blockedUrl,
    error,
    async start(url) {
      setError(undefined);
      setBlockedUrl(undefined);
      // Opened now, inside the click, so it is not blocked; it is pointed at the sign-in page once known.
      const popup = window.open('', 'agentry-mcp-sign-in', 'popup,width=520,height=720');
      // The sign-in pages are another site's: they get no handle on this tab (they could navigate it to a
      // look-alike). The callback page reaches this tab through the BroadcastChannel instead.
      if (popup) popup.opener = null;
      try {
        const started = await start.mutateAsync({ url });
        expected.current = started.credentialId;
        setWaiting(true);
        if (popup && !popup.closed) popup.location.href = started.authorizationUrl;
        else setBlockedUrl(started.authorizationUrl);
      } catch (failure) {
        popup?.close();
        setError(errorMessage(failure));
      }
    },
  };
}

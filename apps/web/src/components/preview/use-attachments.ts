'use client';

import { useState, useSyncExternalStore } from 'react';
import { type Attachment, AttachmentTray } from './attachments';

/** The composer's files for one agent: the tray (to add, remove, send) and its current list. */
export function useAttachments(agentId: string): { tray: AttachmentTray; files: readonly Attachment[] } {
  const [tray] = useState(() => new AttachmentTray(`/api/v1/agents/${encodeURIComponent(agentId)}/files`));
  const files = useSyncExternalStore(tray.subscribe, tray.getState, tray.getState);
  return { tray, files };
}

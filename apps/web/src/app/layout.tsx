import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { TrpcProvider } from '@/lib/trpc';
import './globals.css';

export const metadata: Metadata = {
  title: 'Agentry',
  description: 'Draw an AI agent, test it live, publish it anywhere.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <TrpcProvider>{children}</TrpcProvider>
      </body>
    </html>
  );
}

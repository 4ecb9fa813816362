import type { Messages } from './messages';

// Message keys are checked when the app is type-checked: `t('builder.publish')` must exist in English.
declare module 'next-intl' {
  interface AppConfig {
    Messages: Messages;
  }
}

import type { WidgetConfig } from '../api';

/** The look a test widget gets from its config route: plain colours, no welcome, no voice. */
export const TEST_CONFIG: WidgetConfig = {
  title: 'Shop help',
  avatarUrl: '',
  primaryColor: '#112233',
  primaryTextColor: '#ffffff',
  backgroundColor: '#ffffff',
  textColor: '#000000',
  position: 'bottom-right',
  welcomeMessage: '',
  starterPrompts: [],
  placeholder: 'Ask…',
  voiceInput: false,
  readAloud: false,
};

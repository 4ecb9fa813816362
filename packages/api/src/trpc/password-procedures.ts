/**
 * Procedures that check a password. Each must be a request of its own (a batch holding one is refused),
 * so every check is counted and limited on its own, and their bodies get a small limit.
 */
export const PASSWORD_PROCEDURES: readonly string[] = ['auth.signIn', 'auth.signUpOwner'];

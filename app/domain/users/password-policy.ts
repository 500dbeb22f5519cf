export const MIN_PASSWORD_LENGTH = 10;
/** scrypt cost grows with input; a cap stops a huge "password" being used to tie up the server. */
export const MAX_PASSWORD_LENGTH = 200;

/** Problems with a new password, as sentences; empty when it is acceptable. */
export function passwordProblems(password: string, context: { username?: string } = {}): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    problems.push(`The password must be at least ${MIN_PASSWORD_LENGTH} characters long (it has ${length}).`);
  }
  if (length > MAX_PASSWORD_LENGTH) {
    problems.push(`The password must be at most ${MAX_PASSWORD_LENGTH} characters long.`);
  }
  if (password.trim() === "") problems.push("The password cannot be only spaces.");
  else if (context.username && password.trim().toLowerCase() === context.username.toLowerCase()) {
    problems.push("The password must not be the same as the username.");
  }
  return problems;
}

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,31}$/;

/** Usernames are compared lower case, so "Anna" and "anna" are one account. */
export function normaliseUsername(raw: string): string {
  return raw.trim().toLowerCase();
}

/** Why a (normalised) username cannot be used, or undefined when it can. */
export function usernameProblem(username: string): string | undefined {
  if (username === "") return "Enter a username.";
  if (!USERNAME_PATTERN.test(username)) {
    return "A username is 2 to 32 characters: lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit.";
  }
  return undefined;
}
